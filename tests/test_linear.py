"""Nothing PolicyPress does with an author's text grows faster than the text.

Every worst case of benchmarks/worstcase.py (runs of one character that a pattern could split
many ways, openers never closed, CRLF lines a pattern could read two ways, …) goes through
every stage it names (loading, validation, a field on a page and in a manifest, a diff, a
feed, the console) at a size where anything quadratic would take minutes, and must finish in
seconds. They run in a child process with a timeout, so that a hang fails instead of hanging
the suite and names the case that hung. benchmarks/growth.py shows the same cases' growth.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import worstcase

# Generous: on a quiet machine the slowest case takes well under a second.
LIMIT_SECONDS = 10.0
STAGES = ("load", "validate", "explain", "diff", "console")
PAIRS = [(case.name, stage) for case in worstcase.CASES for stage in case.stages if stage in STAGES]


@pytest.fixture(scope="module")
def timings() -> dict[tuple[str, str], float]:
    """Seconds per (case, stage), from one child process; a case it did not reach is missing."""
    script = Path(worstcase.__file__)
    try:
        child = subprocess.run(
            [sys.executable, str(script), *STAGES],
            capture_output=True,
            text=True,
            timeout=LIMIT_SECONDS * len(PAIRS) / 4,
            check=False,
        )
        output, problem = child.stdout, child.stderr[-3000:] if child.returncode else ""
    except subprocess.TimeoutExpired as exc:
        output = exc.stdout.decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
        problem = "timed out"
    found: dict[tuple[str, str], float] = {}
    for line in output.splitlines():
        result: dict[str, Any] = json.loads(line)
        found[(result["case"], result["stage"])] = result["seconds"]
    if problem and len(found) < len(PAIRS):
        found[("", "")] = float("nan")  # the child failed: each missing case reports it
        print(problem, file=sys.stderr)
    return found


@pytest.mark.parametrize(("case", "stage"), PAIRS, ids=[f"{c}-{s}" for c, s in PAIRS])
def test_each_worst_case_is_handled_in_linear_time(
    case: str, stage: str, timings: dict[tuple[str, str], float]
) -> None:
    assert (case, stage) in timings, "not reached: an earlier case hung or the child failed (see stderr)"
    assert timings[(case, stage)] < LIMIT_SECONDS


def test_the_worst_cases_are_valid_policies_where_they_are_text() -> None:
    """The stages put the cases into a valid policy: a problem found must be the case's own."""
    assert worstcase.validate_document(worstcase.load_text(worstcase.POLICY, "w.yaml")) == []
    document = worstcase.load_text(worstcase.policy_file_with("plain words"), "w.yaml")
    assert worstcase.validate_document(document) == []
    assert document.data == worstcase.policy_with("plain words")
    assert worstcase.load_text(worstcase.CASES[0].make(10_000), "w.yaml").problems == []
