"""Property-based tests (hypothesis) of the loader and the validator."""

from __future__ import annotations

import copy
import json
import re
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from policypress.diagnostics import Code, Diagnostic
from policypress.validate import validate_document
from policypress.yamlload import Document, LoadError, load_file, load_text

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
VALID = Path(__file__).resolve().parent / "invalid" / "_valid.yaml.txt"
CODES = set(Code)


def check_diagnostics(diagnostics: list[Diagnostic], display: str) -> None:
    for d in diagnostics:
        assert d.file == display
        assert d.line >= 1 and d.column >= 1
        assert d.code in CODES
        assert d.message


def load_or_refuse(text: str) -> Document | None:
    """Load, allowing only LoadError (whose diagnostics must be located)."""
    try:
        doc = load_text(text, "p.yaml")
    except LoadError as exc:
        assert exc.diagnostics
        check_diagnostics(exc.diagnostics, "p.yaml")
        return None
    assert isinstance(doc.data, dict)
    check_diagnostics(doc.problems, "p.yaml")
    return doc


# --- (a) no input makes the loader raise anything but LoadError ---------------------------

# Text built from YAML's own punctuation finds the parser's corners faster than random text.
YAML_PIECES = st.sampled_from(
    [
        *"ab:- \n\t[]{},&*!|>'\"#?%@`\\\r~.01é日",
        "\x00",
        "\x07",
        "\x85",
        "\u2028",
        "\ufeff",
        "---\n",
        "...\n",
        "<<: ",
        "!!python/object/apply:os.system ",
        "&a ",
        "*a",
        "%YAML 1.2\n",
        "%TAG ! tag:x,2000:\n",
        "  ",
        "- ",
        "? ",
        ": ",
        "\n  ",
        "true",
        "0755",
        "2024-02-30",
    ]
)
YAMLISH = st.lists(YAML_PIECES, max_size=60).map("".join)


@SETTINGS
@given(st.one_of(st.text(), YAMLISH))
def test_load_text_raises_only_load_error(text: str) -> None:
    load_or_refuse(text)


@SETTINGS
@given(
    st.one_of(st.binary(), YAMLISH.map(lambda s: s.encode("utf-8")), st.binary().map(lambda b: b"a: " + b))
)
def test_load_file_raises_only_load_error(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.yaml"
        path.write_bytes(raw)
        try:
            doc = load_file(path, "p.yaml")
        except LoadError as exc:
            assert exc.diagnostics
            check_diagnostics(exc.diagnostics, "p.yaml")
        else:
            assert isinstance(doc.data, dict)
            check_diagnostics(doc.problems, "p.yaml")


@SETTINGS
@given(YAMLISH)
def test_loader_is_deterministic(text: str) -> None:
    def run() -> object:
        try:
            doc = load_text(text, "p.yaml")
        except LoadError as exc:
            return [d.format() for d in exc.diagnostics]
        return doc.data, [d.format() for d in doc.problems]

    assert run() == run()


# --- (b) any JSON-like data, dumped as YAML, validates without raising ----------------------

# Characters JSON leaves raw (ensure_ascii=False) and YAML reads back unchanged: no surrogates,
# no DEL/C1 controls (YAML refuses them raw) and no NEL (libyaml folds it like a line break).
SAFE_CHARACTERS = st.characters(exclude_categories=("Cs",)).filter(
    lambda c: not ("\x7f" <= c <= "\x9f" or c in "\ufffe\uffff")
)
SAFE_TEXT = st.text(SAFE_CHARACTERS, max_size=20)
# Names and values the validator cares about, so the data reaches its checks.
NAMES = st.sampled_from(
    [
        "policy",
        "version",
        "language",
        "controlling_language",
        "published",
        "effective",
        "source",
        "archived_on",
        "controller",
        "contacts",
        "addresses",
        "address",
        "jurisdiction",
        "country",
        "data_categories",
        "purposes",
        "data",
        "id",
        "label",
        "sections",
        "shows",
        "text",
        "kind",
        "value",
        "cookies",
        "sharing",
        "recipients",
    ]
)
WORDS = st.sampled_from(
    [
        "2024-02-30",
        "2024-01-10",
        "EN",
        "en",
        "XX",
        "DE",
        "contact-info",
        "support",
        "controller",
        "purposes",
        "email",
        "1",
        "<<",
        "https://example.org/a",
        "a@example.org",
        "",
        " ",
    ]
)
LEAVES = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), SAFE_TEXT, WORDS)


def _no_container_ids(data: dict[str, Any]) -> dict[str, Any]:
    # A list or mapping as an `id` crashes the semantic checks (TypeError: unhashable):
    # a known bug with its own xfail test below, kept out of this property.
    return {k: (json.dumps(v) if k == "id" and isinstance(v, (dict, list)) else v) for k, v in data.items()}


JSON = st.recursive(
    LEAVES,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(NAMES, SAFE_TEXT), children, max_size=5).map(_no_container_ids),
    ),
    max_leaves=25,
)
JSON_MAPPINGS = st.dictionaries(st.one_of(NAMES, SAFE_TEXT), JSON, max_size=8).map(_no_container_ids)


def validate_json(data: dict[str, Any]) -> list[Diagnostic]:
    text = json.dumps(data, ensure_ascii=False)
    # JSON is YAML, so it must load; NEL, LS and PS are escaped as they must be in a policy (PP106).
    text = text.replace("\x85", "\\u0085").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    doc = load_text(text, "p.yaml")
    assert doc.problems == []
    found = validate_document(doc)
    check_diagnostics(found, "p.yaml")
    return found


@SETTINGS
@given(JSON_MAPPINGS)
def test_any_json_mapping_validates_without_raising(data: dict[str, Any]) -> None:
    validate_json(data)


def _paths(data: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    found = [path] if path else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*path, index))
    return found


VALID_DATA = load_text(VALID.read_text(encoding="utf-8"), "valid").data
VALID_PATHS = _paths(VALID_DATA)


def _replace(path: tuple[str | int, ...], new: Any) -> dict[str, Any]:
    data = copy.deepcopy(VALID_DATA)
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = new
    return data


def value_at(path: tuple[str | int, ...]) -> Any:
    node: Any = VALID_DATA
    for part in path:
        node = node[part]
    return node


@SETTINGS
@given(st.sampled_from(VALID_PATHS), JSON)
def test_valid_policy_with_any_one_value_replaced(path: tuple[str | int, ...], new: Any) -> None:
    if path[-1] == "id" and isinstance(new, (dict, list)):
        new = json.dumps(new)  # the known crash, see test_container_id_does_not_crash
    found = validate_json(_replace(path, new))
    if json.dumps(new) == json.dumps(value_at(path)):
        assert found == []


def test_the_valid_policy_is_valid() -> None:
    assert validate_json(VALID_DATA) == []


@SETTINGS
@example(path=("data_categories", 0, "id"), new=["contact-info"])
@given(
    st.sampled_from([p for p in VALID_PATHS if p[-1] == "id"]),
    st.one_of(st.lists(WORDS), st.dictionaries(NAMES, WORDS)),
)
def test_container_id_does_not_crash(path: tuple[str | int, ...], new: Any) -> None:
    validate_json(_replace(path, new))


# --- (c) plain text stays text; only null, booleans and decimal integers are typed ---------

_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


def typed(text: str) -> str | int | bool | None:
    """What a plain scalar means to a policy: YAML 1.2 core null, bool and decimal int; else text."""
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    return int(text) if _INT.fullmatch(text) else text


# A plain scalar: starts with a letter or digit, has no ': ', ' #' and no space at either end.
# YAML 1.1 lookalikes (yes, 0755, 1.10, 2024-02-30 ...) and the typed words are mixed in.
PLAIN_START = st.characters(categories=("Lu", "Ll", "Lo", "Nd"))
PLAIN_REST = st.text(st.one_of(PLAIN_START, st.sampled_from(list("-._/@()+=$%^&*~'\"!?;<> :#"))), max_size=15)
PLAIN = st.one_of(
    st.builds(lambda a, b: (a + b).rstrip(" "), PLAIN_START, PLAIN_REST).filter(
        lambda s: ": " not in s and " #" not in s and not s.endswith(":")
    ),
    st.sampled_from(
        [
            "yes",
            "no",
            "on",
            "off",
            "y",
            "n",
            "Yes",
            "NO",
            "0755",
            "007",
            "1.10",
            "1.0",
            "1e3",
            "0x1F",
            "0o17",
            "1_000",
            "12:30",
            ".inf",
            ".nan",
            "-.inf",
            *["2024-02-30", "2024-01-10", "tRUE", "nil", "true", "False", "NULL", "~", "12", "-3", "+4", "0"],
        ]
    ),
)


@SETTINGS
@given(st.dictionaries(PLAIN, PLAIN, min_size=1, max_size=10))
def test_plain_text_round_trips(mapping: dict[str, str]) -> None:
    text = "".join(f"{key}: {value}\n" for key, value in mapping.items())
    doc = load_text(text, "p.yaml")
    assert doc.problems == []
    assert list(doc.data) == list(mapping)  # keys are always text, in order
    assert doc.data == {key: typed(value) for key, value in mapping.items()}
    for key, value in mapping.items():
        assert type(doc.data[key]) is type(typed(value))
        if typed(value) == value:
            assert doc.data[key] == value  # plain text stays exactly as written


@SETTINGS
@given(st.dictionaries(SAFE_TEXT, SAFE_TEXT, min_size=1, max_size=10))
def test_quoted_text_round_trips(mapping: dict[str, str]) -> None:
    """Any text in double quotes (here: JSON strings) comes back exactly, typed or not."""
    text = "".join(
        f"{json.dumps(key, ensure_ascii=False)}: {json.dumps(value, ensure_ascii=False)}\n"
        for key, value in mapping.items()
    )
    doc = load_text(text, "p.yaml")
    assert doc.problems == []
    assert doc.data == mapping


@SETTINGS
@given(
    st.integers(min_value=-(10**300), max_value=10**300)
    | st.booleans()
    | st.none()
    | st.sampled_from(["", "~", "null", "Null", "NULL", "True", "TRUE", "False", "FALSE"])
)
def test_typed_plain_values(value: int | bool | str | None) -> None:
    if isinstance(value, str):
        written, expected = (
            value,
            None if value in ("", "~", "null", "Null", "NULL") else value.lower() == "true",
        )
    else:
        written, expected = json.dumps(value), value
    doc = load_text(f"key: {written}\n", "p.yaml")
    assert type(doc.data["key"]) is type(expected)
    assert doc.data["key"] == expected
