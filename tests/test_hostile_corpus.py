"""The hostile-YAML corpus (tests/hostile/, tests/hostile_corpus.py) against tests/hostile/EXPECTED.txt.

Every case is loaded in one child process with a timeout: a hang, a stack overflow or a
runaway allocation fails these tests rather than stopping them. Then the whole corpus goes
through `policypress validate`, also in a child with a timeout: one-line diagnostics and
a summary, never a traceback, never anything executed. Memory is measured with tracemalloc
on the shape that costs the most per byte.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from policypress.yamlload import LoadError, load_text

from .hostile_corpus import EXPECTED_FILE, GENERATED, HOSTILE, case_names, materialize, read_expected

ROOT = Path(__file__).resolve().parents[1]
NAMES = case_names()
# Generous bounds for two shared cores: the whole corpus loads in about ten seconds, and is
# validated in about 25 s of CPU, which took over 300 s of wall time at a load of 10; a case
# that is super-linear in its size would take hours.
LOAD_TIMEOUT = 300
VALIDATE_TIMEOUT = 900
DIAGNOSTIC = re.compile(r"[^\s:][^:]*:[1-9][0-9]*:[1-9][0-9]*: PP[0-9]{3} \S.*")
SUMMARY = re.compile(r"[0-9]+ file\(s\) checked: [0-9]+ error\(s\), [0-9]+ warning\(s\) — (valid|invalid)")
EXECUTED = "policypress-hostile-executed"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return materialize(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def outcomes(corpus: Path) -> dict[str, list[str]]:
    """Each case's outcome, from one child process that must finish in time and exit cleanly."""
    child = subprocess.run(
        [sys.executable, "-m", "tests.hostile_corpus", str(corpus), *NAMES],
        capture_output=True,
        text=True,
        timeout=LOAD_TIMEOUT,
        cwd=ROOT,
        check=False,
    )
    assert child.returncode == 0, f"the loader died (exit {child.returncode}): {child.stderr[-3000:]}"
    found = {item["case"]: item["lines"] for item in map(json.loads, child.stdout.splitlines())}
    if os.environ.get("POLICYPRESS_UPDATE_GOLDENS") == "1":
        _rewrite_expected(found)
    return found


def _rewrite_expected(found: dict[str, list[str]]) -> None:
    """Each case's lines replaced in place (comments and order kept); new cases at the end."""
    old = read_expected()
    written: set[str] = set()
    lines: list[str] = []
    for line in EXPECTED_FILE.read_text(encoding="utf-8").splitlines():
        name = next((n for n, expected in old.items() if line in expected), None)
        if name is None:
            lines.append(line)
        elif name not in written and name in found:
            lines.extend(found[name])
            written.add(name)
    lines.extend(line for name in NAMES if name not in written for line in found[name])
    EXPECTED_FILE.write_text("\n".join(lines) + "\n", encoding="utf-8")


EXPECTED = read_expected()


def test_every_case_has_an_expected_outcome() -> None:
    assert sorted(EXPECTED) == sorted(NAMES)
    committed = [n for n in NAMES if not n.startswith(GENERATED)]
    assert len(committed) >= 40 and len(NAMES) - len(committed) >= 20


@pytest.mark.parametrize("name", NAMES)
def test_case(name: str, outcomes: dict[str, list[str]]) -> None:
    lines = outcomes[name]
    assert lines == EXPECTED[name]
    # Whatever the file holds, each line is one line, and a refusal is located.
    for line in lines:
        assert "\n" not in line and "\r" not in line
        assert line.startswith(f"{name}: ") or DIAGNOSTIC.fullmatch(line), line


def test_the_expectations_cover_every_outcome_kind() -> None:
    """A guard on the corpus itself: it must hold cases read, refused, and read with problems."""
    read = [n for n, lines in EXPECTED.items() if lines[0].startswith(f"{n}: reads as ")]
    refused = [n for n in EXPECTED if n not in read]
    with_problems = [n for n in read if len(EXPECTED[n]) > 1]
    codes = {m for lines in EXPECTED.values() for line in lines for m in re.findall(r" (PP10[0-9]) ", line)}
    assert len(read) >= 10 and len(refused) >= 30 and len(with_problems) >= 5
    assert codes == {"PP100", "PP101", "PP102", "PP103", "PP104", "PP105", "PP106"}


def test_the_whole_corpus_through_the_command_line(corpus: Path) -> None:
    """Every file at once, as an author would run it: in time, one line per problem, exit 1."""
    child = subprocess.run(
        [sys.executable, "-m", "policypress.cli", "validate", "."],
        capture_output=True,
        text=True,
        timeout=VALIDATE_TIMEOUT,
        cwd=corpus,
        check=False,
    )
    assert child.returncode == 1, child.stderr[-3000:]
    assert "Traceback" not in child.stderr
    *diagnostics, summary = child.stderr.splitlines()
    assert SUMMARY.fullmatch(summary), summary
    assert summary.startswith(f"{len(NAMES)} file(s) checked: ") and summary.endswith("invalid")
    bad = [line[:200] for line in diagnostics if not DIAGNOSTIC.fullmatch(line) or len(line) > 1000]
    assert bad == []
    # A file refused by the loader gets exactly the loader's diagnostics.
    for name, expected in EXPECTED.items():
        if not expected[0].startswith(f"{name}: ") and not any(": … " in line for line in expected):
            assert [line for line in diagnostics if line.startswith(f"{name}:")] == expected
    # Past 100 problems in one file, a note and the first 100 (the many-keys case has 131,072).
    many = [line for line in diagnostics if line.startswith(f"{GENERATED}many-keys.yaml:")]
    assert len(many) == 101 and " PP107 " in many[0]
    assert not (corpus / EXECUTED).exists()


def test_nothing_in_the_corpus_is_executed(outcomes: dict[str, list[str]], corpus: Path) -> None:
    assert any("!!python/object/apply" in line for lines in outcomes.values() for line in lines)
    assert not (corpus / EXECUTED).exists() and not (ROOT / EXECUTED).exists()


def _peak_bytes(text: str) -> int:
    """The most memory the loader held at once for `text`."""
    tracemalloc.start()
    try:
        with contextlib.suppress(LoadError):
            load_text(text, "m.yaml")
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(
    "shape",
    [
        pytest.param(lambda n: "a: [" + "x," * (n // 2) + "]\n", id="flow-items"),
        pytest.param(lambda n: "a: 1\n" * (n // 5), id="duplicate-keys"),
        pytest.param(lambda n: "a: &x y\nb: [" + "*x," * (n // 3) + "]\n", id="aliases"),
    ],
)
def test_memory_grows_linearly_with_the_file(shape) -> None:
    """The costliest shapes per byte: one-character items each become nodes and values.

    Measured: up to about 170 bytes of memory per byte of such a file, so the 2 MiB limit
    bounds a file's memory near 350 MB; a policy of long texts needs about 2 bytes per byte.
    """
    small, large = shape(64 * 1024), shape(128 * 1024)
    peak_small, peak_large = _peak_bytes(small), _peak_bytes(large)
    assert peak_large / len(large) < 250, f"{peak_large / len(large):.0f} bytes per byte"
    assert peak_large / peak_small < 2.5, "memory grows faster than the file"


def test_a_real_policy_needs_little_memory_per_byte() -> None:
    text = (HOSTILE.parent / "invalid" / "_valid.yaml.txt").read_text(encoding="utf-8")
    long_text = text.replace(
        "text: Write to privacy@example.com with any question.",
        "text: " + "We process your data only as this notice says. " * 20_000,
    )
    assert _peak_bytes(long_text) / len(long_text) < 10
