"""incremental.py: which policies an edit touched, from the files' digests kept between builds."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from policypress.incremental import FileDigests, PolicyCheck, changed_policies, policy_digests


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_a_file_is_read_again_only_when_its_size_or_time_changed(tmp_path: Path) -> None:
    path = tmp_path / "en.yaml"
    path.write_bytes(b"title: one\n")
    known = FileDigests()
    assert known.digest(path) == _sha(b"title: one\n")
    stat = path.stat()

    path.write_bytes(b"title: two\n")  # the same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert known.digest(path) == _sha(b"title: one\n"), "read again although size and time are the same"

    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    assert known.digest(path) == _sha(b"title: two\n")
    path.write_bytes(b"title: three\n")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))  # the same time, another size
    assert known.digest(path) == _sha(b"title: three\n")


def test_the_policies_an_edit_touched(tmp_path: Path) -> None:
    root = tmp_path / "policies"
    for name in ("a/1/en.yaml", "a/2/en.yaml", "b/1/en.yaml"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(name, encoding="utf-8")
    files = sorted(root.rglob("*.yaml"))
    known = FileDigests()
    before = policy_digests(files, root, known)
    assert sorted(before) == ["a", "b"] and len(before["a"]) == 2

    (root / "a/2/en.yaml").write_text("edited, longer", encoding="utf-8")
    (root / "c/1").mkdir(parents=True)
    (root / "c/1/en.yaml").write_text("new", encoding="utf-8")
    (root / "b/1/en.yaml").unlink()
    after = policy_digests([*files, root / "c/1/en.yaml"], root, known)  # b's file: gone since listed

    checks = {policy: PolicyCheck(digests, (), True) for policy, digests in before.items()}
    assert changed_policies(checks, after) == ["a", "b", "c"]
    checks = {policy: PolicyCheck(digests, (), True) for policy, digests in after.items()}
    assert changed_policies(checks, policy_digests([*files, root / "c/1/en.yaml"], root, known)) == []
