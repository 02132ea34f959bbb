"""Which worker pool: parallel.py's hand-written one against the standard library's, on a full build.

    python benchmarks/pool_speed.py [N] [--repeat 3] [--seed 0] [--keep DIR] [--quick]

For N policies (default 1000) it prepares build_speed.py's two sites (the plugin's and the same
pages as plain Markdown) and builds them, interleaved and in a rotating order, `--repeat` times
each in three ways: the plugin as it is (parallel.Workers), the plugin with
concurrent.futures.ProcessPoolExecutor in its place (stdlib_pool.py: the same batches and jobs,
without keeping each policy's data on one worker or leaving MkDocs a core), and the plain site.
It prints each one's median wall and CPU time, its ratio to the plain site against the 1.10 bar
the full build must hold, and whether the standard library's pool holds it. Exit status: 0 after
measuring, 2 on bad arguments, 1 if a build fails.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchrun import Sizes, load_average, parse, parser, took, work_folder
from build_speed import OVERHEAD_BAR, Build, BuildFailed, build, medians, prepare, start
from validate_speed import table

STDLIB = [sys.executable, str(Path(__file__).resolve().parent / "stdlib_pool.py")]
# (name, site, the command that runs mkdocs)
WAYS = (("workers", "plugin", ()), ("stdlib pool", "plugin", tuple(STDLIB)), ("plain", "plain", ()))


def measure(work: Path, n: int, seed: int, repeat: int) -> dict[str, list[Build]]:
    measured = prepare(work, n, seed)
    pages, files = measured.pages, measured.json_files
    print(f"\nN={n}: {pages} pages, {files} JSON files (load average {load_average()})")
    builds: dict[str, list[Build]] = {name: [] for name, _, _ in WAYS}
    for r in range(repeat):
        order = WAYS[r % 3 :] + WAYS[: r % 3]
        for name, site, mkdocs in order:
            folder = work / site / f"site-{name.replace(' ', '-')}-{r + 1}"
            builds[name].append(build(work / site, folder, mkdocs))
            shown = builds[name][-1]
            print(
                f"  repeat {r + 1}: {name} {shown.seconds:.2f} s (CPU {shown.cpu_seconds:.2f} s)", flush=True
            )
    return builds


def report(n: int, builds: dict[str, list[Build]]) -> None:
    plain = medians(builds["plain"]).seconds
    rows = [["way", "median s", "min s", "max s", "x plain", "CPU s", "max RSS MiB", "all MiB"]]
    for name, found in builds.items():
        median = medians(found)
        rows.append(
            [
                name,
                f"{median.seconds:.2f}",
                f"{min(b.seconds for b in found):.2f}",
                f"{max(b.seconds for b in found):.2f}",
                f"{median.seconds / plain:.3f}",
                f"{median.cpu_seconds:.2f}",
                f"{median.max_rss_mib:.0f}",
                f"{median.tree_mib:.0f}",
            ]
        )
    print(f"\nN={n}: wall time of each way's builds, CPU time and memory as in build_speed.py\n")
    print(table(rows, left=2))
    print("\nVerdicts")
    for name in ("workers", "stdlib pool"):
        ratio = medians(builds[name]).seconds / plain
        verdict = "holds" if ratio <= OVERHEAD_BAR else "does not hold"
        print(f"  {name}: {ratio:.3f}x plain -> {verdict} the {OVERHEAD_BAR:.2f}x bar")


SIZES = Sizes(
    ns=(1000,),
    runs=3,
    runs_help="builds of each way",
    quick_ns=(48,),
    quick_help="smoke run: N = 48, one build each",
    several=False,
)


def main(argv: list[str] | None = None) -> int:
    run = parse(parser("Time the plugin's worker pool against the standard library's.", SIZES), SIZES, argv)
    n = run.ns[0]
    started = time.perf_counter()
    start("PolicyPress worker pools: parallel.Workers against concurrent.futures.ProcessPoolExecutor")
    with work_folder(run.keep, "policypress-pool-bench-") as work:
        try:
            builds = measure(work / f"n{n}", n, run.seed, run.runs)
        except BuildFailed as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    report(n, builds)
    took(started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
