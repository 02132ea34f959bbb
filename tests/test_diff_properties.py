"""Property-based tests (hypothesis) of the semantic diff.

Versions are made by mutating a valid fixture policy, the way authors change one:
items added, removed, changed and reordered; sections edited (English and Chinese),
added, removed, swapped and moved into other sections. Then:

- diff(A, A) is empty;
- diff(B, A) mirrors diff(A, B): added ↔ removed, old ↔ new, deletions ↔ insertions;
- along A → B → C every change in diff(A, C) is explained by diff(A, B) or diff(B, C);
- every change points at its values, every redline spells both texts, and the Markdown
  stays safe whatever the text says.
"""

from __future__ import annotations

import copy
import itertools
import json
import re
from typing import Any

import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policypress.diff import Change, SectionDiff, diff_markdown, diff_policies
from policypress.diff.areas import table
from policypress.diff.redline import redline
from policypress.diff.sequence import kept_in_order

from .diffcases import fixture, mirror, sorted_diff

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BASES = ("example/2/en.yaml", "example/1/en.yaml", "shili/2/zh-CN.yaml")

PIECES = [
    *[
        "We ",
        "keep ",
        "your ",
        "data ",
        "for ",
        "partners ",
        "privacy",
        ", ",
        ". ",
        "  ",
        "\n",
        "\n\n",
        "- ",
        "1. ",
    ],
    *["我们", "个人信息", "保存", "共享给", "第三方", "，", "。", "App ", "两年", "三年"],
    *["<script>", "{#x}", "| ", "`", "*", "&amp;", "# ", "\t"],
]
TEXT = st.lists(st.sampled_from(PIECES), min_size=1, max_size=8).map("".join)
IDS = [
    "contact-info",
    "usage-data",
    "location",
    "support",
    "billing",
    "privacy-email",
    "hotline",
    "phone-number",
]
VALUES = st.one_of(
    st.booleans(),
    TEXT,
    st.lists(st.sampled_from(IDS), max_size=3, unique=True),
    st.sampled_from(["DE", "US", "CN", "consent", "contract", "first-party", "access"]),
    st.builds(
        lambda n, u: {"value": n, "unit": u}, st.integers(0, 40), st.sampled_from(["day", "month", "year"])
    ),
    st.integers(0, 21),
    st.none(),  # the fact is dropped
)
KEYED = [area for area in table().areas if area.keyed]
FACTS = [(area, name) for area in table().areas if not area.keyed for name in area.fields]


def _container(data: dict[str, Any], path: tuple[str, ...], create: bool) -> Any:
    node: Any = data
    for index, key in enumerate(path):
        if not isinstance(node, dict):
            return None
        if key not in node or not isinstance(node[key], (dict, list)):
            if not create:
                return None
            node[key] = [] if index == len(path) - 1 else {}
        node = node[key]
    return node


def _set(item: dict[str, Any], name: str, value: Any) -> None:
    *parents, last = name.split(".")
    for key in parents:
        item = item.setdefault(key, {}) if isinstance(item.get(key, {}), dict) else item
    if value is None:
        item.pop(last, None)
    else:
        item[last] = value


def _sections(data: dict[str, Any]) -> list[tuple[list[Any], int]]:
    """Every section as (the list holding it, its index), in reading order."""
    found = []

    def walk(sections: Any) -> None:
        for index, section in enumerate(sections if isinstance(sections, list) else []):
            found.append((sections, index))
            walk(section.get("sections"))

    walk(data.get("sections"))
    return found


def _fresh_id(data: dict[str, Any], n: int) -> str:
    used = set(re.findall(r'"id": "([^"]+)"', json.dumps(data)))
    return next(f"n{n + k}" for k in range(1000) if f"n{n + k}" not in used)


@st.composite
def mutated(draw: st.DrawFn, data: dict[str, Any]) -> dict[str, Any]:
    """`data` after a few of the changes an author makes."""
    data = copy.deepcopy(data)
    for _ in range(draw(st.integers(0, 5))):
        op = draw(
            st.sampled_from(
                [
                    "add",
                    "remove",
                    "change",
                    "fact",
                    "reorder",
                    "edit",
                    "move",
                    "add-section",
                    "remove-section",
                ]
            )
        )
        if op in ("add", "remove", "change", "reorder"):
            area = draw(st.sampled_from(KEYED))
            items = _container(data, area.path, create=op == "add")
            if not isinstance(items, list) or (op != "add" and not items):
                continue
            if op == "add":
                item = {"id": _fresh_id(data, draw(st.integers(0, 3))), "label": draw(TEXT)}
                items.insert(draw(st.integers(0, len(items))), item)
            elif op == "remove":
                del items[draw(st.integers(0, len(items) - 1))]
            elif op == "change":
                item = items[draw(st.integers(0, len(items) - 1))]
                _set(item, draw(st.sampled_from(sorted(area.fields))), draw(VALUES))
            else:
                items[:] = draw(st.permutations(items))
        elif op == "fact":
            area, name = draw(st.sampled_from(FACTS))
            node = data if not area.path else _container(data, area.path, create=True)
            if isinstance(node, dict):
                _set(node, name, draw(VALUES))
        else:
            _mutate_sections(draw, data, op)
    return data


def _mutate_sections(draw: st.DrawFn, data: dict[str, Any], op: str) -> None:
    places = _sections(data)
    if not places:
        return
    holder, index = places[draw(st.integers(0, len(places) - 1))]
    section = holder[index]
    if op == "edit":
        field = draw(st.sampled_from(["title", "text", "after"]))
        old = section.get(field) or ""
        cut = draw(st.integers(0, len(old)))
        end = draw(st.integers(cut, min(len(old), cut + 12)))
        section[field] = old[:cut] + draw(TEXT) + old[end:]
    elif op == "add-section":
        new = {"id": _fresh_id(data, draw(st.integers(0, 3))), "title": draw(TEXT), "text": draw(TEXT)}
        target = draw(st.sampled_from([data["sections"], section.setdefault("sections", [])]))
        target.insert(draw(st.integers(0, len(target))), new)
    elif op == "remove-section":
        del holder[index]
    else:  # move: into another place that is not inside itself
        del holder[index]
        inside = {id(s) for h, i in _sections({"sections": [section]}) for s in [h[i]]}
        targets = [data["sections"]] + [
            h[i].setdefault("sections", []) for h, i in _sections(data) if id(h[i]) not in inside
        ]
        target = targets[draw(st.integers(0, len(targets) - 1))]
        target.insert(draw(st.integers(0, len(target))), section)


@st.composite
def chains(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    a = draw(mutated(fixture(draw(st.sampled_from(BASES)))))
    b = draw(mutated(a))
    return a, b, draw(mutated(b))


# ---------------------------------------------------------------- the three properties


@SETTINGS
@given(chains())
def test_a_version_has_no_difference_with_itself(versions: tuple[dict[str, Any], ...]) -> None:
    for version in versions:
        assert diff_policies(version, version).is_empty
        same = json.loads(json.dumps(version))
        same["version"], same["published"] = "99", "2030-01-01"
        for area in KEYED:
            items = _container(same, area.path, create=False)
            if isinstance(items, list):
                items.reverse()
        diff = diff_policies(version, same)
        assert diff.is_empty, diff.to_json()
        assert diff_markdown(diff, "en") == {"structured": "", "redline": ""}


@SETTINGS
@given(chains())
def test_the_reverse_diff_mirrors_the_diff(versions: tuple[dict[str, Any], ...]) -> None:
    a, b, _ = versions
    forward, backward = diff_policies(a, b), diff_policies(b, a)
    assert sorted_diff(backward.to_json()) == mirror(forward.to_json())
    assert forward.kinds == backward.kinds and forward.is_empty == backward.is_empty


@SETTINGS
@given(chains())
def test_every_change_along_a_chain_is_explained_by_its_steps(versions: tuple[dict[str, Any], ...]) -> None:
    a, b, c = versions
    ab, bc, ac = diff_policies(a, b), diff_policies(b, c), diff_policies(a, c)
    steps = [*ab.changes, *bc.changes]
    for change in ac.changes:
        key = _item_key(change)
        explaining = [d for d in steps if _item_key(d) == key]
        if change.field is None:
            assert any(d.field is None and d.op == change.op for d in explaining), change
            continue
        assert any(d.field in (change.field, None) for d in explaining), change
        same_field = {id(d): d for d in explaining if d.field == change.field}
        for d in same_field.values():
            if d in ab.changes:
                assert d.old == change.old  # both are A's value
            else:
                assert d.new == change.new  # both are C's value
    section_steps = [*ab.sections, *bc.sections]
    for section in ac.sections:
        same = [d for d in section_steps if d.id == section.id]
        if section.op in ("added", "removed"):
            assert any(d.op == section.op for d in same), section
            continue
        for field in section.fields:
            assert any(
                d.op in ("added", "removed") or field.field in {f.field for f in d.fields} for d in same
            ), (section, field)
        if section.moved:
            assert any(d.moved or d.op in ("added", "removed") for d in same) or any(
                (d.moved or d.op in ("added", "removed")) and _parents(d) & _parents(section)
                for d in section_steps
            ), section


def _item_key(change: Change) -> tuple[str, str | None]:
    """Where the item or fact lives (the list or mapping, by its pointer) and its id."""
    pointer = change.new_pointer if change.new_pointer is not None else change.old_pointer
    assert pointer is not None
    parts = pointer.split("/")[1:]
    if change.field is not None:
        parts = parts[: len(parts) - len(change.field.split("."))]
    if change.id is not None:
        parts = parts[:-1]  # the item's index
    return "/".join(parts), change.id


def _parents(section: SectionDiff) -> set[str | None]:
    """The parents of a section in the versions that have it (None: the top level)."""
    found: set[str | None] = set()
    if section.old_pointer is not None:
        found.add(section.old_parent)
    if section.new_pointer is not None:
        found.add(section.new_parent)
    return found


# ---------------------------------------------------------------- what a diff says is true


def _at(data: Any, pointer: str) -> Any:
    for part in pointer.split("/")[1:]:
        data = data[int(part)] if isinstance(data, list) else data[part]
    return data


@SETTINGS
@given(chains())
def test_every_change_points_at_its_values_and_every_redline_spells_both_texts(
    versions: tuple[dict[str, Any], ...],
) -> None:
    a, b, _ = versions
    diff = diff_policies(a, b)
    for change in diff.changes:
        for data, pointer, value in (
            (a, change.old_pointer, change.old),
            (b, change.new_pointer, change.new),
        ):
            if pointer is None:
                assert value is None
            else:
                assert _at(data, pointer) == value
    for section in diff.sections:
        old = _at(a, section.old_pointer) if section.old_pointer else {}
        new = _at(b, section.new_pointer) if section.new_pointer else {}
        assert section.id in (old.get("id"), new.get("id"))
        for field in section.fields:
            assert field.old == (old.get(field.field) or "") and field.new == (new.get(field.field) or "")
            assert all(text for _, text in field.tokens)
    assert json.dumps(diff.to_json()) == json.dumps(diff_policies(a, b).to_json())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chains())
def test_the_markdown_is_safe_whatever_the_text_says(versions: tuple[dict[str, Any], ...]) -> None:
    a, b, _ = versions
    diff = diff_policies(a, b)
    for language in ("en", "zh-CN"):
        for page in diff_markdown(diff, language).values():
            assert "<" not in re.sub(r"</?(ins|del)>", "", page)
            assert all(
                re.fullmatch(r"\{#diff-[a-z0-9-]+\}", brace) for brace in re.findall(r"\{[^}\n]*\}?", page)
            )
            html = markdown.markdown(
                page, extensions=["admonition", "attr_list", "tables", "sane_lists", "toc"]
            )
            tags = set(re.findall(r"<([a-z0-9]+)", html))
            assert tags <= {
                "h3",
                "p",
                "br",
                "ins",
                "del",
                "em",
                "strong",
                "table",
                "thead",
                "tbody",
                "tr",
                "th",
                "td",
            }


# ---------------------------------------------------------------- the building blocks, on their own

SHORT = st.lists(
    st.sampled_from(["a ", "b ", "c ", "a", "b", "我", "们", "的", " ", "\n", "x."]), max_size=12
).map("".join)
_SWAP = {"equal": "equal", "delete": "insert", "insert": "delete"}


@settings(max_examples=500, deadline=None)
@given(SHORT, SHORT)
def test_a_redline_spells_both_texts_and_reads_the_same_backwards(old: str, new: str) -> None:
    forward, backward = redline(old, new), redline(new, old)
    assert "".join(text for op, text in forward if op != "insert") == old
    assert "".join(text for op, text in forward if op != "delete") == new
    assert all(text for _, text in forward)
    assert all(a[0] != b[0] for a, b in itertools.pairwise(forward))  # neighbours differ
    flipped: list[tuple[str, str]] = []
    for op, text in backward:
        if _SWAP[op] == "delete" and flipped and flipped[-1][0] == "insert":
            flipped.insert(len(flipped) - 1, ("delete", text))
        else:
            flipped.append((_SWAP[op], text))
    assert tuple(flipped) == forward


@settings(max_examples=300, deadline=None)
@given(st.permutations([f"s{n}" for n in range(7)]), st.permutations([f"s{n}" for n in range(7)]))
def test_which_sections_moved_does_not_depend_on_the_direction(old: list[str], new: list[str]) -> None:
    kept = kept_in_order(old, new)
    assert kept == kept_in_order(new, old)
    assert [k for k in old if k in kept] == [k for k in new if k in kept]  # they do keep their order
