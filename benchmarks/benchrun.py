"""What the site benchmarks share on their command line and around their runs.

build_speed.py, edit_speed.py, pool_speed.py and stage_speed.py each take a number (or numbers)
of policies, a count of timed runs, a generator seed and, most of them, `--keep DIR` and
`--quick`; they check those the same way, work in a temporary folder or the kept one, and note
the machine's load. One place for that, so that the benchmarks cannot drift apart.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Sizes:
    """A benchmark's numbers of policies and of timed runs: as measured, and in a smoke run.

    `quick_ns` None: the benchmark has no --quick. `several`: it takes N ... (else one N).
    `smallest_n`: the fewest policies it can work with. `keep`: it offers --keep DIR.
    """

    ns: tuple[int, ...]
    runs: int
    runs_help: str
    quick_ns: tuple[int, ...] | None = None
    quick_runs: int = 1
    quick_help: str = ""
    runs_flag: str = "--repeat"
    several: bool = True
    smallest_n: int = 1
    why_smallest: str = ""
    keep_help: str = "build in DIR (new or empty) and keep it"
    keep: bool = True


@dataclass(frozen=True)
class Run:
    """The checked command line: sizes resolved (the --quick ones or the defaults)."""

    ns: list[int]
    runs: int
    seed: int
    keep: Path | None
    args: argparse.Namespace


def _defaults(values: Sequence[int]) -> str:
    return " ".join(str(v) for v in values)


def parser(description: str, sizes: Sizes) -> argparse.ArgumentParser:
    """The shared options; a benchmark adds its own to the parser before `parse`."""
    found = argparse.ArgumentParser(description=description)
    quick = f"; {_defaults(sizes.quick_ns)} with --quick" if sizes.quick_ns else ""
    default = f"(default {_defaults(sizes.ns)}{quick})"
    if sizes.several:
        found.add_argument("ns", type=int, nargs="*", metavar="N", help=f"numbers of policies {default}")
    else:
        found.add_argument("n", type=int, nargs="?", help=f"number of policies {default}")
    quick = f"; {sizes.quick_runs} with --quick" if sizes.quick_ns else ""
    found.add_argument(sizes.runs_flag, type=int, help=f"{sizes.runs_help} (default {sizes.runs}{quick})")
    found.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    if sizes.keep:
        found.add_argument("--keep", type=Path, metavar="DIR", help=sizes.keep_help)
    if sizes.quick_ns:
        found.add_argument("--quick", action="store_true", help=sizes.quick_help)
    return found


def parse(found: argparse.ArgumentParser, sizes: Sizes, argv: list[str] | None) -> Run:
    """Parse and check: exit 2 with a message on a size below the smallest or a kept folder in use."""
    args = found.parse_args(argv)
    quick = bool(getattr(args, "quick", False))
    given = args.ns if sizes.several else ([] if args.n is None else [args.n])
    ns = sorted(set(given or (sizes.quick_ns if quick and sizes.quick_ns else sizes.ns)))
    runs_name = sizes.runs_flag.lstrip("-").replace("-", "_")
    runs = getattr(args, runs_name)
    if runs is None:
        runs = sizes.quick_runs if quick else sizes.runs
    if ns[0] < sizes.smallest_n:
        found.error(f"each N must be at least {sizes.smallest_n}{sizes.why_smallest}")
    if runs < 1:
        found.error(f"{sizes.runs_flag} must be at least 1")
    keep: Path | None = getattr(args, "keep", None)
    if keep is not None and keep.exists() and (not keep.is_dir() or any(keep.iterdir())):
        found.error(f"--keep {keep}: not a new or empty folder")
    return Run(ns, runs, args.seed, keep, args)


@contextmanager
def work_folder(keep: Path | None, prefix: str) -> Iterator[Path]:
    """The kept folder, or a temporary one deleted afterwards."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        yield (keep or Path(tmp)).resolve()


def load_average() -> str:
    """The machine's load averages (1, 5, 15 minutes): figures mean little without them."""
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def took(started: float) -> None:
    """The run's last line: its wall time, and the load it ended under."""
    print(f"\nTook {time.perf_counter() - started:.0f} s; load average at the end {load_average()}")
