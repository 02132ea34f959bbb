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

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_speed import OVERHEAD_BAR, Build, BuildFailed, _load, build, check_keep, prepare, start
from validate_speed import table

STDLIB = [sys.executable, str(Path(__file__).resolve().parent / "stdlib_pool.py")]
# (name, site, the command that runs mkdocs)
WAYS = (("workers", "plugin", ()), ("stdlib pool", "plugin", tuple(STDLIB)), ("plain", "plain", ()))


def measure(work: Path, n: int, seed: int, repeat: int) -> dict[str, list[Build]]:
    measured = prepare(work, n, seed)
    print(f"\nN={n}: {measured.pages} pages, {measured.json_files} JSON files (load average {_load()})")
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
    plain = statistics.median(b.seconds for b in builds["plain"])
    rows = [["way", "median s", "min s", "max s", "x plain", "CPU s", "max RSS MiB", "all MiB"]]
    for name, found in builds.items():
        median = statistics.median(b.seconds for b in found)
        rows.append(
            [
                name,
                f"{median:.2f}",
                f"{min(b.seconds for b in found):.2f}",
                f"{max(b.seconds for b in found):.2f}",
                f"{median / plain:.3f}",
                f"{statistics.median(b.cpu_seconds for b in found):.2f}",
                f"{statistics.median(b.max_rss_mib for b in found):.0f}",
                f"{statistics.median(b.tree_mib for b in found):.0f}",
            ]
        )
    print(f"\nN={n}: wall time of each way's builds, CPU time and memory as in build_speed.py\n")
    print(table(rows, left=2))
    print("\nVerdicts")
    for name in ("workers", "stdlib pool"):
        ratio = statistics.median(b.seconds for b in builds[name]) / plain
        verdict = "holds" if ratio <= OVERHEAD_BAR else "does not hold"
        print(f"  {name}: {ratio:.3f}x plain -> {verdict} the {OVERHEAD_BAR:.2f}x bar")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time the plugin's worker pool against the standard library's."
    )
    parser.add_argument("n", type=int, nargs="?", help="number of policies (default 1000; 48 with --quick)")
    parser.add_argument("--repeat", type=int, help="builds of each way (default 3; 1 with --quick)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="build in DIR (new or empty) and keep it")
    parser.add_argument("--quick", action="store_true", help="smoke run: N = 48, one build each")
    args = parser.parse_args(argv)
    n = args.n if args.n is not None else (48 if args.quick else 1000)
    repeat = args.repeat if args.repeat is not None else (1 if args.quick else 3)
    if n < 1 or repeat < 1:
        parser.error("N and --repeat must be at least 1")
    check_keep(parser, args.keep)
    started = time.perf_counter()
    start("PolicyPress worker pools: parallel.Workers against concurrent.futures.ProcessPoolExecutor")
    with tempfile.TemporaryDirectory(prefix="policypress-pool-bench-") as tmp:
        work = (args.keep or Path(tmp)).resolve()
        try:
            builds = measure(work / f"n{n}", n, args.seed, repeat)
        except BuildFailed as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        finally:
            if args.keep is None:
                shutil.rmtree(work, ignore_errors=True)
    report(n, builds)
    print(f"\nTook {time.perf_counter() - started:.0f} s; load average at the end {_load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
