"""A process pool for big sites: validation and rendering use every core, MkDocs' own work included.

MkDocs builds on one core. Policies are independent of each other, so their
loading, validation, rendering and manifests go to worker processes: validation
is spread over the cores before MkDocs starts, and pages are rendered while
MkDocs is busy converting and writing the pages before them. Workers are
spawned, not forked: `mkdocs serve` runs threads, and forking a threaded process
can deadlock. Spawning costs about a second, so small sites stay in one process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import TypeVar

X = TypeVar("X")
Y = TypeVar("Y")

# Below this many policy files, starting workers costs more than it saves.
MIN_FILES_FOR_WORKERS = 48


def worker_count(requested: int | None, files: int) -> int:
    """How many worker processes to use: 0 means "do everything in this process"."""
    if files < MIN_FILES_FOR_WORKERS:
        return 0
    available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    count = available if requested is None else requested
    return count if count > 1 else 0


def start_pool(workers: int) -> Executor | None:
    if workers <= 0:
        return None
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))


def mapper(pool: Executor | None) -> Callable[[Callable[[X], Y], Iterable[X]], Iterator[Y]]:
    """An ordered `map` over the pool, in batches that keep the pickling overhead small."""
    if pool is None:
        return map
    return lambda function, items: pool.map(function, items, chunksize=8)
