"""The worker processes: data stays where it was loaded, jobs follow it, MkDocs keeps a core."""

from __future__ import annotations

import itertools
import multiprocessing
import os
import pickle
import sys
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from policypress.diagnostics import Citation, Diagnostic
from policypress.layout import discover
from policypress.parallel import KeptData, Workers, _batches
from policypress.publish import PLANNING_FIELDS, catalog_fields
from policypress.validate import validate_folder, validate_paths

ROOT = Path(__file__).resolve().parents[1]
POLICIES = ROOT / "tests" / "fixtures" / "site" / "policies"


# Jobs run in the worker processes: module-level functions, so that they travel by name.
def where(data: dict[str, Any]) -> tuple[int, list[str]]:
    return os.getpid(), sorted(data)


def pid() -> int:
    return os.getpid()


def blocked_on(fifo: str) -> bytes:
    """Wait until the test opens `fifo` and writes to it: a job that runs exactly as long as wanted."""
    with open(fifo, "rb") as reader:
        return reader.read()


def fail() -> None:
    raise ValueError("the job's own error")


def die() -> None:
    os._exit(3)


@dataclass
class FakeDocument:
    data: dict[str, Any]


# Set before the workers are forked, which inherit it: where a batch says it is done.
_batches_done: Any = None


def check_or_wait_at_gate(files: Sequence[Path]) -> tuple[list[tuple[FakeDocument, list[Any]]], list[Any]]:
    """A stand-in for validate.check_batch: a batch holding `block.yaml` waits until the test
    writes to the fifo `gate` beside it; every other batch says it is done."""
    if any(path.name == "block.yaml" for path in files):
        release_seen = (files[0].parent / "gate").read_bytes()
        assert release_seen == b"go"
    else:
        _batches_done.put(len(files))
    return [(FakeDocument({"pid": os.getpid()}), []) for _ in files], []


def keep_all(data: dict[str, Any]) -> dict[str, Any]:
    return data


def die_at(pairs: Sequence[tuple[int, Path]]) -> int:
    """A validation batch that ends its worker when it holds `die.yaml`, else says where it ran."""
    if any(path.name == "die.yaml" for _, path in pairs):
        os._exit(3)
    return os.getpid()


@pytest.fixture
def workers() -> Iterator[Workers]:
    pool = Workers(2)  # forked: pytest runs in one thread
    try:
        yield pool
    finally:
        pool.shutdown()


def release(fifo: Path, payload: bytes = b"go") -> None:
    with open(fifo, "wb") as writer:
        writer.write(payload)


def test_kept_data_holds_only_what_it_names() -> None:
    data = KeptData({"policy": "p", "title": "T"}, ["policy", "title", "effective"], key=7)
    assert data["policy"] == "p" and data.get("effective") is None and "effective" not in data
    for read in (lambda: data["sections"], lambda: data.get("sections"), lambda: "sections" in data):
        with pytest.raises(KeyError, match="not kept"):
            read()
    copy = pickle.loads(pickle.dumps(data))
    assert copy == data and copy.kept == data.kept and copy.key == 7


def test_a_policys_files_stay_together_in_batches_enough_for_every_worker() -> None:
    files = [Path(f"p{i // 3:03}/1/{['en', 'de', 'fr'][i % 3]}.yaml") for i in range(300)]
    for count, expected_size in ((3, 16), (40, 3)):  # 16 files at most, two batches a worker at least
        batches = _batches(files, count)
        assert [path for batch in batches for path in batch] == files
        policies = [{path.parent.parent for path in batch} for batch in batches]
        assert all(not (a & b) for a, b in itertools.pairwise(policies))  # no policy split
        assert all(expected_size <= len(batch) < expected_size + 3 for batch in batches[:-1])
    assert len(_batches(files[:12], 2)) == 4  # small sites still use every worker
    assert _batches(files[:2], 2) == [files[:2]]  # one policy: one batch


def test_validation_batches_go_to_whichever_worker_is_free(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker held up (here by a batch that waits) does not hold up the batches after it: the
    other worker takes them, and owns their data."""
    done = multiprocessing.get_context("fork").Queue()
    monkeypatch.setattr(sys.modules[__name__], "_batches_done", done)
    monkeypatch.setattr("policypress.parallel._start_method", lambda: "fork")  # they inherit `done`
    gate = tmp_path / "gate"
    os.mkfifo(gate)
    files = [tmp_path / "block.yaml"] + [tmp_path / f"p{i:03}" / "1" / "en.yaml" for i in range(159)]
    # Ten batches of 16 files. The first worker takes the first batch, which waits, and the
    # third, sent ahead behind it; the other worker must do the eight others before the gate opens.
    pool = Workers(2)

    def open_gate_after_eight_batches() -> None:
        try:
            for _ in range(8):
                done.get(timeout=60)  # a bound, so that a wrong scheduler fails instead of hanging
        finally:
            release(gate)

    opener = threading.Thread(target=open_gate_after_eight_batches, daemon=True)
    opener.start()
    try:
        results = list(pool.load(check_or_wait_at_gate, files, keep_all, ["pid"]))
        opener.join()
        pids = [w.process.pid for w in pool._workers]
        ran_on = [{doc.data["pid"] for doc, _ in checked} for checked, _ in results]
        assert ran_on == [{pids[0]}, {pids[1]}, {pids[0]}] + [{pids[1]}] * 7
        for checked, _ in results:  # each batch's data belongs to the worker that loaded it
            for doc, _ in checked:
                assert pids[pool._owner_of[doc.data.key]] == doc.data["pid"]
    finally:
        pool.shutdown()


@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_jobs_run_where_the_data_is_and_see_all_of_it(start: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Forked workers (`mkdocs build`) and spawned ones (`mkdocs serve` runs threads) alike."""
    monkeypatch.setattr("policypress.parallel._start_method", lambda: start)
    workers = Workers(2)
    try:
        assert {w.process._popen.method for w in workers._workers} == {start}  # type: ignore[attr-defined]
        _jobs_run_where_the_data_is(workers)
    finally:
        workers.shutdown()


def only_packs(diagnostics: list[Diagnostic]) -> bool:
    """No diagnostic but requirement packs' findings (on the policy that declares packs)."""
    return all(isinstance(d.code, Citation) and "example-telecom" in d.file for d in diagnostics)


def _jobs_run_where_the_data_is(workers: Workers) -> None:
    files = discover([POLICIES])
    result = validate_folder(files, root=POLICIES, runner=workers.runner(catalog_fields, PLANNING_FIELDS))
    # no problem but what Example Telecom's requirement packs find (it declares them)
    assert only_packs(result.diagnostics) and len(result.documents) == len(files)
    worker_pids = [worker.process.pid for worker in workers._workers]
    ran_on = set()
    for doc in result.documents:
        kept = doc.data
        assert isinstance(kept, KeptData) and set(kept) <= set(PLANNING_FIELDS)
        process, fields = workers.submit(where, kept).result()
        assert process == worker_pids[workers._owner_of[kept.key]]
        assert "sections" in fields and "controller" in fields  # the full data, not the kept fields
        ran_on.add(process)
    assert ran_on == set(worker_pids)  # the seeds are shared between both workers


def test_batches_for_any_worker_outlive_a_worker_and_fail_when_none_is_left() -> None:
    pool = Workers(2)
    try:
        batches = [[(0, Path("die.yaml"))]] + [[(key, Path("ok.yaml"))] for key in range(1, 6)]
        jobs = [pool._enqueue(None, pickle.dumps((die_at, (batch,))), batch) for batch in batches]
        with pytest.raises(Exception, match="ended unexpectedly"):
            jobs[0].result(timeout=60)
        # The second batch may have been sent ahead to the worker that died, and lost with it;
        # the later ones go to the worker left, which owns their data.
        survivor = {pool._workers[i].process.pid for i in range(2) if pool._workers[i].alive}
        assert {job.result(timeout=60) for job in jobs[3:]} == survivor
        assert all(pool._workers[pool._owner_of[key]].alive for key in range(3, 6))
    finally:
        pool.shutdown()
    alone = Workers(1)
    try:
        batches = [[(key, Path("die.yaml"))] for key in range(4)]
        jobs = [alone._enqueue(None, pickle.dumps((die_at, (batch,))), batch) for batch in batches]
        for job in jobs:  # none hangs: once no worker is left, the rest fail at once
            with pytest.raises(Exception, match="ended"):
                job.result(timeout=60)
    finally:
        alone.shutdown()


def test_a_job_cannot_name_data_held_by_two_workers(workers: Workers) -> None:
    files = discover([POLICIES])
    result = validate_folder(files, root=POLICIES, runner=workers.runner(catalog_fields, PLANNING_FIELDS))
    first = result.documents[0].data
    other = next(
        d.data for d in result.documents if workers._owner_of[d.data.key] != workers._owner_of[first.key]
    )
    with pytest.raises(ValueError, match="different workers"):
        workers.submit(where, {"a": first, "b": other})


def test_one_core_is_left_to_mkdocs_unless_it_waits(workers: Workers, tmp_path: Path) -> None:
    fifos = [tmp_path / f"job{i}" for i in range(3)]
    for fifo in fifos:
        os.mkfifo(fifo)
    first = workers.submit(blocked_on, str(fifos[0]))
    second = workers.submit(blocked_on, str(fifos[1]))
    # Two workers: while MkDocs works, one runs and the other's job waits its turn.
    assert [len(w.running) for w in workers._workers] == [1, 0]
    assert [len(w.queue) for w in workers._workers] == [0, 1]
    with workers.waiting():  # MkDocs waits: every worker runs
        assert [len(w.running) for w in workers._workers] == [1, 1]
        third = workers.submit(blocked_on, str(fifos[2]))  # sent ahead, behind the first
        assert [len(w.running) for w in workers._workers] == [2, 1]
        for fifo in fifos:
            release(fifo, fifo.name.encode())
        assert [first.result(), second.result(), third.result()] == [b"job0", b"job1", b"job2"]


def test_jobs_submitted_while_deferring_wait_until_it_ends(workers: Workers, tmp_path: Path) -> None:
    """While MkDocs waits for validation, pages planned meanwhile must not take a core from it."""
    fifo = tmp_path / "job"
    os.mkfifo(fifo)
    with workers.deferring():
        held = workers.submit(pid)
        assert [len(w.running) + len(w.queue) for w in workers._workers] == [0, 0] and not held.running()
        # Validation itself is not held back.
        result = validate_folder(
            discover([POLICIES]), root=POLICIES, runner=workers.runner(catalog_fields, PLANNING_FIELDS)
        )
        assert only_packs(result.diagnostics) and not held.done()
    assert held.result() in {w.process.pid for w in workers._workers}
    with workers.deferring():
        cancelled = workers.submit(blocked_on, str(fifo))
        workers.shutdown()
    assert cancelled.cancelled()


def test_errors_and_lost_workers_reach_the_caller(workers: Workers) -> None:
    with pytest.raises(ValueError, match="the job's own error"):
        workers.submit(fail).result()
    assert workers.submit(pid).result() in {w.process.pid for w in workers._workers}
    with pytest.raises(Exception, match="ended unexpectedly"):
        workers.submit(die).result()


def test_shutdown_cancels_what_has_not_started(tmp_path: Path) -> None:
    pool = Workers(2)
    fifo = tmp_path / "job"
    os.mkfifo(fifo)
    running = pool.submit(blocked_on, str(fifo))
    waiting = pool.submit(pid)  # the other worker's turn has not come: MkDocs keeps a core
    release(fifo)
    pool.shutdown(wait=False)
    assert running.result() == b"go"
    assert waiting.cancelled() or isinstance(waiting.result(), int)
    pool.shutdown()


def test_mkdocs_process_keeps_every_field_catalog_fields_gives() -> None:
    """KeptData refuses fields it was not given, so PLANNING_FIELDS must cover catalog_fields' keys."""
    result = validate_paths([POLICIES], root=POLICIES)
    for doc in result.documents:
        assert set(catalog_fields(doc.data)) <= set(PLANNING_FIELDS)
        kept = KeptData(catalog_fields(doc.data), PLANNING_FIELDS, key=0)
        assert catalog_fields(kept) == catalog_fields(doc.data)
