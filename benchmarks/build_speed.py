"""Build speed: the site the PolicyPress plugin builds against the same pages as plain Markdown.

    python benchmarks/build_speed.py [N ...] [--repeat 3] [--seed 0] [--keep DIR] [--quick]

For each N (default: 1000 3000), generates N policies (benchmarks/generate.py) and prepares two
MkDocs sites whose mkdocs.yml differ only in the plugin. Both use the project's theme,
Markdown extensions and search settings (lang en + zh, so jieba segments Chinese), with a nav of
only Home. Both also set `not_in_nav: /policies/`, so the policy pages are out of the nav in
both sites:

  a. plugin: docs/index.md, the generated policies/ folder and `plugins: [search, policypress]`;
  b. plain:  docs/index.md and, as files under docs/, the very Markdown pages the plugin generates
     (from policypress.publish.publish on the same policies). It has no plugin and no JSON.

Each build is a fresh `python -m mkdocs build --strict` subprocess into an emptied site folder,
with the plugin's default options (worker processes, one per usable core, for 48+ policies).
Plugin and plain builds take turns, and the order flips each repeat, so machine noise hits both.
The script reports, per site, the median wall time, the CPU time of the build's processes,
peak memory (the largest process's max RSS from os.wait4, and all processes together, sampled),
the site's size and file count, and the plugin/plain ratio against the 1.10 bar. Between
consecutive N it reports the plugin's growth against 1.1 x the N ratio (3.3x for 1000 -> 3000).
It also times validate_paths and publish once each in its own process, without workers: the
work the plugin adds, before MkDocs renders anything.

The verdicts are printed as PASS or FAIL. The script exits 0 after measuring, 2 on bad
arguments, and 1 if a build fails (then there is nothing to measure).
"""

from __future__ import annotations

import compileall
import datetime as dt
import gc
import itertools
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

import policypress
from policypress.publish import Edition, Site, SiteOptions, publish
from policypress.validate import validate_paths

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchrun import Sizes, load_average, parse, parser, took, work_folder
from generate import generate
from validate_speed import package_version, table

OVERHEAD_BAR = 1.10  # the plugin may add at most 10% to the build time (at N = 1,000)
GROWTH_SLACK = 1.10  # linear growth: time(bN) / time(aN) at most 1.1 x b/a (3.3x for 1000 -> 3000)
PROJECT_CONFIG = Path(__file__).resolve().parents[1] / "mkdocs.yml"
SITES = ("plugin", "plain")
HOME = "# Build benchmark\n\nGenerated policies: see [the list of policies](policies/index.md).\n"


@dataclass
class Build:
    seconds: float
    cpu_seconds: float
    max_rss_mib: float
    tree_mib: float


def medians(builds: Sequence[Build]) -> Build:
    """Each figure's median over the builds (each on its own: not one build's figures)."""
    return Build(
        statistics.median(b.seconds for b in builds),
        statistics.median(b.cpu_seconds for b in builds),
        statistics.median(b.max_rss_mib for b in builds),
        statistics.median(b.tree_mib for b in builds),
    )


@dataclass
class Measured:
    """Everything measured for one N."""

    n: int
    builds: dict[str, list[Build]] = field(default_factory=lambda: {name: [] for name in SITES})
    site_bytes: dict[str, int] = field(default_factory=dict)
    site_files: dict[str, int] = field(default_factory=dict)
    validate_s: float = 0.0
    publish_s: float = 0.0
    pages: int = 0
    json_files: int = 0

    def median(self, site: str) -> float:
        return medians(self.builds[site]).seconds

    def cpu(self, site: str) -> float:
        return medians(self.builds[site]).cpu_seconds

    def rss(self, site: str) -> float:
        return medians(self.builds[site]).max_rss_mib

    def tree(self, site: str) -> float:
        return medians(self.builds[site]).tree_mib


# ---------------------------------------------------------------------------------------------
# The two sites
# ---------------------------------------------------------------------------------------------


def site_config(plugin: bool) -> dict[str, Any]:
    """The project's theme, search and Markdown settings, with only Home in the nav.

    The two sites' configs differ only in the policypress entry of `plugins`.
    """
    project = yaml.safe_load(PROJECT_CONFIG.read_text(encoding="utf-8"))
    search = next(p for p in project["plugins"] if isinstance(p, dict) and "search" in p)
    return {
        "site_name": "PolicyPress build benchmark",
        "strict": True,
        "theme": project["theme"],
        "plugins": [search, "policypress"] if plugin else [search],
        "markdown_extensions": project["markdown_extensions"],
        # The plugin marks its policy pages not_in_nav; the plain site's pages get the same.
        "not_in_nav": "/policies/",
        "nav": [{"Home": "index.md"}],
    }


def _write_site(root: Path, plugin: bool) -> None:
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "index.md").write_text(HOME, encoding="utf-8")
    text = yaml.safe_dump(site_config(plugin), sort_keys=False, allow_unicode=True, width=1000)
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")


def prepare(work: Path, n: int, seed: int) -> Measured:
    """Generate the policies into the plugin site, and write the plugin's pages into the plain site.

    validate_paths and publish are timed here, once each, as a cheap look at the plugin's own work.
    """
    measured = Measured(n)
    policies = work / "plugin" / "policies"
    generate(policies, n, seed)
    _write_site(work / "plugin", plugin=True)
    _write_site(work / "plain", plugin=False)

    gc.collect()
    start = time.perf_counter()
    result = validate_paths([policies], root=policies)
    measured.validate_s = time.perf_counter() - start
    if result.diagnostics or result.files != n:
        raise RuntimeError(f"the generated policies are not clean: {len(result.diagnostics)} finding(s)")
    editions = [Edition(doc.data, Path(doc.path).resolve()) for doc in result.documents]
    gc.collect()
    start = time.perf_counter()
    site: Site = publish(editions, SiteOptions())
    measured.publish_s = time.perf_counter() - start
    measured.pages, measured.json_files = len(site.pages), len(site.json)

    docs = work / "plain" / "docs"
    for page in site.pages:
        target = docs / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
    # The plugin adds its feeds, and the files pages link to (the lists' CSV and JSON), to the
    # site's files too: pages link to them.
    linked = set(site.linked)
    for file in [*site.feeds, *(f for f in site.json if f.path in linked)]:
        target = docs / file.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(file.content)
    return measured


# ---------------------------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------------------------


def _env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def warm_up() -> None:
    """Fill jieba's shared cache file and the import caches once, so no timed build pays for them.

    policypress is byte-compiled too, as an installed package is: run from a checkout or a
    snapshot with PYTHONDONTWRITEBYTECODE set, every build would compile it again (MkDocs,
    Material and the rest come compiled from their wheels).
    """
    compileall.compile_dir(Path(policypress.__file__).parent, quiet=1)
    code = (
        "import jieba, mkdocs.commands.build, material, policypress.plugin.plugin, "
        "mkdocs.contrib.search; jieba.setLogLevel(60); jieba.initialize()"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env=_env())


def _process_mib(pid: int) -> float:
    """A process's proportional set size (shared pages split between their users), else its RSS."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):  # gone, a zombie, or no smaps_rollup
        pass
    return _resident_mib(pid)


def _resident_mib(pid: int) -> float:
    """A process's resident set size: cheap to read, but counts pages shared with its workers twice."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


def _descendants(pid: int) -> list[int]:
    found, queue = [], [pid]
    while queue:
        parent = queue.pop()
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{parent}/task/{task}/children", encoding="ascii") as children:
                    queue.extend(int(child) for child in children.read().split())
            except OSError:
                continue
        found.append(parent)
    return found


# How often TreeMemory samples the resident sizes (see there).
SAMPLE_SECONDS = 0.1


class TreeMemory(threading.Thread):
    """Samples the memory of a build and every process it starts, summed, every `interval` seconds.

    os.wait4's max RSS is that of the largest single process, and the plugin renders on worker
    processes, so a site's real peak needs the sum: of proportional set sizes (PSS), since the
    forked workers share pages with MkDocs' process. On a system without /proc it stays 0.

    PSS is read only when the summed resident size reaches a new high (by 1%): reading a
    process's smaps_rollup walks its page tables under its memory lock (11 ms for MkDocs'
    process at 450 MB, 3-4 ms for a worker), so reading it ten times a second took about a
    fifth of a core and stalled the very processes measured, the plugin build's three more
    than the plain build's one, whose second core is otherwise idle. The resident size costs
    nothing to read.
    """

    def __init__(self, pid: int, interval: float = SAMPLE_SECONDS) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak_mib = pid, interval, 0.0
        self._done = threading.Event()

    def run(self) -> None:
        resident_high = 0.0
        while True:
            pids = _descendants(self.pid)
            resident = sum(_resident_mib(pid) for pid in pids)
            if resident > resident_high * 1.01:
                resident_high = resident
                self.peak_mib = max(self.peak_mib, sum(_process_mib(pid) for pid in pids))
            if self._done.wait(self.interval):
                return

    def stop(self) -> float:
        self._done.set()
        self.join()
        return self.peak_mib


class BuildFailed(RuntimeError):
    pass


def build(root: Path, site_dir: Path, mkdocs: Sequence[str] = ()) -> Build:
    """One `mkdocs build --strict` of the site in `root` into `site_dir`, a new folder, in a
    subprocess: wall time, CPU time and peak memory. `mkdocs`: the command that runs MkDocs'
    command line (default: `python -m mkdocs`).

    Each build writes a new folder, and the older ones are deleted only when every build of the
    run is done (`keep_last_builds`): deleting a few thousand files just before a build makes
    that build's file creation many times slower on ext4 without a journal, which keeps
    recently freed inodes from reuse and scans past them for every new file (6,000 files:
    0.2 s into a fresh folder, 2-3 s after 12,000 deletions). That would time the benchmark's
    own clean-up, and charge most to the site that writes most files.
    """
    log_path = root / "build.log"
    with log_path.open("wb") as log:
        start = time.perf_counter()
        process = subprocess.Popen(
            [*(mkdocs or [sys.executable, "-m", "mkdocs"]), "build", "--strict", "--site-dir", str(site_dir)],
            cwd=root,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=_env(),
        )
        sampler = TreeMemory(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)  # waited on here, so its rusage (tree) is ours
        seconds = time.perf_counter() - start
        tree_mib = sampler.stop()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-20:]
        raise BuildFailed(f"{root.name} build exited {process.returncode}:\n  " + "\n  ".join(tail))
    cpu = usage.ru_utime + usage.ru_stime
    return Build(seconds, cpu, usage.ru_maxrss / 1024, tree_mib)  # ru_maxrss is in KiB on Linux


def site_size(site_dir: Path) -> tuple[int, int]:
    """(bytes, files) of a built site."""
    sizes = [p.stat().st_size for p in site_dir.rglob("*") if p.is_file()]
    return sum(sizes), len(sizes)


def measure(work: Path, n: int, seed: int, repeat: int) -> Measured:
    start = time.perf_counter()
    measured = prepare(work, n, seed)
    print(
        f"\nN={n}: generated and prepared in {time.perf_counter() - start:.1f} s ({work}); "
        f"{measured.pages} pages, {measured.json_files} JSON files from the plugin"
    )
    for r in range(repeat):
        order = SITES if r % 2 == 0 else SITES[::-1]
        for name in order:
            measured.builds[name].append(build(work / name, work / name / f"site-{r + 1}"))
        print(
            f"  repeat {r + 1}: "
            + ", ".join(
                f"{name} {measured.builds[name][-1].seconds:.2f} s "
                f"(CPU {measured.builds[name][-1].cpu_seconds:.2f} s, "
                f"{measured.builds[name][-1].max_rss_mib:.0f} MiB max RSS, "
                f"{measured.builds[name][-1].tree_mib:.0f} MiB all processes)"
                for name in order
            )
        )
    for name in SITES:
        measured.site_bytes[name], measured.site_files[name] = site_size(work / name / f"site-{repeat}")
    return measured


def keep_last_builds(work: Path, repeat: int) -> None:
    """Once every build of the run is done: delete all but each site's last build, kept as `site`."""
    for name in SITES:
        for r in range(1, repeat):
            shutil.rmtree(work / name / f"site-{r}")
        (work / name / f"site-{repeat}").rename(work / name / "site")


# ---------------------------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------------------------


def environment() -> list[str]:
    return [
        f"Python {platform.python_version()} ({platform.python_implementation()}) on {platform.platform()}",
        f"CPU: {platform.processor() or platform.machine()}, {os.cpu_count()} logical cores, "
        f"{len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else '?'} usable "
        "(the plugin's default worker count for a big site)",
        f"mkdocs {package_version('mkdocs')}, mkdocs-material {package_version('mkdocs-material')}, "
        f"jieba {package_version('jieba')}, Markdown {package_version('Markdown')}, "
        f"policypress {package_version('policypress')} from {Path(policypress.__file__).parent}",
    ]


def report(results: list[Measured], repeat: int) -> None:
    header = "N site median_s min_s max_s x_plain CPU_s x_plain max_RSS_MiB all_MiB site_MB files"
    rows = [[column.replace("_", " ") for column in header.split()]]
    for m in results:
        plain = m.median("plain")
        for name in SITES:
            times = [b.seconds for b in m.builds[name]]
            rows.append(
                [
                    str(m.n),
                    name,
                    f"{m.median(name):.2f}",
                    f"{min(times):.2f}",
                    f"{max(times):.2f}",
                    f"{m.median(name) / plain:.3f}",
                    f"{m.cpu(name):.2f}",
                    f"{m.cpu(name) / m.cpu('plain'):.3f}",
                    f"{m.rss(name):.0f}",
                    f"{m.tree(name):.0f}",
                    f"{m.site_bytes[name] / 1e6:.1f}",
                    str(m.site_files[name]),
                ]
            )
    print(
        f"\nResults: wall time (median, min, max of {repeat} builds each); medians of the builds' CPU "
        "time (user + system, worker processes included), max RSS of the largest process (os.wait4) "
        "and peak memory of all the build's processes together (PSS, read at each new high of "
        f"their resident sizes, which are sampled every {SAMPLE_SECONDS:g} s)\n"
    )
    print(table(rows, left=2))

    print("\nThe plugin's own work, in this process (one run each, caches as cold as in a build):")
    for m in results:
        added = m.median("plugin") - m.median("plain")
        print(
            f"  N={m.n}: validate_paths {m.validate_s:.2f} s + publish {m.publish_s:.2f} s "
            f"= {m.validate_s + m.publish_s:.2f} s; median plugin build minus plain: {added:+.2f} s"
        )

    print("\nVerdicts")
    for m in results:
        ratio = m.median("plugin") / m.median("plain")
        verdict = "PASS" if ratio <= OVERHEAD_BAR else "FAIL"
        print(
            f"  Overhead at N={m.n}: plugin / plain = {ratio:.3f}x "
            f"(bar: at most {OVERHEAD_BAR:.2f}x) -> {verdict}; "
            f"CPU time {m.cpu('plugin') / m.cpu('plain'):.3f}x, for context"
        )
    for low, high in itertools.pairwise(results):
        factor = high.n / low.n
        bar = GROWTH_SLACK * factor
        growth = high.median("plugin") / low.median("plugin")
        plain = high.median("plain") / low.median("plain")
        verdict = "PASS" if growth <= bar else "FAIL"
        print(
            f"  Growth N={low.n} -> N={high.n} ({factor:.3g}x the policies): plugin {growth:.2f}x "
            f"(bar: at most {bar:.2f}x) -> {verdict}; plain {plain:.2f}x, for context"
        )


def start(title: str) -> None:
    """Print what is measured, on what and when, and warm the caches up (see warm_up)."""
    print(title)
    for line in environment():
        print("  " + line)
    print(f"  started {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, load average {load_average()}")
    warm_up()


SIZES = Sizes(
    ns=(1000, 3000),
    runs=3,
    runs_help="builds of each site per N",
    quick_ns=(2, 4),
    quick_help="smoke run: N = 2 4, one build each",
)


def main(argv: list[str] | None = None) -> int:
    run = parse(parser("Time the plugin's site build against plain Markdown pages.", SIZES), SIZES, argv)
    started = time.perf_counter()
    start("PolicyPress build speed: plugin site against the same pages as plain Markdown")

    with work_folder(run.keep, "policypress-build-bench-") as base:
        results: list[Measured] = []
        try:
            for n in run.ns:
                results.append(measure(base / f"n{n}", n, run.seed, run.runs))
        except BuildFailed as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        for n in run.ns:
            keep_last_builds(base / f"n{n}", run.runs)
        report(results, run.runs)
    took(started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
