"""Shared helpers of the diff tests: the fixture versions and the mirror of a diff's JSON."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from policypress.yamlload import load_file

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "diff"
# (old, new) fixture versions that the goldens and the record checks cover.
PAIRS: dict[str, tuple[str, str]] = {
    "example-1-2": ("example/1/en.yaml", "example/2/en.yaml"),
    "example-2-3": ("example/2/en.yaml", "example/3/en.yaml"),
    "shili-1-2": ("shili/1/zh-CN.yaml", "shili/2/zh-CN.yaml"),
}


def fixture(name: str) -> dict[str, Any]:
    return copy.deepcopy(_loaded(name))


_CACHE: dict[str, dict[str, Any]] = {}


def _loaded(name: str) -> dict[str, Any]:
    if name not in _CACHE:
        _CACHE[name] = load_file(FIXTURES / name).data
    return _CACHE[name]


_SWAP = {"added": "removed", "removed": "added"}
_SWAP_SEGMENT = {"equal": "equal", "delete": "insert", "insert": "delete"}


def mirror(data: dict[str, Any]) -> dict[str, Any]:
    """What diff(new, old).to_json() must be, given diff(old, new).to_json() (lists sorted)."""
    changes = [
        {
            **change,
            "op": _SWAP.get(change["op"], change["op"]),
            "old_pointer": change["new_pointer"],
            "new_pointer": change["old_pointer"],
            "old": change["new"],
            "new": change["old"],
        }
        for change in data["changes"]
    ]
    sections = [
        {
            **section,
            "op": _SWAP.get(section["op"], section["op"]),
            "old_pointer": section["new_pointer"],
            "new_pointer": section["old_pointer"],
            "old_parent": section["new_parent"],
            "new_parent": section["old_parent"],
            "fields": [{**field, "tokens": _mirror_tokens(field["tokens"])} for field in section["fields"]],
        }
        for section in data["sections"]
    ]
    return sorted_diff(
        {**data, "old": data["new"], "new": data["old"], "changes": changes, "sections": sections}
    )


def _mirror_tokens(tokens: list[list[str]]) -> list[list[str]]:
    """Deletions ↔ insertions; within each run of changes the deletion stays first."""
    result: list[list[str]] = []
    for op, text in tokens:
        flipped = [_SWAP_SEGMENT[op], text]
        if flipped[0] == "delete" and result and result[-1][0] == "insert":
            result.insert(len(result) - 1, flipped)
        else:
            result.append(flipped)
    return result


def sorted_diff(data: dict[str, Any]) -> dict[str, Any]:
    """The diff's JSON with changes and sections in a canonical order (their order follows the new side)."""
    return {
        **data,
        "changes": sorted(data["changes"], key=lambda c: json.dumps(c, sort_keys=True)),
        "sections": sorted(data["sections"], key=lambda s: json.dumps(s, sort_keys=True)),
    }
