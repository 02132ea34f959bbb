"""Files stay inside the site: a symbolic link from a folder the plugin reads (policies,
templates) to a file outside it is refused with a located error, never read or published."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from policypress.diagnostics import Code
from policypress.render.environment import TemplateOutsideFolderError, environment
from policypress.validate import validate_paths

from .sites import POLICY_EN, write_site

POLICY = "example/1/en.yaml"


def validate(folder: Path) -> list[tuple[str, int, str]]:
    result = validate_paths([folder], root=folder)
    return [(d.file, d.line, d.code.value) for d in result.diagnostics]


@pytest.fixture
def policies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "policies"
    (folder / "example/1").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere/en.yaml").write_text(POLICY_EN, encoding="utf-8")
    return folder


def test_a_policy_file_linked_to_a_file_outside_the_folder_is_refused(policies: Path) -> None:
    (policies / POLICY).symlink_to(policies.parent / "elsewhere/en.yaml")
    result = validate_paths([policies], root=policies)
    assert [(d.file, d.line, d.column, d.code) for d in result.diagnostics] == [
        (f"policies/{POLICY}", 1, 1, Code.OUTSIDE_FOLDER)
    ]
    assert result.documents == []  # not read
    assert "symbolic link to" in result.diagnostics[0].message
    assert str(policies.parent / "elsewhere/en.yaml") in result.diagnostics[0].message


def test_a_link_through_a_relative_path_is_resolved_too(policies: Path) -> None:
    (policies / POLICY).symlink_to(os.path.join("..", "..", "..", "elsewhere", "en.yaml"))
    assert validate(policies) == [(f"policies/{POLICY}", 1, "PP108")]


def test_a_link_to_a_file_inside_the_folder_is_read(policies: Path) -> None:
    """Allowed (documented): what it shows is in the folder anyway, e.g. a shared file kept in a
    dot-folder, which validation does not read on its own."""
    (policies / ".shared").mkdir()
    (policies / ".shared/en.yaml").write_text(POLICY_EN, encoding="utf-8")
    (policies / POLICY).symlink_to(policies / ".shared/en.yaml")
    assert validate(policies) == []


def test_a_policies_folder_that_is_itself_a_link_is_read(policies: Path) -> None:
    (policies / POLICY).write_text(POLICY_EN, encoding="utf-8")
    linked = policies.parent / "linked"
    linked.symlink_to(policies)
    assert validate(linked) == []


def test_a_file_named_on_the_command_line_is_not_a_link_out_of_the_folder(policies: Path) -> None:
    result = validate_paths([policies.parent / "elsewhere/en.yaml"], root=policies)
    assert [d.code for d in result.diagnostics if d.code is Code.OUTSIDE_FOLDER] == []


def test_a_template_linked_outside_the_templates_folder_is_never_read(tmp_path: Path) -> None:
    folder = tmp_path / "overrides"
    (folder / "parts").mkdir(parents=True)
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    (folder / "parts/purposes.md.j2").symlink_to(secret)
    with pytest.raises(TemplateOutsideFolderError, match="outside the templates folder"):
        environment(folder).get_template("parts/purposes.md.j2")


def _build_stops(source: Path, site: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Build the site in `source` into `site`, in-process, and expect the build to stop: `site`."""
    monkeypatch.chdir(source)
    config = load_config(config_file=str(source / "mkdocs.yml"), site_dir=str(site))
    with pytest.raises(SystemExit):
        build(config)
    return site


def test_a_build_with_a_template_linked_outside_stops_before_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    secret = tmp_path / "secret.md.j2"
    secret.write_text("SECRET\n", encoding="utf-8")
    source = write_site(
        tmp_path / "src",
        {POLICY: POLICY_EN},
        plugin={"templates_dir": "overrides"},
        files={"overrides/x": ""},
    )
    (source / "overrides/parts").mkdir()
    (source / "overrides/parts/purposes.md.j2").symlink_to(secret)
    site = _build_stops(source, tmp_path / "site", monkeypatch)
    assert "policypress: templates_dir: a symbolic link to a place outside" in caplog.text
    assert f"purposes.md.j2 -> {secret}" in caplog.text and not site.exists()


def test_a_catalog_linked_outside_the_locales_folder_stops_the_build_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Not parsed either: the target is no catalog at all, and its own error never shows."""
    secret = tmp_path / "secret.po"
    secret.write_text("SECRET, no catalog\n", encoding="utf-8")
    source = write_site(tmp_path / "src", {POLICY: POLICY_EN}, plugin={"locales_dir": "locales"})
    (source / "locales").mkdir()
    (source / "locales/de.po").symlink_to(secret)
    site = _build_stops(source, tmp_path / "site", monkeypatch)
    assert "policypress: locales_dir: a symbolic link to a place outside" in caplog.text
    assert f"de.po -> {secret}" in caplog.text and "SECRET" not in caplog.text and not site.exists()
