"""CPU seconds per test file, children included: where the suite's time goes, whatever the load.

`./dev test` loads it (`-p tests.cpuclock`). A file's CPU is that of the pytest process and of
every process under it (MkDocs' workers, Chromium, Java, Node) from its first test to the next
file's first test, read from /proc: what a process spent after it ended counts through its
parent, which waited for it. So a session fixture counts in the file that built it, and the
browser's start in the first browser file. Load does not change these figures as it changes wall
time (CONTRIBUTING.md, "The test suite's time"). With pytest-xdist (files whole on each process,
`--dist loadfile`) each process measures its own files and the main process prints them all.
Linux only; a process that leaves its parent (a daemon) is not counted, nor what a process
spent once no process of the tree will wait for it (Chromium's, when the browser closes): the
figures are a little low for the browser files, and the total below `time`'s. /proc is read once per
file, not per test: reading it costs milliseconds.
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

_TICK = os.sysconf("SC_CLK_TCK")
_END = "(after the last test)"


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds of the process and of the children it has waited for)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()  # past "pid (name) "
    # fields[1] is the parent; [11:15] are utime, stime, cutime, cstime (man 5 proc)
    return int(fields[1]), sum(int(f) for f in fields[11:15]) / _TICK


def tree_cpu(root: int) -> float:
    """CPU seconds of process `root` and of every live process under it, with their waited-for children."""
    stats = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (stat := _stat(int(entry))) is not None:
            stats[int(entry)] = stat
    children: dict[int, list[int]] = defaultdict(list)
    for pid, (parent, _) in stats.items():
        children[parent].append(pid)
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        if pid in stats:
            total += stats[pid][1]
        todo.extend(children.get(pid, []))
    return total


class _Clock:
    def __init__(self) -> None:
        self.costs: dict[str, float] = defaultdict(float)
        self.current: str | None = None
        self.since = 0.0
        self.measures = True  # not in pytest-xdist's main process: its tree holds the others

    def switch(self, name: str) -> None:
        now = tree_cpu(os.getpid())
        if self.current is not None:
            # Never below 0: the CPU of a process that ended unwaited-for by any process in the
            # tree (Chromium's, when the browser closes) leaves the sum, and is lost, not undone.
            self.costs[self.current] += max(0.0, now - self.since)
        self.current, self.since = name, now


_clock = _Clock()


def pytest_configure(config: pytest.Config) -> None:
    distributing = bool(getattr(config.option, "numprocesses", None)) and not hasattr(config, "workerinput")
    _clock.measures = not distributing


def pytest_runtest_logstart(nodeid: str, location: tuple[str, int | None, str]) -> None:
    name = nodeid.split("::")[0]
    if _clock.measures and name != _clock.current:
        _clock.switch(name)


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _clock.measures:
        _clock.switch(_END)  # the last file's tests, its tear-down and the session's are counted
    workeroutput: dict[str, Any] | None = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # a pytest-xdist process: its main process prints
        workeroutput["cpuclock"] = dict(_clock.costs)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    """pytest-xdist's main process: a process ended; add its files' figures."""
    for name, cost in getattr(node, "workeroutput", {}).get("cpuclock", {}).items():
        _clock.costs[name] += cost


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    costs = _clock.costs
    if not costs:
        return
    write = terminalreporter.write_line
    terminalreporter.section("CPU seconds per test file (children included; tests/cpuclock.py)")
    write(f"{sum(costs.values()):8.1f}  in all")
    for name, cost in sorted(costs.items(), key=lambda item: -item[1])[:40]:
        write(f"{cost:8.1f}  {name}")
