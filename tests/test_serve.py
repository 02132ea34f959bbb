"""`mkdocs serve`: after an edit the plugin rebuilds only what the edit changed (plugin/serve.py).

Each test serves a small site the way `mkdocs serve --dirty` does (MkDocs' own serve builder,
in this process: one plugin object for every build, the configuration read again for each,
`build(config, serve_url=…, dirty=True)` into one folder), edits a source, builds again, and
compares the served folder with a full build of the same sources: the same bytes, and the
files written again are exactly those whose bytes changed (and the few site-wide ones
MkDocs always writes). The last test runs the real `mkdocs serve --dirty` command.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from policypress import schemas
from policypress.i18n.catalogs import PACKAGE_LOCALES
from policypress.plugin import serve as serve_module
from policypress.publish import SiteOptions
from policypress.render.environment import PACKAGE_TEMPLATES, compile_all
from policypress.render.environment import environment as template_environment
from policypress.render.environment import forget as forget_templates

from .nginx import free_port
from .sites import EPOCH, POLICY_DRAFT, POLICY_EN, POLICY_ZH, changed, next_version, snapshot, write_site
from .test_locales import write_catalog

URL = "http://127.0.0.1:8000/"
V2 = next_version(POLICY_EN, "2", effective="2024-03-01")
# Version 1 in German: a translation of the English, which controls.
POLICY_DE = POLICY_EN.replace(
    "language: en\n",
    "language: de\ntranslation:\n  from: en\n  by: PolicyPress tests\n  date: 2024-03-01\n",
    1,
).replace("title: Example Privacy Policy", "title: Beispiel-Datenschutzerklärung")
# Written by MkDocs (or the host files) on every build, whatever changed.
SITE_WIDE = {"404.html", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json", "_headers"}
SITE_WIDE |= {"_policypress/nginx.conf"}
OVERRIDE = '{% extends "policypress/policy.md.j2" %}{% block about %}MARKER-ONE{% endblock %}\n'

Snapshot = dict[str, bytes | None]
SEARCH_INDEX = "search/search_index.json"


def _plugins() -> dict[str, object]:
    return MkDocsConfig.plugins.plugin_cache  # type: ignore[attr-defined,no-any-return]


class Served:
    """A site served as `mkdocs serve` builds it (see the module docstring)."""

    def __init__(self, root: Path, *, dirty: bool = True) -> None:
        self.root, self.dirty, self.site = root, dirty, root / "served"
        _plugins().clear()
        self._config().plugins.on_startup(command="serve", dirty=dirty)
        self._kept = dict(_plugins())  # MkDocs keeps a plugin with on_startup between builds

    def _config(self, site: Path | None = None) -> MkDocsConfig:
        config = load_config(config_file=str(self.root / "mkdocs.yml"), site_dir=str(site or self.site))
        config.site_url = URL
        return config

    def build(self) -> None:
        _plugins().clear()
        _plugins().update(self._kept)
        build(self._config(), serve_url=URL, dirty=self.dirty)

    def full_build(self, name: str = "full") -> Snapshot:
        """The same sources built by a fresh `mkdocs build` (with serve's site_url), as a snapshot."""
        site = self.root / name
        shutil.rmtree(site, ignore_errors=True)
        _plugins().clear()
        config = self._config(site)
        config.plugins.on_startup(command="build", dirty=False)
        build(config, serve_url=URL, dirty=False)
        _plugins().clear()
        return uncompressed(snapshot(site))

    def times(self) -> dict[str, int]:
        return {
            p.relative_to(self.site).as_posix(): p.stat().st_mtime_ns
            for p in self.site.rglob("*")
            if p.is_file()
        }

    @property
    def serving(self) -> serve_module.Serving:
        plugin = self._kept["policypress"]
        assert plugin.serving is not None  # type: ignore[attr-defined]
        return plugin.serving  # type: ignore[attr-defined,no-any-return]


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An English policy in two versions, the first also in German (a translation), a Chinese
    policy, and a template override; built for 1 June 2024."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    policies = {
        "example/1/en.yaml": POLICY_EN,
        "example/1/de.yaml": POLICY_DE,
        "example/2/en.yaml": V2,
        "shili/1/zh-CN.yaml": POLICY_ZH,
    }
    root = write_site(
        tmp_path / "src",
        policies,
        plugin={"build_date": "2024-06-01", "templates_dir": "overrides", "field_reference": "reference"},
        files={"overrides/policy.md.j2": OVERRIDE},
    )
    monkeypatch.chdir(root)
    yield root
    _plugins().clear()


def uncompressed(files: Snapshot) -> Snapshot:
    """`files` as `mkdocs serve` writes them: without compressed copies (a full build writes them,
    and its own copy of MkDocs' sitemap.xml.gz; test_delivery.py tests them), and with the search
    index as the search plugin writes it (a full build writes the same JSON value again in fewer
    bytes: plugin/theme.py's compact_search_index)."""
    found = {path: content for path, content in files.items() if not path.endswith((".gz", ".br"))}
    index = found.get(SEARCH_INDEX)
    if index is not None:
        found[SEARCH_INDEX] = json.dumps(json.loads(index), separators=(",", ":")).encode()
    return found


def rewritten(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {path for path, time in after.items() if before.get(path) != time}


def check_rebuild(
    served: Served, before: Snapshot, times: dict[str, int], *, full: bool = False, docs: bool = False
) -> set[str]:
    """Build again; the served site must be the full build's, and (unless the build is `full`)
    only the files whose bytes changed, and the site-wide ones, written again (and with `docs`,
    the docs pages: generated pages came or went, and their links are checked again). The
    changed files."""
    served.build()
    after = snapshot(served.site)
    assert changed(uncompressed(after), served.full_build()) == []
    differ = set(changed(before, after))
    assert served.serving.last is not None and served.serving.last.full == full
    if not full:
        allowed = SITE_WIDE | ({"index.html"} if docs else set())
        assert rewritten(times, served.times()) - allowed <= differ
    return differ


def test_an_edited_policy_rebuilds_its_own_pages_and_files_only(site: Path) -> None:
    served = Served(site)
    served.build()
    before, times = snapshot(served.site), served.times()
    text = (site / "policies/example/1/en.yaml").read_text(encoding="utf-8")
    edited = text.replace("with any question.", "with any question at all.")
    (site / "policies/example/1/en.yaml").write_text(edited, encoding="utf-8")

    differ = check_rebuild(served, before, times)

    # Version 1's own page and manifest, version 2's page of what changed (it compares with 1),
    # and the catalog (version 1's digest); nothing of version 2 itself or of other policies.
    assert {
        "policies/example/1/en/index.html",
        "policies/example/2/en/changes/index.html",
        "api/v1/policies/example/1/en.json",
        "api/v1/index.json",
    } <= differ
    assert not any("example/2/en.json" in p or "/example/en/" in p for p in differ)
    assert all("/example/" in path or path in SITE_WIDE | {"api/v1/index.json"} for path in differ), differ
    assert served.serving.publisher is not None and served.serving.publisher.rendered == 2
    # The search index as the search plugin wrote it (its Chinese escaped): a full build's compaction
    # would read and write a big site's whole index again after every edit.
    assert b"\\u" in (served.site / SEARCH_INDEX).read_bytes()


def test_mkdocs_makes_no_page_of_an_unchanged_policy_page(site: Path) -> None:
    """The unchanged policy pages are set aside (plugin/serve.py): MkDocs makes a Page of, reads
    and writes only the pages an edit changed (and its own and the nav's), however big the site;
    the served site is still the full build's (check_rebuild)."""
    served = Served(site)
    served.build()
    assert served.serving.last is not None and not served.serving.last.set_aside
    every_page = set(served.serving.last.made)
    objects = dict(served.serving.last.objects)
    before, times = snapshot(served.site), served.times()
    edit_text(site / "policies/example/1/en.yaml", "with any question.", "with any question at all.")

    differ = check_rebuild(served, before, times)

    last = served.serving.last
    assert last is not None and last.set_aside
    made = set(last.made)
    html = {uri: Path(last.pages[uri].dest).relative_to(served.site).as_posix() for uri in every_page}
    edited = {uri for uri in every_page if html[uri] in differ}
    assert html["policies/example/1/en.md"] in differ and edited <= made
    indexes = {uri for uri in made if uri.startswith("policies/index")}  # in the nav, or its views
    assert {uri for uri in made if uri.startswith("policies/")} == edited | indexes
    assert not [uri for uri in made if uri.startswith("policies/shili/")]
    assert set(last.order) == every_page  # every page's search entries and inline code are kept
    # MkDocs' file objects of what did not change are taken again (each derives its paths once).
    assert last.objects["policies/shili/zh-CN.md"][0] is objects["policies/shili/zh-CN.md"][0]
    assert last.objects["policies/example/1/en.md"][0] is not objects["policies/example/1/en.md"][0]
    # Adding a page makes the pages MkDocs knows change: nothing is set aside then.
    (site / "policies/example/3").mkdir()
    (site / "policies/example/3/en.yaml").write_text(next_version(V2, "3", effective="2024-05-01"))
    served.build()
    assert changed(uncompressed(snapshot(served.site)), served.full_build()) == []
    assert served.serving.last is not None and not served.serving.last.set_aside


def test_the_theme_folders_are_listed_once_while_only_policies_change(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MkDocs lists the theme's files (mkdocs-material's 14,000) on every build: a build that is not
    a full one takes the last list (what it lists is checked by every rebuild's comparison)."""
    listings = []
    real = jinja2.FileSystemLoader.list_templates

    def counted(loader: jinja2.FileSystemLoader) -> list[str]:
        if any("material" in Path(folder).parts for folder in loader.searchpath):  # the theme's, not
            listings.append(loader)  # the policy templates' (compiled after a full build)
        return real(loader)

    monkeypatch.setattr(jinja2.FileSystemLoader, "list_templates", counted)
    served = Served(site)
    served.build()
    assert len(listings) == 1
    before, times = snapshot(served.site), served.times()
    edit_text(site / "policies/example/1/en.yaml", "with any question.", "with any question at all.")

    check_rebuild(served, before, times)

    assert len(listings) == 2  # and the full build it is compared with


def test_an_edited_translation_rebuilds_its_language_only(site: Path) -> None:
    served = Served(site)
    served.build()
    before, times = snapshot(served.site), served.times()
    edit_text(site / "policies/example/1/de.yaml", "with any question.", "mit jeder Frage.")

    differ = check_rebuild(served, before, times)

    assert {"policies/example/de/index.html", "policies/example/1/de/index.html"} <= differ
    assert {"api/v1/policies/example/1/de.json", "api/v1/policies/example/latest/de.json"} <= differ
    assert not [path for path in differ if "/en/" in path or path.endswith("en.json") or "shili" in path]


def test_a_new_version_and_a_removed_policy(site: Path) -> None:
    served = Served(site)
    served.build()
    before, times = snapshot(served.site), served.times()
    v3 = next_version(V2, "3", effective="2024-05-01")
    (site / "policies/example/3").mkdir()
    (site / "policies/example/3/en.yaml").write_text(v3, encoding="utf-8")
    shutil.rmtree(site / "policies/shili")

    differ = check_rebuild(served, before, times, docs=True)

    assert "policies/example/3/en/index.html" in differ
    assert not any("shili" in path for path in snapshot(served.site))


def test_a_template_edit_rebuilds_everything_and_nothing_stale_survives(site: Path) -> None:
    served = Served(site)
    served.build()
    before, times = snapshot(served.site), served.times()
    (site / "overrides/policy.md.j2").write_text(OVERRIDE.replace("ONE", "TWO"), encoding="utf-8")

    differ = check_rebuild(served, before, times, full=True)

    assert {path for path in times if path.endswith(".html")} <= rewritten(times, served.times())
    assert {"policies/example/en/index.html", "policies/shili/zh-CN/index.html"} <= differ


def test_a_schema_edit_rebuilds_everything_and_only_what_it_says_changes(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The policy schema's description is on its field reference page: that page (and the search
    index holding it) changes, every other file is written again with the same bytes."""
    schema_copy = tmp_path / "schema"
    shutil.copytree(schemas.schema_dir(), schema_copy)
    monkeypatch.setattr(schemas, "schema_dir", lambda: schema_copy)
    served = Served(site)
    served.build()
    before, times = snapshot(served.site), served.times()
    edit_text(
        schema_copy / schemas.POLICY_SCHEMA, "One privacy policy in one version", "One policy, SCHEMA-EDIT"
    )

    differ = check_rebuild(served, before, times, full=True)

    # The page, its view in Chinese (in English, under a notice: views.py) and the search index.
    assert differ == {
        "reference/policy/index.html",
        "reference/policy.zh-CN/index.html",
        "search/search_index.json",
    }
    assert "SCHEMA-EDIT" in (served.site / "reference/policy/index.html").read_text("utf-8")
    assert {path for path in times if path.endswith(".html")} <= rewritten(times, served.times())


def test_a_drafts_warnings_do_not_keep_a_strict_site_from_its_other_policies(
    site: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """As in a full build, a draft the site does not publish cannot hold it up by its warnings (its
    TODOs): they are information, and nothing is left out of the preview."""
    caplog.set_level(logging.INFO)
    config = json.loads((site / "mkdocs.yml").read_text(encoding="utf-8"))
    (site / "mkdocs.yml").write_text(json.dumps({**config, "strict": True}), encoding="utf-8")
    draft = site / "policies/draft-policy/1/en.yaml"
    draft.parent.mkdir(parents=True)
    draft.write_text(POLICY_DRAFT.replace("    title: Introduction", '    title: "TODO: a heading"'), "utf-8")
    served = Served(site)
    served.build()
    edit_text(site / "policies/example/1/en.yaml", "with any question.", "with any question at all.")
    edit_text(draft, "with any question.", "with any question at all.")
    caplog.clear()

    served.build()

    todo = [r for r in caplog.records if " PP350 " in r.getMessage()]
    assert [r.levelname for r in todo] == ["INFO"]
    assert "left out of the preview" not in caplog.text and "keeps its last good" not in caplog.text
    page = served.site / "policies/example/1/en/index.html"
    assert "with any question at all." in page.read_text("utf-8")
    assert changed(uncompressed(snapshot(served.site)), served.full_build()) == []


@pytest.mark.parametrize(
    "what",
    [
        "template",
        "schema",
        "house schema",
        "docs",
        "mkdocs.yml",
        "package catalog",
        "site catalog",
        "custom_dir",
        "day",
    ],
)
def test_what_every_page_is_made_with_is_in_the_context(
    site: Path, what: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change to any of it makes the next build a full one: a site template, PolicyPress's schemas,
    the site's own schema, a page of docs/, mkdocs.yml, a file of the package (its message catalogs,
    its templates), the site's message catalogs (locales_dir), the theme's custom_dir, the day.
    A policy, or the package's Python code (which a running server does not load again), does not."""
    schema_copy, package_copy = tmp_path / "schema", tmp_path / "package"
    shutil.copytree(schemas.schema_dir(), schema_copy)
    monkeypatch.setattr(schemas, "schema_dir", lambda: schema_copy)
    shutil.copytree(PACKAGE_TEMPLATES, package_copy / "templates")
    shutil.copytree(PACKAGE_LOCALES, package_copy / "locales")
    (site / "locales").mkdir()
    write_catalog(site / "locales" / "zh-Hans.po", "zh_Hans", {"history_intro": "WORDS-ONE"})
    (package_copy / "code.py").write_text("", encoding="utf-8")
    monkeypatch.setattr(serve_module, "PACKAGE", package_copy)
    (site / "house.json").write_text('{"type": "object"}', encoding="utf-8")
    (site / "theme").mkdir()
    config = json.loads((site / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = "theme"
    config["plugins"][1]["policypress"]["schema"] = "house.json"
    config["plugins"][1]["policypress"]["locales_dir"] = "locales"
    if what == "day":  # the day of SOURCE_DATE_EPOCH, not one set in mkdocs.yml
        del config["plugins"][1]["policypress"]["build_date"]
    (site / "mkdocs.yml").write_text(json.dumps(config), encoding="utf-8")
    before = context(site)
    edit_text(site / "policies/example/1/en.yaml", "with any question.", "with any question at all.")
    (package_copy / "code.py").write_text("x = 1\n", encoding="utf-8")
    assert context(site) == before
    if what == "template":
        (site / "overrides/policy.md.j2").write_text(OVERRIDE.replace("ONE", "TWO"), encoding="utf-8")
    elif what == "schema":
        edit_text(schema_copy / schemas.POLICY_SCHEMA, '"description"', '"description" ', count=1)
    elif what == "house schema":
        (site / "house.json").write_text('{"type": "object", "required": ["title"]}', encoding="utf-8")
    elif what == "docs":
        (site / "docs/index.md").write_text("# Home\n\nEdited.\n", encoding="utf-8")
    elif what == "mkdocs.yml":
        edit_text(site / "mkdocs.yml", "PolicyPress test site", "Another name")
    elif what == "package catalog":
        edit_text(package_copy / "locales" / "zh-Hans.po", 'msgstr "版本"', 'msgstr "版次"')
    elif what == "site catalog":
        write_catalog(site / "locales" / "zh-Hans.po", "zh_Hans", {"history_intro": "WORDS-TWO"})
    elif what == "custom_dir":
        (site / "theme" / "main.html").write_text('{% extends "base.html" %}\n', encoding="utf-8")
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 86400))
    assert context(site) != before


def test_an_edited_catalog_changes_every_page_in_its_language_and_nothing_else(site: Path) -> None:
    """The site's catalog (locales_dir) changes the words of the Chinese pages: after an edit,
    every page and file that shows the message has the new words, and only those changed."""
    config = json.loads((site / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"][1]["policypress"]["locales_dir"] = "locales"
    (site / "mkdocs.yml").write_text(json.dumps(config), encoding="utf-8")
    (site / "locales").mkdir()
    write_catalog(site / "locales" / "zh-Hans.po", "zh_Hans", {"history_intro": "WORDS-ONE"})
    served = Served(site)
    served.build()
    before, times = snapshot(served.site), served.times()
    assert "WORDS-ONE" in (served.site / "policies/shili/zh-CN/history/index.html").read_text("utf-8")
    write_catalog(site / "locales" / "zh-Hans.po", "zh_Hans", {"history_intro": "WORDS-TWO"})

    differ = check_rebuild(served, before, times, full=True)

    assert "policies/shili/zh-CN/history/index.html" in differ
    assert all("shili" in path or path == "search/search_index.json" for path in differ), differ
    assert not [
        path for path, content in snapshot(served.site).items() if content and b"WORDS-ONE" in content
    ]


def context(root: Path) -> str:
    """The digest serve.py compares between builds, for the site in `root`."""
    config = load_config(config_file=str(root / "mkdocs.yml"))
    plugin = config.plugins["policypress"]
    _plugins().clear()
    options = SiteOptions(today=plugin.config.build_date)
    return serve_module.context_digest(config, plugin.config, options)  # type: ignore[arg-type]


def edit_text(path: Path, old: str, new: str, *, count: int = -1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_only_policy_edits_are_built_incrementally(site: Path) -> None:
    served = Served(site)
    served.build()
    assert served.serving.last is not None and served.serving.last.full
    served.build()  # nothing changed
    assert served.serving.last is not None and not served.serving.last.full
    assert served.serving.publisher is not None and served.serving.publisher.rendered == 0


def test_an_invalid_edit_keeps_the_last_good_pages(site: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Strict mode, an error: the build still succeeds (so the server keeps serving), the terminal
    shows the located errors, and the pages stay the last good ones until the file is fixed."""
    served = Served(site)
    served.build()
    before = snapshot(served.site)
    path = site / "policies/example/2/en.yaml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("effective: 2024-03-01", "effective: 2024-02-30"), encoding="utf-8")
    caplog.clear()

    served.build()

    assert changed(before, snapshot(served.site)) == []
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    line = next(n for n, text in enumerate(good.splitlines(), 1) if text.startswith("effective:"))
    assert errors == [f"policies/example/2/en.yaml:{line}:12: PP303 " + errors[0].split(" PP303 ", 1)[1]]
    assert "the preview keeps its last good pages" in caplog.text
    edited = good.replace("with any question.", "with any question at all.")
    path.write_text(edited, encoding="utf-8")
    caplog.clear()

    served.build()

    assert not [r for r in caplog.records if r.levelname == "ERROR"]
    assert "with any question at all." in (served.site / "policies/example/en/index.html").read_text("utf-8")
    assert changed(uncompressed(snapshot(served.site)), served.full_build()) == []


def test_a_policy_that_was_never_valid_is_left_out_until_it_is(
    site: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (site / "policies/example/2/en.yaml").write_text(V2.replace("title: ", "titel: "), encoding="utf-8")
    served = Served(site)
    served.build()
    assert "left out of the preview" in caplog.text
    assert not (served.site / "policies/example").exists()
    (site / "policies/example/2/en.yaml").write_text(V2, encoding="utf-8")
    served.build()
    assert changed(uncompressed(snapshot(served.site)), served.full_build()) == []


def test_without_dirty_mkdocs_writes_every_page_and_the_site_is_the_same(site: Path) -> None:
    served = Served(site, dirty=False)
    served.build()
    times = served.times()
    edit_text(site / "policies/example/1/en.yaml", "with any question.", "with any question at all.")
    served.build()
    assert changed(uncompressed(snapshot(served.site)), served.full_build()) == []
    assert {p for p in times if p.endswith(".html")} <= rewritten(times, served.times())


def test_a_site_with_an_unknown_plugin_is_built_in_full(site: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)

    class Unknown:
        def on_page_markdown(self, markdown: str, **_: object) -> str:
            return markdown

    served = Served(site)
    config = served._config()
    config.plugins["unknown"] = Unknown()  # type: ignore[assignment]
    assert not serve_module.incremental_plugins(config)
    assert "every page is built again on each change, as the site's plugins unknown" in caplog.text


# ------------------------------------------------------------------ the real command


def test_mkdocs_serve_keeps_serving_the_last_good_page(site: Path) -> None:
    """`mkdocs serve --dirty --strict`, as `./dev serve` runs it: an invalid edit is reported in the
    terminal and the page is still served, as it was; the fix shows."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "serve",
        "--dirty",
        "--strict",
        "--dev-addr",
        f"127.0.0.1:{port}",
    ]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH}
    server = subprocess.Popen(command, cwd=site, stderr=subprocess.PIPE, text=True, env=env)
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(line) for line in server.stderr or ()], daemon=True)
    reader.start()

    def until(pattern: str) -> list[str]:
        seen = []
        while True:
            line = lines.get(timeout=300)
            seen.append(line)
            if re.search(pattern, line):
                return seen

    page = f"http://127.0.0.1:{port}/policies/example/en/"
    try:
        until(r"Serving on ")
        with urllib.request.urlopen(page, timeout=300) as response:
            first = response.read().decode("utf-8")
        assert "with any question." in first
        path = site / "policies/example/2/en.yaml"
        edited = V2.replace("with any question.", "with any question at all.")
        path.write_text(edited.replace("effective: 2024-03-01", "effective: 2024-02-30"), encoding="utf-8")
        seen = until(r"Reloading browsers|An error happened")
        assert any(" PP303 " in line and "policies/example/2/en.yaml" in line for line in seen), seen
        assert not any("An error happened" in line for line in seen), seen
        with urllib.request.urlopen(page, timeout=60) as response:
            served = response.read().decode("utf-8")
        assert "with any question." in served and "at all" not in served
        path.write_text(edited, encoding="utf-8")
        until(r"Reloading browsers")
        with urllib.request.urlopen(page, timeout=60) as response:
            assert "with any question at all." in response.read().decode("utf-8")
    finally:
        server.terminate()
        server.wait(timeout=60)
        reader.join(timeout=60)
        if server.stderr is not None:
            server.stderr.close()


def test_the_policy_templates_are_compiled_after_a_full_build(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers render a big site's first build: the first save must not wait for MkDocs' process to
    compile the templates, so a full build compiles them there at its end (and only a full one)."""
    forget_templates()
    compile_all(site / "overrides")
    cache = template_environment(site / "overrides").cache
    assert cache is not None
    names = {key[1] for key in cache}
    assert {"policy.md.j2", "section.md.j2"} <= names
    compiled: list[object] = []
    monkeypatch.setattr(serve_module, "compile_all", compiled.append)
    served = Served(site)
    served.build()
    assert len(compiled) == 1 and Path(str(compiled[0])).resolve() == (site / "overrides").resolve()
    edit_text(site / "policies/example/1/en.yaml", "with any question.", "with any question at all.")
    served.build()
    assert len(compiled) == 1
