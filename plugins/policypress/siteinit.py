"""`policypress init DIR`: a new site outside this repository that builds at once.

The files come from the package's `skeleton/` folder (`gitignore` becomes `.gitignore`: a
dot-file would be left out of some packages), and the schema is copied for editors.
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from .schemas import POLICY_SCHEMA, schema_dir

RENAMED = {"gitignore": ".gitignore"}


class InitProblem(Exception):
    """The site cannot be created here."""


def skeleton_files() -> dict[str, bytes]:
    """Every file of the skeleton by its path in the new site."""
    root = resources.files("policypress") / "skeleton"
    files: dict[str, bytes] = {}
    pending = [(root, "")]
    while pending:
        folder, prefix = pending.pop()
        for entry in folder.iterdir():
            name = RENAMED.get(entry.name, entry.name)
            if entry.name == "__pycache__":
                continue
            if entry.is_dir():
                pending.append((entry, f"{prefix}{name}/"))
            else:
                files[f"{prefix}{name}"] = entry.read_bytes()
    return dict(sorted(files.items()))


def refresh_schema(target: Path) -> Path:
    """Copy the policy schema into `target`/schema for editors (yaml-language-server)."""
    destination = target / "schema" / POLICY_SCHEMA
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(schema_dir() / POLICY_SCHEMA, destination)
    return destination


def init_site(target: Path) -> list[Path]:
    """Write a new site into `target` (missing or empty); returns the files written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InitProblem(f"{target} already exists and is not an empty folder; choose a new one")
    written = []
    for relative, content in skeleton_files().items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        written.append(path)
    written.append(refresh_schema(target))
    return written
