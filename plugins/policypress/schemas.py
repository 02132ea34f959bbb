"""The policy JSON Schema: where it lives, and validating data against it.

jsonschema-rs answers "valid or not" in microseconds; only for a document that
fails does the reference validator (jsonschema) run, to explain every problem
in words an author understands. Formats are not asserted by either validator
(they disagree on them); dates and the like are checked in `semantics`.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema_rs

from .diagnostics import MAX_PER_FILE, Code, Finding

if TYPE_CHECKING:  # jsonschema is imported when a file fails: `validate` of a valid file starts faster
    import jsonschema

POLICY_SCHEMA = "policy.schema.json"
_LISTED_FIELDS = 300  # characters of allowed field names a PP201 message lists

_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "a mapping (keys and values)",
    "array": "a list",
    "null": "null",
}


def schema_dir() -> Path:
    """The folder holding the schemas: inside the installed package, or the checkout's `schema/`.

    Found beside this module rather than through importlib.resources, whose import (tempfile,
    shutil, zipfile, lzma...) would cost `policypress validate ONE.yaml` a tenth of its start-up.
    """
    here = Path(__file__).resolve().parent
    packaged = here / "schema"
    if packaged.is_dir():
        return packaged
    return here.parents[1] / "schema"


@cache
def load_schema(name: str = POLICY_SCHEMA) -> dict[str, Any]:
    with (schema_dir() / name).open(encoding="utf-8") as fh:
        loaded: dict[str, Any] = json.load(fh)
    return loaded


@cache
def fast_validator(name: str = POLICY_SCHEMA) -> Any:
    return jsonschema_rs.validator_for(load_schema(name), validate_formats=False)


def _ecma_pattern(validator: Any, pattern: str, instance: Any, schema: dict[str, Any]) -> Iterator[Any]:
    """`pattern` as JSON Schema means it (ECMA-262): `$` matches only at the very end, and
    `\\s` is ECMA's white space.

    Python's `$` also matches before a final newline, which would let "1\n" pass where
    jsonschema-rs (and every other validator) refuses it; Python's `\\s` takes U+0085 and
    U+001C to U+001F for white space but not U+FEFF, so a text of a lone byte-order mark
    would pass here and fail there, leaving a refusal without an explanation.
    """
    if validator.is_type(instance, "string") and not _compiled(pattern).search(instance):
        import jsonschema

        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


# ECMA-262 WhiteSpace and LineTerminator, as the inside of a character class.
_ECMA_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_ECMA_TOKEN = re.compile(r"\\.|\[\^?|\]|\$|.", re.DOTALL)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """An ECMA-262 pattern as a Python one: `$`, `\\s` and `\\S` translated, in and out of classes."""
    out, in_class = [], False
    for token in _ECMA_TOKEN.findall(pattern):
        if token == "$" and not in_class:
            token = r"\Z"
        elif token in (r"\s", r"\S"):
            if in_class and token == r"\S":
                raise ValueError(f"PolicyPress cannot translate \\S inside a character class: {pattern}")
            space = _ECMA_SPACE if in_class else f"[{_ECMA_SPACE}]"
            token = space if token == r"\s" else f"[^{_ECMA_SPACE}]"
        elif token.startswith("[") and not in_class:
            in_class = True
        elif token == "]" and in_class:
            in_class = False
        out.append(token)
    return re.compile("".join(out))


@cache
def _reference_class() -> Any:
    """Draft 2020-12 with patterns as ECMA-262 means them (see _ecma_pattern)."""
    import jsonschema

    extend: Any = jsonschema.validators.extend  # untyped in its stubs
    return extend(jsonschema.Draft202012Validator, {"pattern": _ecma_pattern})


@cache
def reference_validator(name: str = POLICY_SCHEMA) -> Any:
    return _reference_class()(load_schema(name))


def is_valid(data: Any, name: str = POLICY_SCHEMA) -> bool:
    """Whether `data` satisfies the schema (formats not asserted).

    The validator that also asserts formats is asked first: every file is checked with it anyway
    (format_problems), and a file it accepts is valid without them, so for a valid file (the
    usual case, e.g. in a pre-commit hook) only one validator is built, not two.
    """
    return bool(format_validator(name).is_valid(data) or fast_validator(name).is_valid(data))


# Past the limit, this many more errors are still read for missing fields: the problems most
# worth keeping when a long list is cut (validate.capped), yet a hostile file with 100,000
# errors still costs only the errors read.
_MORE_ERRORS_FOR_MISSING = 2_000


def explain(data: Any, name: str = POLICY_SCHEMA, limit: int | None = None) -> list[Finding]:
    """Every schema problem in `data`, from the reference validator.

    With a `limit`, the first `limit` found, and any missing fields among the errors after them.
    """
    problems: dict[tuple[Any, ...], Finding] = {}
    more = 0
    for error in reference_validator(name).iter_errors(data):
        full = limit is not None and len(problems) >= limit
        if full:
            more += 1
            if more > _MORE_ERRORS_FOR_MISSING:
                break
        for problem in _phrase(error, data):
            full = full or (limit is not None and len(problems) >= limit)
            if not full or problem.code is Code.MISSING_FIELD:
                problems.setdefault((problem.path, problem.code, problem.message), problem)
    if not problems:  # never let a document the fast validator refused pass unexplained
        problems[()] = Finding((), Code.SCHEMA, "the file does not satisfy the policy schema")
    return list(problems.values())


# Formats the published JSON asserts (api.schemas checks every manifest with formats on) must
# already hold in what authors write; otherwise a valid policy would give a manifest its own
# schema refuses, and the build would stop with an internal error. Dates are semantics' (PP303).
ASSERTED_FORMATS = {"uri": "a URL", "email": "an e-mail address"}
_FORMAT_TIPS = {
    "uri": "percent-encode spaces, quotes, < > { } [ ] | \\ ^ ` and letters outside ASCII (e.g. %20)",
    "email": "write it as name@example.com",
}


@cache
def format_validator(name: str = POLICY_SCHEMA) -> Any:
    return jsonschema_rs.validator_for(load_schema(name), validate_formats=True)


def format_problems(data: Any, name: str = POLICY_SCHEMA) -> list[Finding]:
    """URLs and e-mail addresses that are not valid by their standards (RFC 3986, RFC 5321)."""
    if format_validator(name).is_valid(data):
        return []
    problems = []
    for error in format_validator(name).iter_errors(data):
        wanted = getattr(error.kind, "format", None)
        if type(error.kind).__name__ == "Format" and wanted in ASSERTED_FORMATS:
            path = tuple(error.instance_path)
            problems.append(
                Finding(
                    path,
                    Code.BAD_FORMAT,
                    f"{_field(path)} is {_show(error.instance)}, which is not {ASSERTED_FORMATS[wanted]} "
                    f"by the standard apps follow: {_FORMAT_TIPS[wanted]}",
                )
            )
    return problems


def _field(path: tuple[str | int, ...], data: Any = None) -> str:
    """The field at `path` in words: its name, and the list item it is in named by the item's id
    ('sensitive' of the data category 'location-info'), never by its position."""
    name = next((f"'{part}'" for part in reversed(path) if isinstance(part, str)), "the document")
    item = item_name(path, data)
    if item and isinstance(path[-1], int):
        return item
    return f"{name} of {item}" if item else name


def item_name(path: tuple[str | int, ...], data: Any) -> str | None:
    """The innermost list item on `path` that has an id, as "the <noun> '<id>'", or None."""
    from .semantics import item_noun  # semantics reads the schema index, which imports this module

    found, value = None, data
    for depth, part in enumerate(path, 1):
        if isinstance(value, dict) and isinstance(part, str):
            value = value.get(part)
        elif isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
            value = value[part]
            if isinstance(value, dict) and isinstance(value.get("id"), str):
                found = f"the {item_noun(path[:depth])} '{value['id']}'"
        else:
            break
    return found


def _phrase(error: jsonschema.ValidationError, data: Any = None) -> Iterator[Finding]:
    path = tuple(error.absolute_path)
    keyword = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    instance = error.instance
    if keyword == "additionalProperties" and isinstance(instance, dict):
        allowed = sorted(schema.get("properties", {}))
        listed = ", ".join(allowed)
        extras = [key for key in instance if key not in schema.get("properties", {})]  # file order
        for number, extra in enumerate(extras):
            # A report shows a file's first MAX_PER_FILE problems: past them no nearest name is
            # looked for (each look compares with every allowed name: 131,072 keys took minutes).
            hint = difflib.get_close_matches(extra, allowed, n=1) if number < MAX_PER_FILE else []
            if hint:
                tip = f"; did you mean '{hint[0]}'?"
            elif len(listed) <= _LISTED_FIELDS:
                tip = f"; allowed here: {listed}"
            else:  # the top level: too many to list in one line of a report
                tip = f"; {len(allowed)} fields are allowed here: see the field reference"
            yield Finding((*path, extra), Code.UNKNOWN_FIELD, f"unknown field '{extra}'{tip}", key=True)
    elif keyword == "required":
        missing = error.validator_value if isinstance(error.validator_value, list) else []
        for name in missing:
            if isinstance(instance, dict) and name not in instance:
                yield Finding(
                    path, Code.MISSING_FIELD, f"{_field(path, data)} needs the field '{name}'", key=True
                )
    elif keyword == "type":
        value: Any = error.validator_value
        wanted = [str(w) for w in value] if isinstance(value, list) else [str(value)]
        names = " or ".join(_TYPE_NAMES.get(w, w) for w in wanted)
        got = _TYPE_NAMES.get(_json_type(instance), "something else")
        tip = ""
        if "string" in wanted and isinstance(instance, (int, bool)):
            tip = f'; put it in quotes ("{_yaml_text(instance)}") to keep it as text'
        elif "boolean" in wanted and isinstance(instance, str):
            tip = "; write true or false (yes, no, on and off are read as text)"
        yield Finding(path, Code.WRONG_TYPE, f"{_field(path, data)} must be {names}, not {got}{tip}")
    elif keyword in ("enum", "const"):
        options: Any = error.validator_value
        choices = [str(a) for a in (options if keyword == "enum" else [options])]
        hint = difflib.get_close_matches(str(instance), choices, n=1)
        tip = f"; did you mean '{hint[0]}'?" if hint else ""
        yield Finding(
            path,
            Code.NOT_ALLOWED,
            f"{_field(path, data)} is {_show(instance)}, which is not one of: {', '.join(choices)}{tip}",
        )
    elif keyword == "pattern" or keyword == "minLength":
        if isinstance(instance, str) and not instance.strip():
            yield Finding(path, Code.BAD_FORMAT, f"{_field(path, data)} must not be empty")
        else:
            rule = (
                schema.get("patternErrorMessage")
                or schema.get("description")
                or f"it must match {error.validator_value}"
            )
            yield Finding(
                path,
                Code.BAD_FORMAT,
                f"{_field(path, data)} is {_show(instance)}, which is not of the required form: {rule}",
            )
    elif keyword in ("minItems", "maxItems", "uniqueItems", "minimum", "maximum", "maxLength"):
        yield Finding(
            path,
            Code.SCHEMA,
            f"{_field(path, data)}: {_plain_rule(keyword, error.validator_value, instance)}",
        )
    elif keyword in ("anyOf", "oneOf") and (closest := _closest_alternative(error)) is not None:
        yield from _phrase(closest, data)
    elif keyword in ("anyOf", "oneOf"):
        yield Finding(path, Code.SCHEMA, f"{_field(path, data)}: {_alternatives(error)}")
    elif keyword == "dependentRequired" and isinstance(instance, dict):
        yield from _dependent(path, error, instance)
    else:
        yield Finding(path, Code.SCHEMA, f"{_field(path, data)}: {error.message}")


def _dependent(
    path: tuple[str | int, ...], error: jsonschema.ValidationError, instance: dict[str, Any]
) -> Iterator[Finding]:
    """A field that needs another (`supersedes` needs `changes`), said with the schema's own words for it."""
    rules = error.validator_value if isinstance(error.validator_value, dict) else {}
    properties = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
    for present, needed in rules.items():
        for name in needed if present in instance else ():
            if name in instance:
                continue
            what = (
                properties.get(name, {}).get("description", "")
                if isinstance(properties.get(name), dict)
                else ""
            )
            tip = f" ({what})" if what else ""
            yield Finding(
                (*path, present),
                Code.MISSING_FIELD,
                f"a file with '{present}' needs '{name}' too{tip}",
                key=True,
            )


def _closest_alternative(error: jsonschema.ValidationError) -> jsonschema.ValidationError | None:
    """For `oneOf: [date, null]` and the like: the one alternative the value was of the right type for."""
    fitting = [e for e in error.context or () if e.validator not in ("type", "required", "anyOf", "oneOf")]
    return fitting[0] if len(fitting) == 1 else None


def _alternatives(error: jsonschema.ValidationError) -> str:
    options = error.validator_value if isinstance(error.validator_value, list) else []
    required = [o["required"] for o in options if isinstance(o, dict) and "required" in o]
    if required and len(required) == len(options):
        names = " or ".join("'" + "', '".join(r) + "'" for r in required)
        return f"needs at least one of {names}"
    described = [_option(o) for o in options if isinstance(o, dict)]
    wanted = [d for d in described if d] or ["a value of another kind"]
    return f"{_show(error.instance)} is none of: " + "; ".join(wanted)


def _option(option: dict[str, Any]) -> str:
    """One alternative of `anyOf`/`oneOf` in words: its description or title, the values of the
    enum it refers to, else its type."""
    words = option.get("description") or option.get("title")
    if words:
        return str(words)
    ref = option.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        target = load_schema()["$defs"].get(ref.removeprefix("#/$defs/"), {})
        if isinstance(target.get("enum"), list):
            return ", ".join(str(v) for v in target["enum"])
        if target.get("description"):
            return str(target["description"])
    return _TYPE_NAMES.get(option.get("type", ""), "")


def _plain_rule(keyword: str, value: Any, instance: Any) -> str:
    return {
        "minItems": f"the list needs at least {value} item(s)",
        "maxItems": f"the list may have at most {value} item(s)",
        "uniqueItems": "the list names the same value twice",
        "minimum": f"{_show(instance)} is below the minimum of {value}",
        "maximum": f"{_show(instance)} is above the maximum of {value}",
        "maxLength": f"the text is longer than {value} characters",
    }[keyword]


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _yaml_text(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _show(value: Any) -> str:
    text = (
        json.dumps(value, ensure_ascii=False)
        if not isinstance(value, (dict, list))
        else _TYPE_NAMES[_json_type(value)]
    )
    return text if len(text) <= 60 else text[:57] + "…"


def schema_file_problem(path: Path) -> str | None:
    """Why a site's own schema file cannot be used (not JSON, not a 2020-12 schema), or None."""
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return f"{path} is not a readable JSON file: {exc}"
    import jsonschema

    try:
        _reference_class().check_schema(schema)
        jsonschema_rs.validator_for(schema)
    except (jsonschema.SchemaError, ValueError) as exc:
        message = getattr(exc, "message", str(exc))
        return f"{path} is not a valid JSON Schema (draft 2020-12): {message}"
    return None


def forget() -> None:
    """Drop every schema read so far, so that edits show in the next build of `mkdocs serve`."""
    for cached in (load_schema, fast_validator, reference_validator, format_validator):
        cached.cache_clear()
