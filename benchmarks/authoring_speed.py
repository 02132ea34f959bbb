"""Two figures authors feel: how fast `policypress validate ONE.yaml` starts (it runs in a
pre-commit hook on every commit), and how long `policypress import` takes for a 300 KB policy.

    .venv/bin/python benchmarks/authoring_speed.py [--runs 7] [--importtime] [--baseline DIR]

Cold start: the median wall and CPU time of `policypress validate FILE` in a new interpreter, side
by side with a bare `python -c pass` and with `python -c "import policypress.cli"`, run
alternately: with compiled bytecode (as `pip install` leaves it), without any (every module
compiled on every run, as PYTHONDONTWRITEBYTECODE=1 gives), and, with `--baseline DIR`, another
checkout's code (e.g. main's, `git archive main plugins schema | tar -x -C DIR`) with compiled
bytecode; `--importtime` adds the slowest imports (`python -X importtime`, medians). Import: the
GitHub Privacy Statement of tests/import_corpus repeated to 300 KB (each copy's headings made
unique), imported in a new interpreter: median and the bar (30 s). Always exits 0.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchrun import load_average

ROOT = Path(__file__).resolve().parents[1]
POLICY = ROOT / "policies" / "zte" / "1" / "en.yaml"
SOURCE = ROOT / "tests" / "import_corpus" / "github-privacy" / "2022-12-15.md"
IMPORT_BAR_S = 30.0
START_AIM_S = 0.3


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of `command`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, check=False, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def environment(cache: Path | None, baseline: Path | None = None) -> dict[str, str]:
    """The environment of a run: with `cache`, Python keeps compiled bytecode there (as a pip
    install gives it); without, every module is compiled from source on every run (what
    PYTHONDONTWRITEBYTECODE=1 and an install without .pyc files give). With `baseline`, the
    package is imported from that checkout's plugins/ folder instead of this one."""
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONDONTWRITEBYTECODE",)}
    env.pop("PYTHONPATH", None)
    if cache is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "policypress-bench-no-pyc")
    else:
        env["PYTHONPYCACHEPREFIX"] = str(cache)
    if baseline is not None:
        env["PYTHONPATH"] = str(baseline / "plugins")
    return env


def cold_start(runs: int, baseline: Path | None = None) -> dict[str, float]:
    """Medians of alternating runs; returns the validate medians by variant (for tests)."""
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "import policypress.cli": [sys.executable, "-c", "import policypress.cli"],
        "validate ONE.yaml": [sys.executable, "-m", "policypress.cli", "validate", str(POLICY)],
    }
    found: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        variants: dict[str, dict[str, str]] = {"this checkout": environment(Path(folder) / "pyc")}
        if baseline is not None:
            variants["baseline"] = environment(Path(folder) / "pyc-baseline", baseline)
        variants["this checkout, no .pyc"] = environment(None)
        for variant, env in variants.items():  # a first run compiles the bytecode the others read
            for command in commands.values():
                if "no .pyc" not in variant:
                    timed(command, env)
        times: dict[tuple[str, str], list[tuple[float, float]]] = {
            (variant, name): [] for variant in variants for name in commands
        }
        for _ in range(runs):  # alternately, so that the machine's load falls on all alike
            for variant, env in variants.items():
                for name, command in commands.items():
                    times[variant, name].append(timed(command, env))
    bare = statistics.median(wall for wall, _ in times[next(iter(variants)), "python -c pass"])
    print(
        f"Cold start, median of {runs} alternating runs ({POLICY.relative_to(ROOT)}), "
        f"load average {load_average()}:"
    )
    print(f"  {'variant':24} {'command':24} {'wall':>8} {'CPU':>8} {'x bare':>7}")
    for (variant, name), values in times.items():
        wall = statistics.median(w for w, _ in values)
        cpu = statistics.median(c for _, c in values)
        print(f"  {variant:24} {name:24} {wall:7.3f}s {cpu:7.3f}s {wall / bare:6.1f}x")
        if name == "validate ONE.yaml":
            found[variant] = wall
    print(f"  aim: {START_AIM_S} s of wall time for validate ONE.yaml (with compiled bytecode)")
    return found


def import_breakdown(runs: int = 5, top: int = 15) -> None:
    """The slowest imports of validate ONE.yaml, by cumulative time (median of `runs`), with
    compiled bytecode."""
    rows: dict[str, list[int]] = {}
    with tempfile.TemporaryDirectory() as folder:
        env = environment(Path(folder))
        command = [sys.executable, "-X", "importtime", "-m", "policypress.cli", "validate", str(POLICY)]
        subprocess.run(command, capture_output=True, check=False, env=env)
        for _ in range(runs):
            run = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
            for line in run.stderr.splitlines():
                match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
                if match and len(match.group(3)) <= 3:  # the package's imports and theirs, not every leaf
                    rows.setdefault(match.group(4), []).append(int(match.group(2)))
    medians = sorted(((statistics.median(values), name) for name, values in rows.items()), reverse=True)
    print(f"Slowest imports of validate ONE.yaml (cumulative, ms, median of {runs}, compiled bytecode):")
    for micros, name in medians[:top]:
        print(f"  {micros / 1000:8.1f}  {name}")


def big_policy(folder: Path, size: int = 300_000) -> Path:
    text = SOURCE.read_text(encoding="utf-8")
    copies, copy = [], 0
    while sum(map(len, copies)) < size:
        copy += 1
        copies.append(re.sub(r"^(#+ .*)$", rf"\1 (part {copy})", text.split("---\n", 2)[2], flags=re.M))
    path = folder / "big.md"
    path.write_text("".join(copies), encoding="utf-8")
    return path


def import_speed(runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = big_policy(Path(folder))
        command = [sys.executable, "-m", "policypress.cli", "import", str(source), "--policy", "big"]
        values = [timed([*command, "-o", str(Path(folder) / f"out{n}.yaml")])[0] for n in range(runs)]
        outputs = {(Path(folder) / f"out{n}.yaml").read_bytes() for n in range(runs)}
        kib = source.stat().st_size / 1024
        median = statistics.median(values)
        verdict = "PASS" if median <= IMPORT_BAR_S else "FAIL"
        print(
            f"Import of a {kib:.0f} KiB Markdown policy, median of {runs}: "
            f"{median:.2f} s (min {min(values):.2f})"
        )
        print(
            f"  bar: at most {IMPORT_BAR_S:.0f} s -> {verdict}; "
            f"identical output every run: {len(outputs) == 1}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--import-runs", type=int, default=3)
    parser.add_argument("--importtime", action="store_true")
    parser.add_argument(
        "--baseline",
        type=Path,
        help="another checkout (with plugins/ and schema/, e.g. `git archive main plugins schema`) "
        "to time side by side",
    )
    args = parser.parse_args(argv)
    cold_start(args.runs, args.baseline)
    if args.importtime:
        import_breakdown(max(1, min(args.runs, 5)))
    import_speed(args.import_runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
