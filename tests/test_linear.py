"""Nothing PolicyPress does with an author's text grows faster than the text.

Every worst case of benchmarks/worstcase.py (runs of one character that a pattern could split
many ways, openers never closed, CRLF lines a pattern could read two ways, …) goes through
every stage it names (loading, validation, a field on a page and in a manifest, a diff, a
feed, the console) at a size where anything quadratic would take minutes, and must finish in
seconds. They run in a child process with a timeout, so that a hang fails instead of hanging
the suite and names the case that hung. benchmarks/growth.py shows the same cases' growth.
"""

from __future__ import annotations

import atexit
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

from policypress import schemas, semantics, textrules
from policypress.diagnostics import Severity

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import worstcase

# Generous: on a quiet machine the slowest case takes a second or two.
LIMIT_SECONDS = 10.0
PAIRS = [(case.name, stage) for case in worstcase.CASES for stage in case.stages]
_TIMEOUT = LIMIT_SECONDS * len(PAIRS) / 2  # every stage of every case; a loaded machine is slow
_OUTPUT = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # noqa: SIM115 - read by the fixture
_ERRORS = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # noqa: SIM115
_CHILDREN: list[subprocess.Popen[bytes]] = []
_STARTED: list[float] = []


def _start() -> subprocess.Popen[bytes]:
    if not _CHILDREN:
        _CHILDREN.append(
            subprocess.Popen([sys.executable, str(Path(worstcase.__file__))], stdout=_OUTPUT, stderr=_ERRORS)
        )
        _STARTED.append(time.monotonic())
    return _CHILDREN[0]


# In one process the child starts when the suite collects this module, so that it runs beside
# the tests before it. Under pytest-xdist every process collects every module but one runs these
# tests: the child starts when they need it, so it runs once, not once per process.
if not os.environ.get("PYTEST_XDIST_WORKER"):
    _start()


@atexit.register
def _stop() -> None:
    """A run that never asked for the timings (these tests deselected) ends the child too."""
    for child in _CHILDREN:
        if child.poll() is None:
            child.kill()
            child.wait()
    _OUTPUT.close()
    _ERRORS.close()


@pytest.fixture(scope="module")
def timings() -> dict[tuple[str, str], float]:
    """Seconds per (case, stage), from the child process; a case it did not reach is missing."""
    child = _start()
    try:
        child.wait(timeout=max(1.0, _TIMEOUT - (time.monotonic() - _STARTED[0])))
        _ERRORS.seek(0)
        problem = _ERRORS.read()[-3000:] if child.returncode else ""
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
        problem = "timed out"
    _OUTPUT.seek(0)
    found: dict[tuple[str, str], float] = {}
    for line in _OUTPUT.read().splitlines():
        result: dict[str, Any] = json.loads(line)
        found[(result["case"], result["stage"])] = result["seconds"]
    if problem:
        print(problem, file=sys.stderr)
    return found


@pytest.mark.parametrize(("case", "stage"), PAIRS, ids=[f"{c}-{s}" for c, s in PAIRS])
def test_each_worst_case_is_handled_in_linear_time(
    case: str, stage: str, timings: dict[tuple[str, str], float]
) -> None:
    assert (case, stage) in timings, "not reached: an earlier case hung or the child failed (see stderr)"
    assert timings[(case, stage)] < LIMIT_SECONDS


def test_the_worst_cases_are_what_validation_accepts_where_a_build_needs_that() -> None:
    """A build only gets what validation accepted: the stages that stand for one (pages, diffs,
    feeds) put each case into a valid policy, cut to the limits of textrules.py."""
    assert worstcase.validate_document(worstcase.load_text(worstcase.POLICY, "w.yaml")) == []
    document = worstcase.load_text(worstcase.policy_file_with("plain words"), "w.yaml")
    assert worstcase.validate_document(document) == []
    assert worstcase.load_text(worstcase.CASES[0].make(10_000), "w.yaml").problems == []
    for case in worstcase.CASES:
        data = worstcase.policy_with(case.make(25_000))
        assert schemas.is_valid(data) and textrules.check(data) == [], case.name
        assert [f for f in semantics.check(data) if f.severity is Severity.ERROR] == [], case.name
