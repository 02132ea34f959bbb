"""The five seed policies are encoded completely and faithfully."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from policypress.cli import main
from policypress.yamlload import load_file

from .seedcheck import fragments, missing_fragments

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
FACT_FILES = sorted((ROOT / "tests" / "seed_facts").glob("*.yaml"))


def _facts(path: Path) -> dict[str, Any]:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def resolve(data: Any, pointer: str) -> Any:
    """A JSON pointer in which a segment `@ID` selects the list item with that id."""
    for raw in pointer.strip("/").split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(data, list):
            if part.startswith("@"):
                matches = [item for item in data if isinstance(item, dict) and item.get("id") == part[1:]]
                assert matches, f"no item with id {part[1:]!r} at {pointer}"
                data = matches[0]
            else:
                data = data[int(part)]
        else:
            assert isinstance(data, dict) and part in data, f"{pointer}: no {part!r}"
            data = data[part]
    return data


def test_there_are_five_seed_fact_files() -> None:
    assert len(FACT_FILES) == 5


def test_the_policies_folder_is_valid_and_the_seeds_are_valid_in_strict_mode(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Every file under policies/ validates (an author's own draft may still have warnings, such as
    its TODOs); the seeds have no warning either."""
    root = str(ROOT / "policies")
    assert main(["validate", "--root", root, root]) == 0
    seeds = [str(ROOT / _facts(path)["file"]) for path in FACT_FILES]
    translations = [
        str(ROOT / "policies" / "cmcc-guangdong" / "1" / "en.yaml"),
        str(ROOT / "policies" / "zte" / "1" / "zh-CN.yaml"),
    ]
    assert main(["validate", "--strict", "--root", root, *seeds, *translations]) == 0
    assert (
        f"{len(seeds) + len(translations)} file(s) checked: 0 error(s), 0 warning(s)"
        in capsys.readouterr().err
    )


def is_absent(data: Any, pointer: str) -> bool:
    """Whether nothing is at `pointer` (its parent exists): a fact the source does not state."""
    parent, _, last = pointer.rstrip("/").rpartition("/")
    holder = resolve(data, parent) if parent else data
    if isinstance(holder, list):
        if last.startswith("@"):
            return not any(isinstance(item, dict) and item.get("id") == last[1:] for item in holder)
        return int(last) >= len(holder)
    return isinstance(holder, dict) and last not in holder


@pytest.mark.parametrize("fact_file", FACT_FILES, ids=lambda p: p.stem)
def test_seed_facts(fact_file: Path) -> None:
    """Facts a reader must find (`is`), and facts the source does not state, which must stay
    unsaid (`absent: true`): a guessed flag or link is as wrong as a wrong value."""
    spec = _facts(fact_file)
    data = load_file(ROOT / spec["file"]).data
    assert len(spec["facts"]) >= 8
    for fact in spec["facts"]:
        if fact.get("absent"):
            assert is_absent(data, fact["at"]), f"{fact['at']} is stated, but the source does not say it"
        else:
            assert resolve(data, fact["at"]) == fact["is"], fact["at"]


def test_an_absent_fact_is_told_from_a_present_one() -> None:
    data = {"a": {"b": 1}, "items": [{"id": "x"}]}
    assert is_absent(data, "/a/c") and not is_absent(data, "/a/b")
    assert is_absent(data, "/items/@y") and not is_absent(data, "/items/@x")
    assert is_absent(data, "/items/1") and not is_absent(data, "/items/0")


@pytest.mark.parametrize("fact_file", FACT_FILES, ids=lambda p: p.stem)
def test_seed_text_is_complete(fact_file: Path) -> None:
    """Every sentence of the seed is in the policy, or named as carried by a structured field."""
    seed = SEEDS / _facts(fact_file)["seed"]
    if not seed.exists():
        pytest.skip("../shared/seeds is not beside this checkout")
    spec = _facts(fact_file)
    data = load_file(ROOT / spec["file"]).data
    seed_text = seed.read_text(encoding="utf-8")
    structured = spec.get("structured") or []
    carried = set()
    for entry in structured:
        resolve(data, entry["at"])  # the field carrying it exists
        reduced = list(fragments(entry["text"]))
        assert reduced, entry
        assert all(f in set(fragments(seed_text)) for f in reduced), f"not a seed sentence: {entry['text']}"
        carried.update(reduced)
    missing = [f for f in missing_fragments(seed_text, data) if f not in carried]
    assert missing == []


def test_seedcheck_notices_a_dropped_sentence() -> None:
    seed = "We keep your data.\nWe never sell your personal information to anyone.\n"
    assert missing_fragments(seed, {"a": "We keep your data."}) == [
        "weneversellyourpersonalinformationtoanyone"
    ]
    assert (
        missing_fragments(
            seed, {"a": ["we keep your data", "We never sell your personal information to anyone"]}
        )
        == []
    )


SEED_FILE_NAME = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")


@pytest.mark.parametrize("folder", ["policies", "tests/fixtures/site/policies"])
def test_no_published_text_names_an_internal_seed_file(folder: str) -> None:
    """Where a policy was encoded from is the project's business (a YAML comment), not a reader's."""
    for path in sorted((ROOT / folder).glob("*/*/*.yaml")):
        published = json.dumps(load_file(path).data, ensure_ascii=False)
        assert not SEED_FILE_NAME.search(published), path
