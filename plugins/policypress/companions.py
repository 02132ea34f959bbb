"""Files read only to compare the files being validated with: the version a file supersedes,
the other languages of its version. They are under the policies folder but were not named.

Such a file takes part only if it loads and satisfies the schema; its own problems are for
its own validation to report, so none is reported here.
"""

from __future__ import annotations

from pathlib import Path

from . import schemas
from .layout import display_path
from .yamlload import Document, LoadError, load_file

__all__ = ["comparable_file"]


def comparable_file(path: Path) -> Document | None:
    """`path` loaded, if it loads without a problem and satisfies the schema; else None."""
    try:
        document = load_file(path, display_path(path))
    except LoadError:
        return None
    return document if not document.problems and schemas.is_valid(document.data) else None
