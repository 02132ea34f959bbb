"""`policypress validate ONE.yaml` starts fast (it runs in pre-commit hooks on every commit): it
imports only what checking a valid file needs, and builds one schema validator, not two.

benchmarks/authoring_speed.py measures the time; these tests keep what makes it fast from
regressing silently.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from policypress import schemas
from policypress.yamlload import load_file

ROOT = Path(__file__).resolve().parents[1]
POLICY = ROOT / "tests" / "fixtures" / "site" / "policies" / "example-telecom" / "4" / "en.yaml"

# What a valid file's validation must not import: each is needed only by another command, or
# only once a file fails (jsonschema explains a failure, yamlwords a broken file's YAML).
NOT_FOR_A_VALID_FILE = (
    "importlib.resources",  # tempfile, shutil, zipfile, lzma...: the schema is found beside the module
    "jsonschema",
    "langcodes",  # its data compiles an 18 KB regular expression: policypress/langtags.json answers
    "jinja2",
    "markdown_it",
    "babel",
    "mkdocs",
    "opencc",
    "docx",
    "lxml",
    "selectolax",
    "html5lib",
    "policypress.authoring",
    "policypress.api",
    "policypress.diff",
    "policypress.fmt",
    "policypress.i18n",
    "policypress.importer",
    "policypress.plugin",
    "policypress.render",
    "policypress.yamlwords",
    "policypress.yamlwrite",
)

_PROBE = """
import json, sys
from policypress.cli import main
status = main(["validate", *sys.argv[1:]])
print(json.dumps({"status": status, "modules": sorted(sys.modules)}))
"""


def _modules_of_validate(*args: str) -> tuple[int, set[str]]:
    run = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, check=True, cwd=ROOT
    )
    report = json.loads(run.stdout.splitlines()[-1])
    return report["status"], set(report["modules"])


def _loaded(forbidden: str, modules: set[str]) -> bool:
    return any(name == forbidden or name.startswith(forbidden + ".") for name in modules)


def test_validate_of_a_valid_file_imports_only_what_it_needs() -> None:
    status, modules = _modules_of_validate(str(POLICY))
    assert status == 0
    assert "policypress.semantics" in modules  # the probe did validate
    assert [name for name in NOT_FOR_A_VALID_FILE if _loaded(name, modules)] == []


def test_validate_of_a_failing_file_still_explains_it(tmp_path: Path) -> None:
    """The reference validator (jsonschema) is imported once a file fails, to say why."""
    broken = tmp_path / "en.yaml"
    broken.write_text(POLICY.read_text(encoding="utf-8").replace("\npolicy:", "\npolicyy:", 1), "utf-8")
    status, modules = _modules_of_validate(str(broken))
    assert status == 1
    assert _loaded("jsonschema", modules)


@pytest.fixture
def validators_built(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Each jsonschema-rs validator built, by whether it asserts formats; caches emptied first."""
    built: list[bool] = []
    real = schemas.jsonschema_rs.validator_for

    def counting(schema: Any, **options: Any) -> Any:
        built.append(bool(options.get("validate_formats")))
        return real(schema, **options)

    monkeypatch.setattr(schemas.jsonschema_rs, "validator_for", counting)
    schemas.fast_validator.cache_clear()
    schemas.format_validator.cache_clear()
    yield built
    schemas.fast_validator.cache_clear()
    schemas.format_validator.cache_clear()


def test_a_valid_file_builds_one_validator(validators_built: list[bool]) -> None:
    data = load_file(POLICY).data
    assert schemas.is_valid(data)
    assert schemas.format_problems(data) == []
    assert validators_built == [True]  # the one that asserts formats; it answers for both


def test_a_bad_format_alone_does_not_make_a_file_invalid(validators_built: list[bool]) -> None:
    """A file the format-asserting validator refuses is asked again without formats: a URL that
    is not one is a format problem (PP205, format_problems), not a schema failure."""
    data = load_file(POLICY).data
    data["controller"]["website"] = "https://example.com/%zz"  # not a percent-encoding
    assert schemas.is_valid(data)
    assert [finding.code.value for finding in schemas.format_problems(data)] == ["PP205"]
    assert sorted(validators_built) == [False, True]
    del data["controller"]
    assert not schemas.is_valid(data)


def test_the_schema_is_found_beside_the_package() -> None:
    assert (schemas.schema_dir() / schemas.POLICY_SCHEMA).is_file()
