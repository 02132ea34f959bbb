"""The cost of the all-or-nothing build: the plugin's staging folder against MkDocs' own way.

    python benchmarks/stage_speed.py [N] [--repeat 2] [--seed 0]

Generates N policies (default 1,000; benchmarks/generate.py) into build_speed.py's plugin site
and builds it again and again over its last build, as a site is rebuilt where it is published,
taking turns (the order flips each repeat, so machine noise hits both):

  staged:   `mkdocs build --strict`: the plugin writes the site into a staging folder beside the
            site folder, swaps it in with two renames and deletes the old site
            (plugins/policypress/plugin/sitestage.py);
  in place: the same command with the staging switched off (Stage.begin returns None): MkDocs
            empties the site folder and writes into it, as it does without the plugin.

It prints each build's wall and CPU time, the medians and the staged/in-place ratios.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchrun import Sizes, load_average, parse, parser, work_folder
from build_speed import _write_site, build, warm_up
from generate import generate

# MkDocs' command line with the plugin's staging folder switched off.
IN_PLACE = (
    sys.executable,
    "-c",
    "import sys; from policypress.plugin import sitestage; "
    "sitestage.Stage.begin = classmethod(lambda cls, config: None); "
    "from mkdocs.__main__ import cli; sys.argv[0] = 'mkdocs'; cli()",
)
STAGED = (sys.executable, "-m", "mkdocs")


SIZES = Sizes(ns=(1000,), runs=2, runs_help="builds of each kind", several=False, keep=False)


def main(argv: list[str] | None = None) -> int:
    run = parse(parser("Time the staged build against MkDocs' in-place build.", SIZES), SIZES, argv)
    n = run.ns[0]
    with work_folder(None, "stage-speed-") as work:
        root = work / "plugin"
        start = time.perf_counter()
        generate(root / "policies", n, run.seed)
        _write_site(root, plugin=True)
        warm_up()
        print(f"N={n}: generated in {time.perf_counter() - start:.1f} s; load average {load_average()}")
        build(root, root / "site", STAGED)  # the site every timed build replaces
        kinds = {"staged": STAGED, "in place": IN_PLACE}
        times: dict[str, list[tuple[float, float]]] = {kind: [] for kind in kinds}
        for r in range(run.runs):
            order = list(kinds) if r % 2 == 0 else list(kinds)[::-1]
            for kind in order:
                done = build(root, root / "site", kinds[kind])
                times[kind].append((done.seconds, done.cpu_seconds))
                print(f"  repeat {r + 1}: {kind} {done.seconds:.1f} s (CPU {done.cpu_seconds:.1f} s)")
        print(f"load average after: {load_average()}")
        wall = {kind: statistics.median(t for t, _ in runs) for kind, runs in times.items()}
        cpu = {kind: statistics.median(c for _, c in runs) for kind, runs in times.items()}
        for kind in kinds:
            print(f"{kind:>9}: median {wall[kind]:.1f} s wall, {cpu[kind]:.1f} s CPU")
        print(
            f"staged / in place: {wall['staged'] / wall['in place']:.3f} wall, "
            f"{cpu['staged'] / cpu['in place']:.3f} CPU"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
