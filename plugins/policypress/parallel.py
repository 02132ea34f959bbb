"""Worker processes for big sites: MkDocs' own work keeps a core, the policies get the others.

MkDocs builds on one core. Policies are independent of each other, so their
loading, validation, pages and manifests go to worker processes. Three rules
keep MkDocs from ever waiting longer than it must:

- **The data stays where it was loaded.** The policies are validated in batches
  of whole policies (all versions and languages of a policy together), each by
  whichever worker is free for it, so that the workers finish together however
  the machine shares its cores out. That worker keeps the data of the files it
  loaded and checks them across files too (versions, translations). MkDocs'
  process gets back only what it plans the site with (`KeptData`: a policy's
  catalog fields), and a job that names an edition travels as a reference to
  that data and runs on its owner. A valid policy's data is never pickled
  between processes.
- **MkDocs keeps a core.** While MkDocs works, at most one worker fewer than there
  are cores runs; whenever MkDocs waits for a result (validation before its build,
  a page it reached first, the manifests at the end), every worker runs.
- **Jobs run in the order they were submitted**: each worker runs its own jobs in
  that order, and when not every worker may run, those holding the earliest jobs do.
  Jobs submitted while `deferring` (pages planned during validation) wait until it
  ends, so that no worker takes a core from one still validating.

Workers are forked when MkDocs' process has a single thread (a `mkdocs build`:
they start at once and inherit every imported module), else spawned (`mkdocs
serve` runs threads, and forking a threaded process can deadlock). Small sites
stay in one process: see `worker_count`.
"""

from __future__ import annotations

import gc
import io
import itertools
import multiprocessing
import os
import pickle
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, TypeVar

from .diagnostics import Severity

Y = TypeVar("Y")

# Below this many policy files, starting workers costs more than it saves.
MIN_FILES_FOR_WORKERS = 48
# Jobs sent ahead to a running worker, so it never idles while MkDocs' process is slow to answer.
_AHEAD = 2
# Files validated per job: fewer, bigger messages, still a steady stream of results.
_BATCH = 16
_STOP = b""
_PROTOCOL = pickle.HIGHEST_PROTOCOL


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


class KeptData(dict[str, Any]):
    """A policy's data as MkDocs' process sees it: the fields it plans with; the rest stays in a worker.

    `kept` names the fields copied here, whether or not the file has them, so that a
    missing one reads as missing. Asking for any other field is a bug (the answer would
    silently be "absent"), so it raises. In a job sent to a worker it stands for the
    full data, which the worker holds under `key`.
    """

    def __init__(self, fields: Mapping[str, Any], kept: Iterable[str], key: int) -> None:
        super().__init__(fields)
        self.kept = frozenset(kept)
        self.key = key

    def _check(self, name: object) -> None:
        if name not in self.kept:
            raise KeyError(f"{name!r} is not kept in MkDocs' process; read it in a job on the worker")

    def __missing__(self, name: str) -> Any:
        self._check(name)
        raise KeyError(name)

    def get(self, name: str, default: Any = None) -> Any:
        self._check(name)
        return super().get(name, default)

    def __contains__(self, name: object) -> bool:
        self._check(name)
        return super().__contains__(name)

    def __reduce__(self) -> Any:
        return (KeptData, (dict(self), self.kept, self.key))


# ------------------------------------------------------------------------------------------------
# In a worker process
# ------------------------------------------------------------------------------------------------

# The full data of the files this worker loaded, by key.
_held: dict[int, dict[str, Any]] = {}


def load_and_keep(
    check: Callable[[Sequence[Path]], tuple[list[tuple[Any, list[Any]]], list[Any]]],
    keep: Callable[[dict[str, Any]], dict[str, Any]],
    kept: frozenset[str],
    files: Sequence[tuple[int, Path]],
) -> tuple[list[tuple[Any, list[Any]]], list[Any]]:
    """Run `check` on the (key, file) pairs here, then keep the data of each file without errors
    of its own and send back `keep` of it (with errors, the build stops: MkDocs' process only
    reports). `check` returns each file's (document, problems) and the problems across them."""
    checked, across = check([path for _, path in files])
    for (key, _), (doc, found) in zip(files, checked, strict=True):
        if doc is not None and not any(d.severity is Severity.ERROR for d in found):
            _held[key] = doc.data
            doc.data = KeptData(keep(doc.data), kept, key)
    gc.freeze()  # held until the end of the build: no collection needs to look at it again
    return checked, across


class _JobUnpickler(pickle.Unpickler):
    def persistent_load(self, key: Any) -> Any:
        return _held[key]


def _serve(connection: Connection, inherited: Sequence[Connection] = ()) -> None:
    """A worker's loop: run each job as it arrives, send back its result or exception.

    `inherited` are the ends of the pipes that MkDocs' process holds, which a forked
    worker has copies of: closed here, so that each worker sees its pipe close when
    MkDocs' process ends, however it ends.
    """
    for end in inherited:
        end.close()
    while True:
        try:
            message = connection.recv_bytes()
        except (EOFError, OSError):
            return
        if message == _STOP:
            return
        job = int.from_bytes(message[:8], "little")
        try:
            function, args = _JobUnpickler(io.BytesIO(message[8:])).load()
            outcome: tuple[bool, Any] = (True, function(*args))
        except BaseException as exc:
            outcome = (False, exc)
        try:
            reply = pickle.dumps((job, *outcome), protocol=_PROTOCOL)
        except Exception as exc:  # an exception that cannot travel: send its words
            reply = pickle.dumps((job, False, RuntimeError(f"{outcome[1]!r} ({exc})")))
        try:
            connection.send_bytes(reply)
        except (BrokenPipeError, OSError):
            return


# ------------------------------------------------------------------------------------------------
# In MkDocs' process
# ------------------------------------------------------------------------------------------------


class _Job(Future[Any]):
    """A result from a worker; waiting for it lets every worker run (MkDocs has nothing else to do)."""

    def __init__(self, workers: Workers) -> None:
        super().__init__()
        self._workers = workers

    def result(self, timeout: float | None = None) -> Any:
        if self.done():
            return super().result(timeout)
        with self._workers.waiting():
            return super().result(timeout)


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    connection: Connection
    queue: deque[tuple[int, bytes, _Job]] = field(default_factory=deque)  # not sent yet
    alive: bool = True
    running: dict[int, _Job] = field(default_factory=dict)  # sent, no result yet


class _JobPickler(pickle.Pickler):
    """Pickles a job; the policy data in it goes as references, and `owners` learns whose."""

    def __init__(self, file: io.BytesIO, owner_of: Mapping[int, int]) -> None:
        super().__init__(file, protocol=_PROTOCOL)
        self.owner_of = owner_of
        self.owners: set[int] = set()

    def persistent_id(self, obj: Any) -> Any:
        if type(obj) is KeptData:
            self.owners.add(self.owner_of[obj.key])
            return obj.key
        return None


class Workers(Executor):
    """`count` worker processes that keep the data they load, and run jobs in submission order.

    `load` validates files on the workers (see module docstring); `submit` runs a job on
    the worker that holds the data it names (any worker if it names none).
    """

    def __init__(self, count: int) -> None:
        if count < 1:
            raise ValueError("at least one worker")
        context: Any = multiprocessing.get_context(_start_method())  # fork or spawn, as _start_method says
        self._workers: list[_Worker] = []
        for _ in range(count):
            ours, theirs = context.Pipe(duplex=True)
            inherited = (
                [ours, *(w.connection for w in self._workers)] if context.get_start_method() == "fork" else []
            )
            process = context.Process(
                target=_serve, args=(theirs, inherited), daemon=True, name="policypress-worker"
            )
            process.start()
            theirs.close()
            self._workers.append(_Worker(process, ours))
        self._owner_of: dict[int, int] = {}
        self._keys = itertools.count()
        self._ids = itertools.count()
        self._lock = threading.RLock()
        self._waiting = 0
        self._deferring = 0
        self._deferred: list[tuple[int, bytes, _Job]] = []
        # Jobs for any worker, each with the keys of the data it will hold (validation batches).
        self._unclaimed: deque[tuple[int, bytes, _Job, list[int]]] = deque()
        self._closed = False
        self._receiver = threading.Thread(target=self._receive, name="policypress-results", daemon=True)
        self._receiver.start()

    @property
    def count(self) -> int:
        return len(self._workers)

    # --------------------------------------------------------------------------- jobs

    def load(
        self,
        check: Callable[[Sequence[Path]], Any],
        files: Sequence[Path],
        keep: Callable[[dict[str, Any]], dict[str, Any]],
        kept: Iterable[str],
    ) -> Iterator[Any]:
        """`check` batches of whole policies, each on the first worker free for it, which then
        owns their data; the results of the batches in the order of `files` (see load_and_keep).

        A policy's files (those in one folder of policies) go to one batch. Handing batches out
        as workers free up, rather than a fixed share each, keeps one worker from idling while
        the other still validates when they do not get equal time on the cores (MkDocs' own
        process plans the site meanwhile, on one of them).
        """
        kept = frozenset(kept)
        batches = [[(next(self._keys), path) for path in batch] for batch in _batches(files, self.count)]
        with self.waiting():  # MkDocs waits for validation: every core may work
            jobs = [
                self._enqueue(None, pickle.dumps((load_and_keep, (check, keep, kept, b)), _PROTOCOL), b)
                for b in batches
            ]
            for job in jobs:
                yield job.result()

    def runner(
        self, keep: Callable[[dict[str, Any]], dict[str, Any]], kept: Iterable[str]
    ) -> Callable[[Callable[[Sequence[Path]], Any], Sequence[Path]], Iterator[Any]]:
        """`load` as the `runner` of validate.validate_folder."""
        return lambda check, files: self.load(check, list(files), keep, kept)

    def submit(self, fn: Callable[..., Y], /, *args: Any, **kwargs: Any) -> Future[Y]:
        if kwargs:
            raise TypeError("Workers.submit takes positional arguments only")
        buffer = io.BytesIO()
        pickler = _JobPickler(buffer, self._owner_of)
        pickler.dump((fn, args))
        if len(pickler.owners) > 1:
            raise ValueError("a job names policy data held by different workers")
        owner = next(iter(pickler.owners)) if pickler.owners else self._least_busy()
        return self._enqueue(owner, buffer.getvalue())

    def _enqueue(self, owner: int | None, payload: bytes, batch: Sequence[tuple[int, Path]] = ()) -> _Job:
        """Queue a pickled job for worker `owner` (held back while `deferring`); with no owner, a
        validation batch for whichever worker is free first, which will own the data of the
        batch's (key, path) pairs (never held back: it is what MkDocs waits for)."""
        job = _Job(self)
        with self._lock:
            if self._closed:
                raise RuntimeError("the workers have been shut down")
            if owner is None:
                self._unclaimed.append((next(self._ids), payload, job, [key for key, _ in batch]))
            elif self._deferring:
                self._deferred.append((owner, payload, job))
                return job
            else:
                self._workers[owner].queue.append((next(self._ids), payload, job))
            self._dispatch()
        return job

    def _least_busy(self) -> int:
        with self._lock:
            return min(
                range(self.count), key=lambda i: len(self._workers[i].queue) + len(self._workers[i].running)
            )

    # --------------------------------------------------------------------------- scheduling

    @contextmanager
    def deferring(self) -> Iterator[None]:
        """Jobs submitted meanwhile wait until it ends, then run in the order they were submitted:
        while MkDocs waits for validation, a worker done with its share should not take a core
        from one still validating (the pages it would render are not needed yet)."""
        with self._lock:
            self._deferring += 1
        try:
            yield
        finally:
            with self._lock:
                self._deferring -= 1
                if not self._deferring:
                    for owner, payload, job in self._deferred:
                        self._workers[owner].queue.append((next(self._ids), payload, job))
                    self._deferred.clear()
                    self._dispatch()

    @contextmanager
    def waiting(self) -> Iterator[None]:
        """While MkDocs' process waits on the workers, every worker may run."""
        with self._lock:
            self._waiting += 1
            self._dispatch()
        try:
            yield
        finally:
            with self._lock:
                self._waiting -= 1

    def _dispatch(self) -> None:
        """Send jobs to the workers that hold the earliest ones, as many workers as may run now;
        then jobs for any worker to those with nothing of their own to do, the least busy first."""
        with self._lock:
            allowed = self.count if self._waiting else max(1, self.count - 1)
            ready = [w for w in self._workers if w.queue]
            ready.sort(key=lambda w: w.queue[0][0])
            running = sum(1 for w in self._workers if w.running)

            def may_run(worker: _Worker) -> bool:
                """A worker already running may take more; an idle one only while cores are left."""
                nonlocal running
                if worker.running:
                    return True
                if running >= allowed:
                    return False
                running += 1
                return True

            for worker in ready[:allowed]:
                if not may_run(worker):
                    continue
                while worker.queue and len(worker.running) < _AHEAD:
                    number, payload, job = worker.queue.popleft()
                    if job.set_running_or_notify_cancel():
                        self._send(worker, number, payload, job)
            for index in sorted(range(self.count), key=lambda i: len(self._workers[i].running)):
                worker = self._workers[index]
                if not self._unclaimed or worker.queue or not worker.alive or not may_run(worker):
                    continue
                while self._unclaimed and len(worker.running) < _AHEAD:
                    number, payload, job, keys = self._unclaimed.popleft()
                    if job.set_running_or_notify_cancel():
                        self._owner_of.update(dict.fromkeys(keys, index))
                        self._send(worker, number, payload, job)
            if self._unclaimed and not any(w.alive for w in self._workers):
                self._fail_unclaimed()

    def _send(self, worker: _Worker, number: int, payload: bytes, job: _Job) -> None:
        worker.running[number] = job
        try:
            worker.connection.send_bytes(number.to_bytes(8, "little") + payload)
        except OSError as exc:
            del worker.running[number]
            job.set_exception(BrokenProcessPool(f"a worker process is gone: {exc}"))

    def _fail_unclaimed(self) -> None:
        """No worker is left to take the jobs for any worker."""
        gone = BrokenProcessPool("every policypress worker process has ended")
        while self._unclaimed:
            job = self._unclaimed.popleft()[2]
            if job.set_running_or_notify_cancel():
                job.set_exception(gone)

    def _receive(self) -> None:
        """The results thread: hand each result to its future, then send more jobs."""
        connections = {w.connection: w for w in self._workers}
        while connections:
            for connection in wait(list(connections)):
                worker = connections[connection]  # type: ignore[index]
                try:
                    number, ok, value = pickle.loads(connection.recv_bytes())  # type: ignore[union-attr]
                except (EOFError, OSError):  # the worker has ended (after a stop, or not)
                    del connections[connection]  # type: ignore[arg-type]
                    connection.close()  # type: ignore[union-attr]
                    self._fail(worker)
                    continue
                with self._lock:
                    job = worker.running.pop(number)
                    self._dispatch()
                if ok:
                    job.set_result(value)
                else:
                    job.set_exception(value)

    def _fail(self, worker: _Worker) -> None:
        """A worker is gone: its jobs will never finish."""
        with self._lock:
            worker.alive = False
            running, queued = list(worker.running.values()), [job for _, _, job in worker.queue]
            worker.running.clear()
            worker.queue.clear()
            self._dispatch()  # its share of the jobs for any worker goes to the others
        gone = BrokenProcessPool("a policypress worker process ended unexpectedly")
        for job in running:
            job.set_exception(gone)
        for job in queued:
            if job.set_running_or_notify_cancel():
                job.set_exception(gone)

    # --------------------------------------------------------------------------- the end

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Stop the workers after the jobs they have started; jobs not sent yet are cancelled."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            for worker in self._workers:
                for _, _, job in worker.queue:
                    job.cancel()
                worker.queue.clear()
            for _, _, job in self._deferred:
                job.cancel()
            self._deferred.clear()
            for _, _, job, _ in self._unclaimed:
                job.cancel()
            self._unclaimed.clear()
        for worker in self._workers:
            with suppress(OSError):
                worker.connection.send_bytes(_STOP)
        if wait:  # else the results thread collects what is still running, and closes the pipes
            for worker in self._workers:
                worker.process.join()
            self._receiver.join()


def _start_method() -> str:
    """fork where it is safe and fast (one thread, not macOS), else spawn."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and sys.platform != "darwin" and threading.active_count() == 1:
        return "fork"
    return "spawn"


def _batches(files: Sequence[Path], count: int) -> list[list[Path]]:
    """`files` in batches of whole policies, of `_BATCH` files or more, yet at least two a
    worker when there are enough policies: batches are handed out as workers free up."""
    size = min(_BATCH, max(1, len(files) // (2 * count)))
    batches: list[list[Path]] = []
    for path, new_policy in zip(files, _policy_starts(files), strict=True):
        if not batches or (new_policy and len(batches[-1]) >= size):
            batches.append([])
        batches[-1].append(path)
    return batches


def _policy_starts(files: Sequence[Path]) -> list[bool]:
    """For each file (sorted, as layout.discover gives them), whether it is its policy's first:
    a policy's files are those of one folder of policies (`<policy>/<version>/<language>.yaml`)."""
    return [
        index == 0 or path.parent.parent != files[index - 1].parent.parent for index, path in enumerate(files)
    ]
