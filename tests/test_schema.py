"""The policy schema itself: draft 2020-12, closed everywhere, described for editors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from policypress import schemas
from policypress.yamlload import LoadError, load_file

ROOT = Path(__file__).resolve().parents[1]

SCHEMA = schemas.load_schema()


def _subschemas(node: Any, path: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            if key in ("examples", "enum", "const", "required"):
                continue
            yield from _subschemas(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _subschemas(item, f"{path}/{index}")


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_every_object_is_closed() -> None:
    open_objects = [
        path
        for path, node in _subschemas(SCHEMA)
        if node.get("type") == "object" and node.get("additionalProperties") is not False
    ]
    assert open_objects == []


def test_every_property_has_its_own_description() -> None:
    undescribed = [
        f"{path}/properties/{name}"
        for path, node in _subschemas(SCHEMA)
        for name, prop in (node.get("properties") or {}).items()
        if "description" not in prop and not path.endswith("/then")
    ]
    assert undescribed == []


def test_a_valid_document_passes_both_validators() -> None:
    doc = {
        "policy": "demo",
        "version": "1",
        "language": "en",
        "title": "Demo",
        "status": "published",
        "effective": "2024-01-01",
        "controlling_language": "en",
        "controller": {
            "id": "demo",
            "name": "Demo",
            "legal_name": None,
            "unnamed_note": "The source names no company.",
        },
        "sections": [{"id": "intro", "title": "Intro", "text": "Hello."}],
    }
    assert schemas.is_valid(doc)
    assert list(schemas.reference_validator().iter_errors(doc)) == []
    del doc["controller"]["unnamed_note"]  # a null legal name must be explained
    assert not schemas.is_valid(doc)
    assert list(schemas.reference_validator().iter_errors(doc)) != []


def _loadable_corpus() -> list[tuple[Path, Any]]:
    """Every corpus file and seed that loads as YAML (the others never reach a schema)."""
    loaded = []
    for pattern in ("tests/invalid/**/*.yaml", "tests/hostile/*.yaml", "policies/**/*.yaml"):
        for path in sorted(ROOT.glob(pattern)):
            try:
                loaded.append((path, load_file(path).data))
            except LoadError:
                continue
    return loaded


CORPUS = _loadable_corpus()


def test_the_agreement_corpus_is_large_and_mixed() -> None:
    verdicts = [schemas.is_valid(data) for _, data in CORPUS]
    assert len(CORPUS) >= 50 and verdicts.count(True) >= 20 and verdicts.count(False) >= 20


@pytest.mark.parametrize(("path", "data"), CORPUS, ids=[str(p.relative_to(ROOT)) for p, _ in CORPUS])
def test_fast_and_reference_validators_agree(path: Path, data: Any) -> None:
    """jsonschema-rs may decide validity only because it agrees with jsonschema on every file."""
    reference_says_valid = not any(True for _ in schemas.reference_validator().iter_errors(data))
    assert schemas.is_valid(data) == reference_says_valid
