"""The official yaml-test-suite error cases (../shared/corpora/yaml-test-suite-errors/).

Every file there is invalid YAML 1.2. The loader must refuse it with located,
one-line diagnostics, or (where libyaml accepts the input) load it; never raise
anything else, and give the same answer every time. The corpus lives outside the
project: in a fresh clone it is absent and this module is skipped.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from policypress.diagnostics import Code
from policypress.validate import validate_document
from policypress.yamlload import LoadError, load_file

SUITE = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "yaml-test-suite-errors"

if not SUITE.is_dir():
    pytest.skip(f"the yaml-test-suite corpus is not there ({SUITE})", allow_module_level=True)

FILES = sorted(SUITE.glob("*.yaml"))
SUITE_SIZE = 52
# Measured: all 52 are refused (44 as YAML syntax errors, 8 as a list, a scalar or several
# documents instead of one mapping). libyaml alone accepts three of them; the loader finds
# what it misread there (yamlstrict.py) and refuses them too.
MIN_REJECTED = 52
KNOWN_ACCEPTED: set[str] = set()
MISREAD_BY_LIBYAML = {
    "yts-DK95-01-tabs-that-look-like-indentation.yaml": (2, 1, "a tab cannot indent YAML"),
    "yts-S98Z-block-scalar-with-more-spaces-than-first-content-line.yaml": (
        4,
        2,
        "a blank line at the start",
    ),
    "yts-X4QW-comment-without-whitespace-after-block-scalar-indicator.yaml": (1, 9, "a comment after >"),
}
LOAD_CODES = {Code.UNREADABLE, Code.YAML_SYNTAX, Code.YAML_FEATURE, Code.NOT_A_POLICY, Code.TOO_LARGE}

Outcome = tuple[str, object]


def outcome(path: Path) -> Outcome:
    """("rejected", diagnostics) or ("accepted", (data, problems)); any other exception propagates."""
    try:
        doc = load_file(path, path.name)
    except LoadError as exc:
        return "rejected", tuple((d.file, d.line, d.column, d.code, d.message) for d in exc.diagnostics)
    return "accepted", (doc.data, tuple(doc.problems))


@cache
def first_outcome(path: Path) -> Outcome:
    return outcome(path)


def all_outcomes() -> dict[str, Outcome]:
    return {path.name: first_outcome(path) for path in FILES}


def test_the_corpus_is_complete() -> None:
    assert len(FILES) == SUITE_SIZE
    listed = set(re.findall(r"^\| (yts-\S+\.yaml) \|", (SUITE / "README.md").read_text("utf-8"), re.M))
    assert listed == {path.name for path in FILES}


def test_rejection_count() -> None:
    outcomes = all_outcomes()
    rejected = sorted(name for name, (kind, _) in outcomes.items() if kind == "rejected")
    accepted = sorted(name for name, (kind, _) in outcomes.items() if kind == "accepted")
    by_code = Counter(d[3].value for kind, found in outcomes.values() if kind == "rejected" for d in found)
    report = (
        f"{len(rejected)} rejected ({dict(sorted(by_code.items()))}), {len(accepted)} accepted: {accepted}"
    )
    assert len(rejected) + len(accepted) == SUITE_SIZE
    assert len(rejected) >= MIN_REJECTED, report
    assert set(accepted) <= KNOWN_ACCEPTED, report


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name.split("-")[1])
def test_error_case(path: Path) -> None:
    first = first_outcome(path)
    assert outcome(path) == first, "not deterministic"
    kind, detail = first
    if kind == "rejected":
        assert isinstance(detail, tuple)
        assert detail
        lines = path.read_bytes().count(b"\n") + 1
        for file, line, column, code, message in detail:
            assert file == path.name
            assert 1 <= line <= lines + 1
            assert column >= 1
            assert code in LOAD_CODES
            assert message.strip() and "\n" not in message and "\r" not in message
    else:
        # libyaml accepts it: it must still load to plain data and validate the same way twice.
        assert path.name in KNOWN_ACCEPTED
        doc = load_file(path, path.name)
        assert isinstance(doc.data, dict)
        first_report = [d.format() for d in validate_document(doc)]
        assert first_report == [d.format() for d in validate_document(load_file(path, path.name))]
        assert first_report  # none of them is a policy


def test_rejected_ones_are_mostly_syntax_errors() -> None:
    codes = [found[0][3] for kind, found in all_outcomes().values() if kind == "rejected"]
    assert codes.count(Code.YAML_SYNTAX) >= 44


@pytest.mark.parametrize("name", sorted(MISREAD_BY_LIBYAML))
def test_what_libyaml_misreads_is_refused_at_its_place(name: str) -> None:
    kind, found = first_outcome(SUITE / name)
    assert kind == "rejected"
    line, column, words = MISREAD_BY_LIBYAML[name]
    assert [(d[1], d[2], d[3]) for d in found] == [(line, column, Code.YAML_SYNTAX)]  # type: ignore[union-attr]
    assert words in found[0][4]  # type: ignore[index]
