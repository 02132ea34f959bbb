"""Growth: is every scan over author text linear? Time per KB of each worst case at 1x, 10x, 100x.

    python benchmarks/growth.py [--base 2000] [--repeat 3] [--case NAME ...] [--stage NAME ...]

For each worst case of benchmarks/worstcase.py and each stage it goes through (loading,
validating, a Markdown or plain-text field on a page and in a manifest, a diff, a feed, the
console, and with `--edition` one edition's whole output as a build makes it), it times the
stage on the case's text at `base`, 10 x `base` and 100 x `base` characters (the best of
`repeat` runs, after a run on a one-character text that warms the caches and gives the fixed
cost) and prints the time per KB above that fixed cost at each size, and the ratios of the
larger sizes' to the smallest's. Linear work keeps both ratios near 1; quadratic work makes
them about 10 and 100. There is no bar and no verdict beyond the ratios: it always exits 0.
A case over `--max-seconds` at one size skips its larger sizes.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from worstcase import CASES, STAGES

SCALES = (1, 10, 100)


def best_time(run: object, text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run(text)  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--base", type=int, default=2000, help="characters at 1x (default 2000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the best counts (default 3)")
    parser.add_argument("--case", action="append", help="only these cases (repeatable)")
    parser.add_argument("--stage", action="append", help="only these stages (repeatable)")
    parser.add_argument("--max-seconds", type=float, default=60.0, help="skip larger sizes past this")
    parser.add_argument("--edition", action="store_true", help="also time each edition's whole output")
    args = parser.parse_args(argv)
    print(
        f"{'case':28} {'stage':9} " + " ".join(f"{f'ms/KB {s}x':>11}" for s in SCALES) + "   10x/1x  100x/1x"
    )
    for case in CASES:
        if args.case and case.name not in args.case:
            continue
        stages = [*case.stages, *(["edition"] if args.edition and "validate" in case.stages else [])]
        for stage_name in stages:
            if args.stage and stage_name not in args.stage:
                continue
            stage = STAGES[stage_name]
            fixed = best_time(stage.run, case.make(1), args.repeat + 2)
            per_kb: list[float] = []
            for scale in SCALES:
                text = case.make(args.base * scale)
                seconds = best_time(
                    stage.run, text, max(1, args.repeat // scale) if scale > 1 else args.repeat + 2
                )
                per_kb.append(max(seconds - fixed, 1e-6) * 1000 / (len(text) / 1000))
                if seconds > args.max_seconds:
                    break
            cells = [f"{value:11.3f}" for value in per_kb] + [f"{'skipped':>11}"] * (
                len(SCALES) - len(per_kb)
            )
            ratios = [f"{value / per_kb[0]:8.2f}" for value in per_kb[1:]]
            print(f"{case.name:28} {stage_name:9} " + " ".join(cells) + " " + " ".join(ratios), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
