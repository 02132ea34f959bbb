"""The site's own docs stay in step with the code."""

from __future__ import annotations

import json
import re
from pathlib import Path

from policypress.diagnostics import Code

ROOT = Path(__file__).resolve().parents[1]


def test_every_error_code_is_documented_once() -> None:
    table = (ROOT / "docs" / "authors" / "validation.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| (PP\d{3}) \|", table, re.MULTILINE)
    assert documented == sorted(c.value for c in Code)


def test_readme_starts_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head = readme[: readme.index("\n## ", readme.index("## Quick start") + 1)]
    assert "./dev serve" in head and "./dev test" in head
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").rstrip().endswith("exec ./dev test")


def test_every_plugin_option_is_documented() -> None:
    from policypress.plugin.config import PolicyPressConfig

    page = (ROOT / "docs" / "authors" / "publishing.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| `(\w+)` \|", page, re.MULTILINE)
    assert sorted(documented) == sorted(name for name, _ in PolicyPressConfig._schema)


def test_the_language_table_is_the_clients_cases() -> None:
    """Every row of the table in 'Picking a language' is a case of clients/cases/languages.json,
    which both clients run, and the Python client gives it."""
    from policypress.client import negotiate_language

    page = (ROOT / "docs" / "apps" / "json-api.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (`[^|]+`) \| (`[^|]+`) \| `([^`]+)` \| `([^`]+)` \|$", page, re.MULTILINE)
    assert len(rows) >= 8
    cases = json.loads((ROOT / "clients" / "cases" / "languages.json").read_text(encoding="utf-8"))["cases"]
    known = {(tuple(c["preferred"]), tuple(c["available"]), c["default"]): c["expected"] for c in cases}
    for preferred, available, default, shown in rows:
        key = (
            tuple(re.findall(r"`([^`]+)`", preferred)),
            tuple(re.findall(r"`([^`]+)`", available)),
            default,
        )
        assert known.get(key) == shown, key
        assert negotiate_language(list(key[1]), list(key[0]), default) == shown


def test_the_consent_record_example_satisfies_the_published_schema() -> None:
    import jsonschema

    from policypress.api import schemas as api_schemas

    page = (ROOT / "docs" / "apps" / "consent-records.md").read_text(encoding="utf-8")
    (example,) = re.findall(r"^```json\n(.*?)^```", page, re.MULTILINE | re.DOTALL)
    schema = api_schemas.published_schemas(lambda name: name, None)[api_schemas.CONSENT_RECORD]
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    record = json.loads(example)
    assert list(validator.iter_errors(record)) == []
    assert not validator.is_valid({**record, "notice": {**record["notice"], "digest": "sha256:short"}})
    mandatory = {
        "schema_version",
        "record_id",
        "pii_principal_id",
        "notice",
        "decided_at",
        "consent_type",
        "state",
    }
    assert mandatory <= set(schema["required"])  # ISO/IEC TS 27560's mandatory fields, as the page maps them


def test_the_validation_pages_examples_of_messages_are_what_validate_says() -> None:
    """The messages shown in 'Validation and error codes' are those of the corpus's cases."""
    from policypress.validate import validate_document
    from policypress.yamlload import load_file, load_text

    page = (ROOT / "docs" / "authors" / "validation.md").read_text(encoding="utf-8")
    shown = re.findall(r"^policies/example/1/en\.yaml:(\d+):(\d+): (PP\d{3}) (.*) \(at (\S+)\)$", page, re.M)
    corpus = ROOT / "tests" / "invalid"
    base = (corpus / "_valid.yaml.txt").read_text(encoding="utf-8")
    cases = [
        load_file(corpus / "semantics" / "pp301-duplicate-id.yaml"),
        load_file(corpus / "semantics" / "pp308-shown-twice.yaml"),
        load_text(base.replace("    sensitive: false", "    sensitive: maybe"), "en.yaml"),
    ]
    said = [
        (str(d.line), str(d.column), d.code.value, d.message, d.pointer)
        for doc in cases
        for d in validate_document(doc)
    ]
    assert len(shown) == 3 and shown == said
