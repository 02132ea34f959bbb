"""A build is all or nothing, and never ends in a traceback (plugin/sitestage.py, on_build_error).

Each test builds a small site in this process, then builds it again with one phase made to
fail (a core function monkeypatched to raise): the build must stop with one clear message
and a non-zero exit, and leave the site folder exactly as the good build wrote it.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from policypress import publish
from policypress.plugin import plugin as plugin_module
from policypress.render import mdlinks

from .servecmd import REBUILT, ServeCommand
from .sites import EPOCH, POLICY_EN, changed, snapshot, write_site
from .test_serve import Served, edit_text, uncompressed
from .test_serve import _plugins as plugins

POLICY_FILE = "example/1/en.yaml"


def run_build(source: Path, site: Path, *, strict: bool = True, dirty: bool = False) -> None:
    """`mkdocs build` in this process, as the command runs it (startup, build, shutdown)."""
    config = load_config(config_file=str(source / "mkdocs.yml"), site_dir=str(site), strict=strict)
    config.plugins.on_startup(command="build", dirty=dirty)
    try:
        build(config, dirty=dirty)
    finally:
        config.plugins.on_shutdown()
        assert config.site_dir == str(site)  # gh-deploy publishes config.site_dir next


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, Path]]:
    source = write_site(tmp_path / "src", {POLICY_FILE: POLICY_EN})
    monkeypatch.chdir(source)
    out = tmp_path / "out" / "site"
    run_build(source, out)
    assert (out / "api/v1/index.json").is_file()
    yield source, out
    logging.getLogger("mkdocs").handlers[:] = [
        h for h in logging.getLogger("mkdocs").handlers if type(h).__name__ != "CountHandler"
    ]


def leftovers(site: Path) -> list[str]:
    """What a build left beside the site folder: its staging folder, or the last site's."""
    return sorted(p.name for p in site.parent.iterdir() if p.name.startswith(f".{site.name}."))


def fails(error: type[BaseException] = RuntimeError) -> Callable[..., Any]:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise error("injected failure")

    return fail


def stopped(source: Path, site: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """The one message of a build that must fail, having checked that the site was not touched."""
    before = snapshot(site)
    with pytest.raises(SystemExit) as stop:
        run_build(source, site)
    assert getattr(stop.value, "code", None) == 1 or getattr(stop.value, "exit_code", None) == 1
    assert snapshot(site) == before
    assert leftovers(site) == []
    return str(stop.value)


@pytest.mark.parametrize(
    ("target", "name", "phase"),
    [
        (publish.Publisher, "finish", "planning the site (on_pre_build)"),
        (publish.Publisher, "markdown", "a policy page's Markdown (on_page_read_source)"),
        (plugin_module, "title_text", "a policy page's HTML (on_page_content)"),
        (mdlinks._VisibleLinks, "run", "Markdown conversion, inside MkDocs"),
        (publish.Publisher, "json_files", "the JSON (on_post_build)"),
        (plugin_module, "write_host_files", "the host files, after the JSON was written"),
    ],
)
def test_a_failure_in_any_phase_is_one_message_and_leaves_the_site_as_it_was(
    site: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    target: Any,
    name: str,
    phase: str,
) -> None:
    source, out = site
    if target is publish.Publisher and name == "finish":
        monkeypatch.setattr(plugin_module, "_editions", fails(ValueError))
    else:
        monkeypatch.setattr(target, name, fails(ValueError))
    message = stopped(source, out, capsys)
    assert "injected failure" in message, phase
    assert "Traceback" not in capsys.readouterr().err


def test_a_page_that_fails_names_the_policy_file(
    site: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source, out = site
    monkeypatch.setattr(publish.Publisher, "markdown", fails(KeyError))
    message = stopped(source, out, capsys)
    assert f"while building the page of policies/{POLICY_FILE}: KeyError" in message
    assert "the site folder is as it was" in message


def test_a_write_that_fails_half_way_leaves_no_half_site(
    site: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The JSON is written file by file: the second one fails, after the pages and one file."""
    source, out = site
    original = plugin_module.SiteFolder.write
    calls = []

    def write(self: Any, path: str, content: bytes) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        original(self, path, content)

    monkeypatch.setattr(plugin_module.SiteFolder, "write", write)
    assert stopped(source, out, capsys) == "Aborted with a BuildError!"  # MkDocs logged the message
    assert "policypress: cannot write api/" in caplog.text and "No space left on device" in caplog.text
    assert len(calls) == 2


def test_a_warning_in_strict_mode_leaves_the_site_as_it_was(
    site: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """MkDocs stops a strict build for its warnings only after every plugin's on_post_build."""
    source, out = site
    (source / "docs/index.md").write_text("# Home\n\n[broken](missing.md)\n", encoding="utf-8")
    before = snapshot(out)
    with pytest.raises(SystemExit, match="strict mode"):
        run_build(source, out)
    assert snapshot(out) == before and leftovers(out) == []
    run_build(source, out, strict=False)  # not strict: published, warning and all
    assert "missing.md" in (out / "index.html").read_text(encoding="utf-8")


def test_a_good_build_replaces_the_site_whole(site: tuple[Path, Path]) -> None:
    source, out = site
    (out / "stale.html").write_text("from an older build", encoding="utf-8")
    (source / "docs/index.md").write_text("# Home\n\nNew words.\n", encoding="utf-8")
    run_build(source, out)
    assert not (out / "stale.html").exists() and "New words." in (out / "index.html").read_text("utf-8")
    assert leftovers(out) == []


def test_a_dirty_build_writes_in_place(site: tuple[Path, Path]) -> None:
    source, out = site
    (out / "kept.html").write_text("a dirty build keeps it", encoding="utf-8")
    run_build(source, out, strict=False, dirty=True)  # MkDocs warns of a dirty build
    assert (out / "kept.html").is_file() and leftovers(out) == []


def test_a_site_folder_that_cannot_be_renamed_gets_its_contents_replaced(
    site: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mount point cannot be renamed: the new site is moved into it entry by entry."""
    source, out = site
    from policypress.plugin import sitestage

    real_rename = sitestage.os.rename

    def rename(old: Any, new: Any) -> None:
        if Path(old) == out:
            raise OSError(16, "Device or resource busy")
        real_rename(old, new)

    monkeypatch.setattr(sitestage.os, "rename", rename)
    (source / "docs/index.md").write_text("# Home\n\nMounted.\n", encoding="utf-8")
    run_build(source, out)
    assert "Mounted." in (out / "index.html").read_text("utf-8") and leftovers(out) == []


@pytest.mark.parametrize("death", [False, True], ids=["raises", "dies"])
def test_a_worker_that_fails_is_one_message_and_leaves_the_site_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], death: bool
) -> None:
    """On worker processes (forked: they inherit the fault), a renderer that raises, or a worker
    that dies, stops the build with one message naming the policy; the site stays as it was."""
    source = write_site(tmp_path / "src", {POLICY_FILE: POLICY_EN}, plugin={"workers": 2})
    monkeypatch.chdir(source)
    out = tmp_path / "out" / "site"
    run_build(source, out)
    parent = os.getpid()

    def render(*args: Any, **kwargs: Any) -> Any:
        if os.getpid() == parent:  # the fault is the workers' own
            raise AssertionError("rendered in MkDocs' process, not on a worker")
        if death:
            os._exit(3)
        raise ValueError("injected failure")

    monkeypatch.setattr(publish, "render_policy_pages", render)
    # Forked even under pytest-xdist, whose threads would have the workers spawned (no fault).
    monkeypatch.setattr("policypress.parallel._start_method", lambda: "fork")
    message = stopped(source, out, capsys)
    assert f"while building the page of policies/{POLICY_FILE}" in message
    assert ("BrokenProcessPool: " if death else "ValueError: injected failure") in message
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("dirty", [False, True], ids=["serve", "serve --dirty"])
def test_under_serve_a_failed_rebuild_is_one_message_and_the_next_is_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dirty: bool
) -> None:
    """`mkdocs serve` stages each build like `mkdocs build`: a rebuild that fails leaves the last
    good site served. `--dirty` writes in place (only what changed). Either way the rebuild after
    a failed one is a full build, and the served site is again what a full build makes."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    source = write_site(tmp_path / "src", {POLICY_FILE: POLICY_EN}, plugin={"build_date": "2024-06-01"})
    monkeypatch.chdir(source)
    served = Served(source, dirty=dirty)
    try:
        served.build()
        before = snapshot(served.site)
        edit_text(source / "policies" / POLICY_FILE, "with any question.", "with any question at all.")
        with monkeypatch.context() as patch:
            patch.setattr(publish, "render_policy_pages", fails(ValueError))
            with pytest.raises(Abort, match=f"while building the page of policies/{POLICY_FILE}"):
                served.build()
        if not dirty:
            assert snapshot(served.site) == before and leftovers(served.site) == []
        served.build()
        assert served.serving.last is not None and served.serving.last.full
        assert changed(uncompressed(snapshot(served.site)), served.full_build()) == []
    finally:
        plugins().clear()


def test_serve_builder_says_whatever_stops_a_rebuild_in_one_line(caplog: pytest.LogCaptureFixture) -> None:
    """MkDocs' serve loop prints a traceback for anything a rebuild raises but a SystemExit, and
    holds every page back after any failed rebuild: the rebuild logs the failure and returns,
    while the site folder holds the last good site."""
    caplog.set_level(logging.INFO)
    kept = [True]

    def fault() -> None:
        raise RuntimeError("a fault\noutside the build")

    def abort() -> None:
        raise Abort("already said")

    plugin_module.serve_builder(fault, lambda: kept[0])()
    plugin_module.serve_builder(abort, lambda: kept[0])()
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert errors[0].startswith("policypress: the rebuild stopped: RuntimeError: a fault outside the build ")
    assert errors[1:] == ["already said"]
    assert "the preview shows the last good site" in caplog.text

    kept[0] = False  # a dirty build stopped half-way: MkDocs holds the pages back, as it always did
    with pytest.raises(Abort, match="RuntimeError: a fault outside the build"):
        plugin_module.serve_builder(fault, lambda: kept[0])()
    with pytest.raises(Abort, match=r"^already said$"):
        plugin_module.serve_builder(abort, lambda: kept[0])()


def test_mkdocs_serve_prints_no_traceback_and_keeps_the_last_good_site(tmp_path: Path) -> None:
    """The real `mkdocs serve --strict` (staged builds): a policy that links out of the policies
    folder is a located PP108 and the preview keeps its last good pages; an mkdocs.yml that does
    not parse stops the rebuild with its place in one line, the last good site still served; the
    fix builds again. No traceback at any point."""
    source = write_site(tmp_path / "src", {POLICY_FILE: POLICY_EN}, plugin={"build_date": "2024-06-01"})
    (tmp_path / "elsewhere.yaml").write_text(POLICY_EN, encoding="utf-8")
    link = source / "policies/example/1/de.yaml"
    settings = (source / "mkdocs.yml").read_text(encoding="utf-8")
    page = "policies/example/en/"
    with ServeCommand(source, "--strict") as server:
        server.until("Serving on ")
        assert "with any question." in server.page(page)

        link.symlink_to(tmp_path / "elsewhere.yaml")
        seen = server.until(REBUILT)
        assert any(" policies/example/1/de.yaml:1:1: PP108 " in line for line in seen), seen
        assert "Reloading browsers" in seen[-1], seen
        link.unlink()
        server.until(REBUILT)

        (source / "mkdocs.yml").write_text(settings + "\n  : [\n", encoding="utf-8")
        located = server.until(r"does not parse|An error happened")[-1]  # (past the link's rebuilds)
        assert re.search(r" mkdocs\.yml:\d+:\d+: mkdocs\.yml does not parse: ", located), located
        assert "Reloading browsers" in server.until(REBUILT)[-1]
        assert "with any question." in server.page(page)

        # The policy first: the first good build reads mkdocs.yml after it is fixed, so after this.
        edit_text(source / "policies" / POLICY_FILE, "with any question.", "with any question at all.")
        (source / "mkdocs.yml").write_text(settings, encoding="utf-8")
        server.until("Documentation built")
        server.until("Reloading browsers")
        assert "with any question at all." in server.page(page)
    assert not [line for line in server.lines if "Traceback" in line], server.lines
