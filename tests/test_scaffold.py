"""`policypress new`, `new-version` and `init`: scaffolds that validate (and a site that builds)
at once, with what they hold derived from the schema."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from policypress import schemaorder
from policypress.cli import main
from policypress.scaffold import new_policy, next_version
from policypress.siteinit import skeleton_files
from policypress.yamlload import load_file, load_text

from .sites import build

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "site" / "policies"


def test_new_writes_every_field_the_schema_requires_each_explained_by_its_description() -> None:
    text = new_policy("acme-app", "zh-CN", org="Acme")
    data = load_text(text, "x.yaml").data
    assert set(schemaorder.required()) <= set(data)
    assert set(schemaorder.required(("controller",))) <= set(data["controller"])
    assert data["status"] == "draft" and data["language"] == data["controlling_language"] == "zh-CN"
    for key in schemaorder.required():
        description = schemaorder.child(schemaorder.root(), key)
        words = str((description or {}).get("description", "")).split()[:4]
        assert " ".join(words) in " ".join(line.lstrip("# ") for line in text.splitlines()), key
    # Every optional part is listed, in the schema's order, for the author to add.
    listed = [line.split(":")[0].strip("# ") for line in text.splitlines() if line.startswith("#   ")]
    optional = [k for k in schemaorder.keys(schemaorder.root()) if k not in data and k != "internal"]
    assert listed == optional


def test_new_gives_a_valid_draft_in_its_place_and_refuses_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "policies"
    assert main(["new", "acme-app", "--language", "en", "--org", "Acme", "--root", str(root)]) == 0
    path = root / "acme-app" / "1" / "en.yaml"
    assert main(["validate", "--root", str(root), str(root)]) == 0
    err = capsys.readouterr().err
    assert "0 error(s)" in err
    assert main(["new", "acme-app", "--language", "en", "--root", str(root)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["new", "Acme App", "--language", "en", "--root", str(root)]) == 2
    assert main(["new", "acme", "--language", "english", "--root", str(root)]) == 2
    assert path.is_file()


@pytest.mark.parametrize(("old", "new"), [("1", "2"), ("2.1", "2.2"), ("9", "10")])
def test_the_next_version_adds_one_to_the_last_number(old: str, new: str) -> None:
    assert next_version(old) == new


def test_new_version_supersedes_resets_and_asks_for_a_change_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "policies"
    shutil.copytree(FIXTURES / "zte", root / "zte")
    assert main(["new-version", str(root / "zte" / "1" / "en.yaml")]) == 0
    new = load_file(root / "zte" / "2" / "en.yaml").data
    old = load_file(root / "zte" / "1" / "en.yaml").data
    assert (new["version"], new["supersedes"], new["status"], new["effective"]) == ("2", "1", "draft", None)
    assert "published" not in new
    assert set(schemaorder.required(("changes",))) <= set(new["changes"])
    assert new["changes"]["summary"].startswith("TODO")
    assert new["sections"] == old["sections"] and new["controller"] == old["controller"]
    capsys.readouterr()
    # The chain checks pass: the new draft names the version it supersedes, in order.
    assert main(["validate", "--root", str(root), str(root / "zte" / "2" / "en.yaml")]) == 0
    assert main(["new-version", str(root / "zte" / "1" / "en.yaml")]) == 2  # 2 exists already


def test_the_skeleton_holds_a_site_a_policy_and_no_google_fonts() -> None:
    files = skeleton_files()
    assert {"mkdocs.yml", "docs/index.md", ".gitignore", "policies/example/1/en.yaml"} <= set(files)
    assert b"font: false" in files["mkdocs.yml"] and b"policypress" in files["mkdocs.yml"]


def test_init_makes_a_site_that_builds_strictly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    assert main(["init", str(site)]) == 0
    assert (site / "schema" / "policy.schema.json").is_file()
    assert main(["validate", "--strict", "--root", str(site / "policies"), str(site / "policies")]) == 0
    assert main(["fmt", "--check", str(site / "policies")]) == 0
    # A draft full of TODOs (warnings) does not hold up the strict build of what is published.
    assert main(["new", "acme-app", "--language", "en", "--root", str(site / "policies")]) == 0
    run = build(site, tmp_path / "out")
    assert run.returncode == 0, run.stderr
    assert "PP350" in run.stderr and "WARNING" not in run.stderr
    assert not (tmp_path / "out" / "policies" / "acme-app").exists()
    assert (tmp_path / "out" / "policies" / "example" / "en" / "index.html").is_file()
    assert main(["init", str(site)]) == 2  # not empty any more
    assert "not an empty folder" in capsys.readouterr().err
