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
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from functools import partial
from typing import Any, TypeVar

X = TypeVar("X")
Y = TypeVar("Y")

# Below this many policy files, starting workers costs more than it saves.
MIN_FILES_FOR_WORKERS = 48


def worker_count(requested: int | None, files: int) -> int:
    """How many worker processes to use: 0 means "do everything in this process".

    A site that asks for a number gets it; otherwise one per usable core, for sites big
    enough to gain from them.
    """
    if requested is None:
        if files < MIN_FILES_FOR_WORKERS:
            return 0
        requested = usable_cores()
    return requested if requested > 1 else 0


def usable_cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def start_pool(workers: int) -> Executor | None:
    if workers <= 0:
        return None
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))


def mapper(pool: Executor | None) -> Callable[[Callable[[X], Y], Iterable[X]], Iterator[Y]]:
    """An ordered `map` over the pool, in batches that keep the pickling overhead small."""
    if pool is None:
        return map
    return lambda function, items: pool.map(function, items, chunksize=8)


class Throttled(Executor):
    """Runs jobs on `executor` in the order given, at most `limit` at a time.

    While MkDocs builds it needs a core of its own: rendering on every core at once
    would slow MkDocs down by as much as the workers gain.
    """

    def __init__(self, executor: Executor, limit: int) -> None:
        self._executor = executor
        self._limit = max(1, limit)
        self._running = 0
        self._waiting: deque[tuple[Future[Any], Callable[..., Any], tuple[Any, ...]]] = deque()
        self._lock = threading.RLock()

    def submit(self, fn: Callable[..., Y], /, *args: Any, **kwargs: Any) -> Future[Y]:
        if kwargs:
            raise TypeError("Throttled.submit takes positional arguments only")
        outer: Future[Y] = Future()
        with self._lock:
            self._waiting.append((outer, fn, args))
        self._start_more()
        return outer

    def _start_more(self) -> None:
        with self._lock:
            while self._running < self._limit and self._waiting:
                outer, fn, args = self._waiting.popleft()
                self._running += 1
                inner = self._executor.submit(fn, *args)
                inner.add_done_callback(partial(self._finished, outer))

    def _finished(self, outer: Future[Any], inner: Future[Any]) -> None:
        with self._lock:
            self._running -= 1
        if inner.cancelled():
            outer.cancel()
        elif inner.exception() is not None:
            outer.set_exception(inner.exception())
        else:
            outer.set_result(inner.result())
        self._start_more()
