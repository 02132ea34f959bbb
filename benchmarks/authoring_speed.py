"""Two figures authors feel: how fast `policypress validate ONE.yaml` starts (it runs in a
pre-commit hook on every commit), and how long `policypress import` takes for a 300 KB policy.

    .venv/bin/python benchmarks/authoring_speed.py [--runs 7] [--importtime]

Cold start: the median wall time of `policypress validate FILE` in a new interpreter, side by
side with a bare `python -c pass` and with `python -c "import policypress.cli"`, run
alternately; `--importtime` adds the slowest imports (`python -X importtime`). Import: the
GitHub Privacy Statement of tests/import_corpus repeated to 300 KB (each copy's headings made
unique), imported in a new interpreter: median and the bar (30 s). Always exits 0.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLICY = ROOT / "policies" / "zte" / "1" / "en.yaml"
SOURCE = ROOT / "tests" / "import_corpus" / "github-privacy" / "2022-12-15.md"
IMPORT_BAR_S = 30.0
START_AIM_S = 0.3


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, check=False)
    return time.perf_counter() - start


def cold_start(runs: int) -> None:
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "import policypress.cli": [sys.executable, "-c", "import policypress.cli"],
        "policypress validate ONE.yaml": [sys.executable, "-m", "policypress.cli", "validate", str(POLICY)],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):  # alternately, so that the machine's load falls on all alike
        for name, command in commands.items():
            times[name].append(timed(command))
    bare = statistics.median(times["python -c pass"])
    print(f"Cold start, median of {runs} alternating runs ({POLICY.relative_to(ROOT)}):")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"  {name:32} {median:6.3f} s  (min {min(values):.3f})  {median / bare:5.1f}x bare python")
    validate = statistics.median(times["policypress validate ONE.yaml"])
    print(f"  validate minus bare python: {validate - bare:.3f} s; aim {START_AIM_S} s of wall time in all")


def import_breakdown(top: int = 15) -> None:
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "policypress.cli", "validate", str(POLICY)],
        capture_output=True,
        text=True,
        check=False,
    )
    rows = []
    for line in run.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if match and len(match.group(3)) <= 5:  # the package's imports and theirs, not every leaf
            rows.append((int(match.group(2)), match.group(4)))
    print("Slowest imports (cumulative, ms) of one run of validate ONE.yaml:")
    for micros, name in sorted(rows, reverse=True)[:top]:
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
        values = [timed([*command, "-o", str(Path(folder) / f"out{n}.yaml")]) for n in range(runs)]
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
    args = parser.parse_args(argv)
    cold_start(args.runs)
    if args.importtime:
        import_breakdown()
    import_speed(args.import_runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
