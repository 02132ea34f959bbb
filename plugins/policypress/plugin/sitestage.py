"""A build that replaces the site folder only when it succeeded, or not at all.

MkDocs empties site_dir right after on_pre_build, then writes the site file by file: a failure
half-way (a page that does not render, the JSON that cannot be written, a worker that dies, a
warning in strict mode) would leave half a site where the last good one was, and a web server
publishing that folder would serve it. So the plugin points site_dir at a staging folder beside
it (`.<name>.building-…`, on the same file system, so that moving it is a rename) for the
build, and:

- when the build succeeds (the end of on_post_build, the last plugin to run), the staging
  folder takes the site folder's place: two renames, so a reader of the folder sees the old
  site or the new one, never a mix (the old one is then deleted);
- when it fails, the staging folder is deleted and the site folder was never touched. Under
  `mkdocs serve` (which builds into a temporary folder of its own) the last good site stays
  served.

Strict mode: MkDocs stops a build that logged warnings only after on_post_build; the stage
counts them with MkDocs' own counter and then leaves the site folder as it was.

When site_dir cannot be renamed (a mount point, say), its contents are replaced one entry at
a time instead: the same result, without the single switch. With `--dirty` there is no
staging: MkDocs writes over the existing site, as it always did.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils import CountHandler

__all__ = ["Stage"]

log = logging.getLogger("mkdocs.plugins.policypress")


@dataclass
class Stage:
    site: Path  # site_dir as configured
    staging: Path  # where MkDocs writes this build
    config: MkDocsConfig  # whose site_dir names the staging folder until the build ends

    @classmethod
    def begin(cls, config: MkDocsConfig) -> Stage | None:
        """Point `config.site_dir` at a new staging folder beside it (None: it cannot be made,
        and the build writes into site_dir as MkDocs does)."""
        site = Path(config.site_dir)
        try:
            site.parent.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=f".{site.name}.building-", dir=site.parent))
        except OSError as exc:
            log.info(f"policypress: building into {site} directly (no staging folder beside it: {exc})")
            return None
        config.site_dir = str(staging)
        return cls(site, staging, config)

    def finish(self) -> None:
        """Put the staging folder in the site folder's place, unless strict mode will stop the
        build for a warning; either way `config.site_dir` names the site folder again."""
        self.config.site_dir = str(self.site)
        if self.config.strict and _warnings_counted():
            self.discard()
            return
        old = self.site.parent / f"{self.staging.name}.old"
        try:
            if self.site.exists() or self.site.is_symlink():
                os.rename(self.site, old)
        except OSError:  # a mount point, a folder in use: replace what it holds instead
            _replace_contents(self.site, self.staging)
            return
        try:
            os.rename(self.staging, self.site)
        except OSError:
            os.rename(old, self.site)  # the last good site, back where it was
            _replace_contents(self.site, self.staging)
            return
        shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        """Remove the staging folder: the site folder stays as it was, and site_dir names it."""
        self.config.site_dir = str(self.site)
        shutil.rmtree(self.staging, ignore_errors=True)


def _warnings_counted() -> bool:
    """Whether MkDocs' strict-mode counter (on its logger, in strict mode only) has counted any."""
    for handler in logging.getLogger("mkdocs").handlers:
        if isinstance(handler, CountHandler) and handler.get_counts():
            return True
    return False


def _replace_contents(site: Path, staging: Path) -> None:
    """`site`'s entries replaced by `staging`'s, one rename each; `staging` removed."""
    site.mkdir(parents=True, exist_ok=True)
    for entry in site.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    for entry in staging.iterdir():
        os.rename(entry, site / entry.name)
    shutil.rmtree(staging, ignore_errors=True)
