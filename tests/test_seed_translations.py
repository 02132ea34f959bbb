"""The translations of the seed policies: marked, complete, faithful in structure, really translated.

China Mobile Guangdong's Chinese policy has an English translation and ZTE's English policy a
Chinese one, both written for PolicyPress; the source language controls.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from policypress.translations import check_translations
from policypress.validate import validate_paths
from policypress.yamlload import load_file

from .test_render import _strings

ROOT = Path(__file__).resolve().parents[1]
POLICIES = ROOT / "policies"
# (the source, its translation)
PAIRS = [
    (POLICIES / "cmcc-guangdong" / "1" / "zh-CN.yaml", POLICIES / "cmcc-guangdong" / "1" / "en.yaml"),
    (POLICIES / "zte" / "1" / "en.yaml", POLICIES / "zte" / "1" / "zh-CN.yaml"),
]
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
UNOFFICIAL = {"en": "unofficial", "zh-CN": "非官方"}
WORDS = ("text", "markdown")  # the kinds of strings that are the policy's words


def pair_id(pair: tuple[Path, Path]) -> str:
    return pair[1].relative_to(POLICIES).as_posix()


def load(path: Path) -> dict[str, Any]:
    return load_file(path).data


def at(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


# Strings the schema gives a form (numbers, dates), the same in every language; and the source's
# numbering of items ('(1)', '1)'), which a translation may keep as written.
LANGUAGE_INDEPENDENT = frozenset(
    {"version", "supersedes", "published", "effective", "date", "archived_on", "postcode", "marker"}
)


def words(data: dict[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    """The strings in the policy's own language: text and Markdown, but no dates, numbers or addresses."""
    return [
        (path, value)
        for path, kind, value in _strings(data)
        if kind in WORDS
        and path[-1] not in LANGUAGE_INDEPENDENT
        and not (path[:2] == ("controller", "contacts") and path[-1] == "value")
    ]


def blocks(markdown: str) -> tuple[int, int]:
    """Paragraphs (and lists) and list items: the shape a faithful translation keeps."""
    paragraphs = [p for p in re.split(r"\n\s*\n", markdown.strip()) if p.strip()]
    items = re.findall(r"^\s*(?:[-*+]|[0-9]+[.)])\s", markdown, re.MULTILINE)
    return len(paragraphs), len(items)


@pytest.mark.parametrize("pair", PAIRS, ids=pair_id)
def test_the_translation_agrees_with_its_source(pair: tuple[Path, Path]) -> None:
    source, translated = pair
    result = validate_paths(list(pair), root=POLICIES)
    assert result.diagnostics == []
    assert check_translations(result.documents) == []
    assert {d.data["language"] for d in result.documents} == {
        load(source)["language"],
        load(translated)["language"],
    }


@pytest.mark.parametrize("pair", PAIRS, ids=pair_id)
def test_the_translation_is_marked_and_the_source_controls(pair: tuple[Path, Path]) -> None:
    source, translated = load(pair[0]), load(pair[1])
    assert "translation" not in source and source["controlling_language"] == source["language"]
    assert translated["controlling_language"] == source["language"]
    mark = translated["translation"]
    assert mark["from"] == source["language"]
    assert "PolicyPress" in mark["by"]
    unofficial = UNOFFICIAL[translated["language"]]
    assert unofficial in translated["title"]
    assert unofficial in mark["note"] and source["language"] in mark["note"]  # and which text prevails


@pytest.mark.parametrize("pair", PAIRS, ids=pair_id)
def test_every_text_of_the_source_is_translated_in_the_same_place(pair: tuple[Path, Path]) -> None:
    source, translated = load(pair[0]), load(pair[1])
    checked = 0
    for path, kind, value in _strings(source):
        if kind not in WORDS or path[0] == "source":
            continue
        counterpart = at(translated, path)
        assert isinstance(counterpart, str) and counterpart.strip(), path
        if kind == "markdown":
            assert blocks(counterpart) == blocks(value), path
        checked += 1
    assert checked >= 100


@pytest.mark.parametrize("pair", PAIRS, ids=pair_id)
def test_the_translation_is_written_in_its_own_language(pair: tuple[Path, Path]) -> None:
    """Not the source copied: Chinese in every Chinese text, none in the English ones."""
    translated = load(pair[1])
    chinese = translated["language"].startswith("zh")
    found = [(path, value) for path, value in words(translated) if path[0] != "source"]
    assert len(found) >= 100
    wrong = [(path, value) for path, value in found if bool(HAN.search(value)) != chinese]
    assert wrong == []


def test_the_words_helper_leaves_out_contact_addresses_and_dates() -> None:
    paths = [path for path, _ in words(load(PAIRS[1][1]))]
    assert ("controller", "contacts", 0, "value") not in paths
    assert ("translation", "date") not in paths
    assert ("controller", "contacts", 1, "label") in paths
    assert ("translation", "note") in paths
