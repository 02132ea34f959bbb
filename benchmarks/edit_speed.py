"""Edit to page: how long an author waits, under `mkdocs serve`, to see an edited policy.

    python benchmarks/edit_speed.py [N ...] [--edits 5] [--seed 0] [--keep DIR] [--clean] [--quick]

For each N (default: 100 1000) it generates N policies (benchmarks/generate.py) into the build
benchmark's plugin site (build_speed.py: the project's theme, Markdown extensions and search),
then:

  1. times one full build, a fresh `mkdocs build --strict` process, for comparison;
  2. starts `mkdocs serve --dirty --strict` (what `./dev serve` runs) on a free port of 127.0.0.1
     and waits until it serves a policy page (its first build is a full one);
  3. `--edits` times: adds a word to the first paragraph of one policy's English text (a
     different policy each time) and fetches that policy's page every 20 ms until the page holds
     the word. The time from the write to that answer is the edit-to-page figure. It includes
     MkDocs' file watcher, which looks for changes every 0.5 s, and the rebuild (the server
     holds every request while it rebuilds). The rebuild's own time is read from serve's log.

With `--clean`, the same edits are timed under `mkdocs serve --strict` without `--dirty`, where
MkDocs writes every page on each change (the plugin still keeps its own work): for context.
It prints the medians, the min and max, and the full build's time over the edit-to-page median,
beside the machine's load. Exit status: 0 after measuring, 2 on bad arguments, 1 if a build or
the server fails.
"""

from __future__ import annotations

import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchrun import Sizes, load_average, parse, parser, work_folder
from build_speed import BuildFailed, _env, _write_site, build, start
from generate import generate
from validate_speed import table

POLL_SECONDS = 0.02
# The longest wait for the server's first build, and for one edit to show.
START_TIMEOUT = 3600.0
EDIT_TIMEOUT = 600.0
_BUILT = re.compile(r"Documentation built in ([\d.]+) seconds")


@dataclass
class Served:
    """What one serve session measured: its first build, and each edit's wait and rebuild."""

    start_s: float = 0.0
    edits: list[float] = field(default_factory=list)
    rebuilds: list[float] = field(default_factory=list)


@dataclass
class Measured:
    n: int
    full_build_s: float = 0.0
    served: dict[str, Served] = field(default_factory=dict)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=EDIT_TIMEOUT) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, OSError):
        return None


def edit(path: Path, word: str) -> None:
    """Add `word` to the end of the first line of the policy's first text (a block of Markdown)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("sections:"))
    at = next(i for i in range(start, len(lines)) if lines[i].strip() == "text: |") + 1
    lines[at] = lines[at].rstrip("\n") + f" {word}\n"
    path.write_text("".join(lines), encoding="utf-8")


def edited_pages(policies: Path, count: int) -> list[tuple[Path, str]]:
    """`count` English files of different policies, spread over the site, with their page's path."""
    files = sorted(policies.glob("*/*/en.yaml"))
    step = max(1, len(files) // count)
    return [(f, f"policies/{f.parent.parent.name}/en/") for f in files[::step][:count]]


def serve(root: Path, edits: int, *, dirty: bool) -> Served:
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    command = [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dev-addr", f"127.0.0.1:{port}"]
    if dirty:
        command.append("--dirty")
    log_path = root / f"serve-{'dirty' if dirty else 'clean'}.log"
    targets = edited_pages(root / "policies", edits)
    measured = Served()
    with log_path.open("wb") as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=root, stdout=log, stderr=subprocess.STDOUT, env=_env())
        try:
            while fetch(base + targets[0][1]) is None:
                if process.poll() is not None or time.perf_counter() - start > START_TIMEOUT:
                    raise BuildFailed(f"mkdocs serve did not start: see {log_path}")
                time.sleep(0.2)
            measured.start_s = time.perf_counter() - start
            for number, (path, page) in enumerate(targets, 1):
                word = f"Edited{number}x{os.getpid()}{'d' if dirty else 'c'}"
                builds_before = len(_BUILT.findall(log_path.read_text(encoding="utf-8", errors="replace")))
                written = time.perf_counter()
                edit(path, word)
                while word not in (fetch(base + page) or ""):
                    if process.poll() is not None or time.perf_counter() - written > EDIT_TIMEOUT:
                        raise BuildFailed(f"the edit of {path} never showed: see {log_path}")
                    time.sleep(POLL_SECONDS)
                measured.edits.append(time.perf_counter() - written)
                built = _BUILT.findall(log_path.read_text(encoding="utf-8", errors="replace"))
                measured.rebuilds.extend(float(s) for s in built[builds_before:])
        finally:
            process.terminate()
            process.wait(timeout=60)
    return measured


def measure(work: Path, n: int, seed: int, edits: int, modes: list[bool]) -> Measured:
    root = work / f"n{n}"
    generate(root / "policies", n, seed)
    _write_site(root, plugin=True)
    measured = Measured(n)
    measured.full_build_s = build(root, root / "site-full").seconds
    print(f"\nN={n}: full build {measured.full_build_s:.2f} s (load average {load_average()})")
    for dirty in modes:
        name = "serve --dirty" if dirty else "serve"
        served = measured.served[name] = serve(root, edits, dirty=dirty)
        print(
            f"  {name}: first build and page {served.start_s:.2f} s; edit to page "
            + ", ".join(f"{s:.2f}" for s in served.edits)
            + " s; rebuilds "
            + ", ".join(f"{s:.2f}" for s in served.rebuilds)
            + f" s (load average {load_average()})"
        )
    return measured


def report(results: list[Measured]) -> None:
    rows = [["N", "mode", "edit to page median s", "min s", "max s", "rebuild median s", "full build s", "x"]]
    for m in results:
        for name, served in m.served.items():
            median = statistics.median(served.edits)
            rows.append(
                [
                    str(m.n),
                    name,
                    f"{median:.2f}",
                    f"{min(served.edits):.2f}",
                    f"{max(served.edits):.2f}",
                    f"{statistics.median(served.rebuilds):.2f}" if served.rebuilds else "-",
                    f"{m.full_build_s:.2f}",
                    f"{m.full_build_s / median:.1f}",
                ]
            )
    print("\nResults (x: the full build's time over the edit-to-page median)\n")
    print(table(rows, left=2))


SIZES = Sizes(
    ns=(100, 1000),
    runs=5,
    runs_flag="--edits",
    runs_help="edits timed per N and mode",
    quick_ns=(4,),
    quick_runs=2,
    quick_help="smoke run: N = 4, two edits",
    smallest_n=2,
    why_smallest=" (a policy is an English and a Chinese file)",
    keep_help="work in DIR (new or empty) and keep it",
)


def main(argv: list[str] | None = None) -> int:
    found = parser("Time an edited policy's way to the served page.", SIZES)
    found.add_argument("--clean", action="store_true", help="also time serve without --dirty")
    run = parse(found, SIZES, argv)
    start("PolicyPress edit to page: mkdocs serve, an edited policy, its page")
    modes = [True, False] if run.args.clean else [True]
    with work_folder(run.keep, "policypress-edit-bench-") as work:
        try:
            results = [measure(work, n, run.seed, run.runs, modes) for n in run.ns]
        except BuildFailed as exc:
            print(f"\nFAILED: {exc}")
            return 1
    report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
