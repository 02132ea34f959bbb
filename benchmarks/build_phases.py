"""Where a build's time goes: one `mkdocs build` in this process, phase by phase.

    python benchmarks/build_phases.py SITE [SITE ...]

SITE is a folder with a mkdocs.yml, for example one of the two sites that
`build_speed.py --keep DIR` leaves in DIR/n1000/plugin and DIR/n1000/plain. Each site is
built once into SITE/site, in this process, with marks at MkDocs' phases: start-up,
on_pre_build (the plugin's validation), the reading phase (MkDocs asks for each page's
Markdown and converts it), the page-building phase (templates, search index) and
on_post_build (the JSON). For each phase it prints the wall time and the CPU time of
MkDocs' process, so that a phase where MkDocs' process got less than a core (other
processes took it) shows, and at the end the time MkDocs waited for the plugin's pages
and the CPU time of the worker processes.

It measures one build, not a comparison: build_speed.py is the benchmark.
"""

from __future__ import annotations

import argparse
import functools
import os
import resource
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.plugins import CombinedEvent


class Marks:
    """Wall and process CPU time at named moments."""

    def __init__(self) -> None:
        self.start, self.start_cpu = time.perf_counter(), time.process_time()
        self.marks: list[tuple[float, float, str]] = []

    def __call__(self, label: str) -> None:
        self.marks.append((time.perf_counter() - self.start, time.process_time(), label))

    def around(self, owner: Any, name: str, label: str) -> None:
        """Mark when `owner.name` starts and ends: each of its handlers, for an event that has
        several (a CombinedEvent: the plugin's on_post_build writes the JSON, and later, last of
        all plugins, stamps and compresses the site)."""
        original = owner.__dict__.get(name, getattr(owner, name))
        if isinstance(original, CombinedEvent):
            handlers = [self._marked(h, f"{label} ({h.__name__.strip('_')})") for h in original.methods]
            setattr(owner, name, CombinedEvent(*handlers))
        else:
            setattr(owner, name, self._marked(original, label))

    def _marked(self, original: Callable[..., Any], label: str) -> Callable[..., Any]:
        @functools.wraps(original)  # keeps MkDocs' event priority
        def marked(*args: Any, **kwargs: Any) -> Any:
            self(f"{label} starts")
            try:
                return original(*args, **kwargs)
            finally:
                self(f"{label} ends")

        return marked

    def first(self, owner: Any, name: str, label: str) -> None:
        """Mark the first call of `owner.name`."""
        original, seen = getattr(owner, name), [False]

        def marked(*args: Any, **kwargs: Any) -> Any:
            if not seen[0]:
                seen[0] = True
                self(label)
            return original(*args, **kwargs)

        setattr(owner, name, marked)


def timed(owner: Any, name: str, total: list[float]) -> None:
    """Add the wall time of every call of `owner.name` to total[0]."""
    original: Callable[..., Any] = getattr(owner, name)

    def timing(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            total[0] += time.perf_counter() - start

    setattr(owner, name, timing)


def build(site: Path) -> Path | None:
    """Build `site` into SITE/site; the folder of an earlier build, if any, is moved aside and
    returned, to be deleted after every build (see build_speed.build: a deletion just before
    a build slows its file creation)."""
    import material.plugins.search.plugin as search
    import mkdocs.commands.build as mkdocs_build
    from mkdocs.config import load_config

    marks = Marks()
    waits = [0.0]
    try:
        from policypress.plugin.plugin import PolicyPressPlugin
    except ImportError:  # pragma: no cover - a plain site needs no plugin
        PolicyPressPlugin = None
    if PolicyPressPlugin is not None:
        marks.around(PolicyPressPlugin, "on_pre_build", "policypress on_pre_build")
        marks.around(PolicyPressPlugin, "on_post_build", "policypress on_post_build")
        timed(PolicyPressPlugin, "on_page_read_source", waits)
    marks.first(mkdocs_build, "_populate_page", "reading phase starts (first page read)")
    marks.first(mkdocs_build, "_build_page", "building phase starts (first page built)")
    marks.first(search.SearchPlugin, "on_post_build", "pages built (search index written next)")

    os.chdir(site)
    earlier = None
    if (site / "site").exists():
        earlier = site / f"site.replaced-{time.time_ns()}"
        (site / "site").rename(earlier)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    config = load_config(config_file=str(site / "mkdocs.yml"), strict=True, site_dir=str(site / "site"))
    marks("configuration loaded")
    config.plugins.on_startup(command="build", dirty=False)
    mkdocs_build.build(config)
    config.plugins.on_shutdown()
    marks("build done")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)

    print(f"\n{site}")
    print("     at s   wall s    CPU s  (MkDocs' process; CPU below wall: it waited or lacked a core)")
    previous_wall, previous_cpu = 0.0, marks.start_cpu
    for wall, cpu, label in marks.marks:
        print(f"  {wall:7.2f}  {wall - previous_wall:7.2f}  {cpu - previous_cpu:7.2f}  {label}")
        previous_wall, previous_cpu = wall, cpu
    worker_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    print(
        f"  MkDocs waited {waits[0]:.2f} s for generated pages; worker processes used {worker_cpu:.2f} s CPU"
    )
    return earlier


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time one build's phases, in this process.")
    parser.add_argument("sites", type=Path, nargs="+", metavar="SITE", help="folders holding a mkdocs.yml")
    args = parser.parse_args(argv)
    for site in args.sites:
        if not (site / "mkdocs.yml").is_file():
            parser.error(f"{site}: no mkdocs.yml")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    earlier = [build(site) for site in [site.resolve() for site in args.sites]]
    for folder in earlier:
        if folder is not None:
            shutil.rmtree(folder)
    return 0


if __name__ == "__main__":  # workers are forked or spawned: only the main module builds
    sys.exit(main())
