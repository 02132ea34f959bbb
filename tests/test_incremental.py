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


def test_a_link_out_of_the_policies_folder_is_kept_by_its_own_path_and_not_read(tmp_path: Path) -> None:
    """Validation refuses it (PP108): the policy it sits in is validated again, and nothing reads
    the file it points to (a link to a device or a huge file costs nothing here)."""
    root = tmp_path / "policies"
    (root / "a/1").mkdir(parents=True)
    (root / "a/1/en.yaml").write_text("inside", encoding="utf-8")
    (root / "a/1/de.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    (root / "a/1/fr.yaml").symlink_to(root / "a/1/en.yaml")  # a link inside: its target
    read: list[str] = []

    class Known(FileDigests):
        def digest(self, path: Path | str) -> str:
            read.append(os.fspath(path))
            return super().digest(path)

    (tmp_path / "elsewhere.yaml").write_text("outside", encoding="utf-8")
    digests = policy_digests(sorted(root.rglob("*.yaml")), root, Known())
    link = Path(os.path.abspath(root / "a/1/de.yaml"))
    inside = (root / "a/1/en.yaml").resolve()
    assert digests == {
        "a": {link: f"a link to {(tmp_path / 'elsewhere.yaml').resolve()}", inside: _sha(b"inside")}
    }
    assert read == [str(inside), str(inside)]
