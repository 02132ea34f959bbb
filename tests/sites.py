"""Small MkDocs sites for the plugin tests: write one, build it, look at the output.

A build runs MkDocs' own command line, `mkdocs build`, so the tests see what a site's authors
see: option checking, the order of MkDocs events, logging and exit codes. It runs in this
process: a fresh interpreter costs seconds a build (imports, and jieba's dictionary for a
Chinese page), and the command line gets fresh plugin objects, its own log handler and the
site's folder as its current folder either way. `fresh_process` runs it in a new interpreter
(another hash seed, for a test of reproducible output).
"""

from __future__ import annotations

import json
import logging
import os
import posixpath
import re
import shutil
import subprocess
import sys
import traceback
import warnings
from collections.abc import Mapping
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Any fixed time: with it, two builds of the same site must be byte-identical (sitemap dates, gzip headers).
EPOCH = "1700000000"

# Minimal valid policies: each field is on its own line, so a test can change one by text.
POLICY_EN = """\
policy: example
version: "1"
language: en
title: Example Privacy Policy
status: published
published: 2024-01-10
effective: 2024-02-01
controlling_language: en
source:
  url: https://example.com/privacy
  archived_on: 2024-03-01
controller:
  id: example
  name: Example
  legal_name: Example Ltd.
  jurisdiction: DE
  contacts:
    - id: privacy-email
      kind: email
      value: privacy@example.com
data_categories:
  - id: contact-info
    label: Contact information
    sensitive: false
purposes:
  - id: support
    label: Answering questions
    data: [contact-info]
sections:
  - id: intro
    title: Introduction
    text: Write to privacy@example.com with any question.
    shows: [controller, data_categories, purposes]
"""

POLICY_ZH = """\
policy: shili
version: "1"
language: zh-CN
title: 示例隐私政策
status: published
published: 2024-01-10
effective: 2024-02-01
controlling_language: zh-CN
controller:
  id: shili
  name: 示例公司
  legal_name: 示例有限公司
  jurisdiction: CN
  contacts:
    - id: privacy-email
      kind: email
      value: privacy@example.cn
data_categories:
  - id: contact-info
    label: 联系信息
    sensitive: false
purposes:
  - id: support
    label: 回答问题
    data: [contact-info]
sections:
  - id: intro
    title: 引言
    text: 如有任何问题，请写信至 privacy@example.cn。
    shows: [controller, data_categories, purposes]
"""

# A draft of another policy: public only on a site that previews drafts.
POLICY_DRAFT = (
    POLICY_EN.replace("policy: example", "policy: draft-policy")
    .replace("title: Example Privacy Policy", "title: Draft Policy")
    .replace("status: published", "status: draft")
)


def next_version(
    text: str, version: str, *, effective: str, material: bool = False, kinds: str = "[editorial]"
) -> str:
    """`text` (a version of a policy) as its next version, `version`, taking effect on `effective`."""
    text = re.sub(r"^supersedes: .*\n(?:changes:\n(?:  .*\n)+)?", "", text, flags=re.M)
    previous = re.search(r'^version: "([^"]+)"$', text, re.M)
    assert previous, "the policy has no quoted version line"
    record = (
        f'version: "{version}"\n'
        f'supersedes: "{previous.group(1)}"\n'
        "changes:\n"
        "  summary: Reworded for clarity.\n"
        f"  material: {'true' if material else 'false'}\n"
        f"  kinds: {kinds}\n"
        "  reconsent: false"
    )
    text = replace_line(text, previous.group(0), record)
    return re.sub(r"^effective: .*$", f"effective: {effective}", text, count=1, flags=re.M)


def replace_line(text: str, old: str, new: str | None) -> str:
    """`text` with its one line `old` replaced by `new`, or dropped for None (`old` must be there once)."""
    lines = text.splitlines(keepends=True)
    hits = [i for i, line in enumerate(lines) if line.rstrip("\n") == old]
    assert len(hits) == 1, f"{old!r} is on {len(hits)} lines"
    lines[hits[0]] = "" if new is None else new + "\n"
    return "".join(lines)


def line_of(text: str, start: str) -> int:
    """The 1-based number of the one line of `text` that starts with `start`."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if line.startswith(start)]
    assert len(hits) == 1, f"{start!r} starts {len(hits)} lines"
    return hits[0]


def write_site(
    root: Path,
    policies: Mapping[str, str],
    *,
    plugin: Mapping[str, object] | None = None,
    config: Mapping[str, object] | None = None,
    files: Mapping[str, str] | None = None,
) -> Path:
    """A site in `root`: mkdocs.yml, docs/index.md, and `policies` ({"example/1/en.yaml": text}).

    `plugin` holds the policypress options, `config` top-level mkdocs.yml keys (a `theme`
    mapping is merged into the default one), `files` any other files by path from `root`.
    """
    settings: dict[str, object] = {
        "site_name": "PolicyPress test site",
        "theme": {"name": "material", "font": False},
        "plugins": ["search", {"policypress": dict(plugin)} if plugin else "policypress"],
    }
    for key, value in (config or {}).items():
        if key == "theme" and isinstance(value, Mapping):
            settings["theme"] = {"name": "material", "font": False, **value}
        else:
            settings[key] = value
    root.mkdir(parents=True, exist_ok=True)
    # JSON is YAML: no YAML writer needed, and no doubt about how a value is read.
    (root / "mkdocs.yml").write_text(json.dumps(settings, indent=2, ensure_ascii=False), encoding="utf-8")
    all_files = {"docs/index.md": "# Home\n\nA test site.\n", **(files or {})}
    all_files.update({f"policies/{path}": text for path, text in policies.items()})
    for path, text in all_files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def build(
    root: Path, site_dir: Path, *, strict: bool = True, fresh_process: bool = False
) -> subprocess.CompletedProcess[str]:
    """`mkdocs build` of the site in `root` into `site_dir`, as its authors would run it."""
    arguments = ["build", *(["--strict"] if strict else []), "--site-dir", str(site_dir)]
    environment = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH}
    if fresh_process:
        return subprocess.run(
            [sys.executable, "-m", "mkdocs", *arguments],
            cwd=root,
            capture_output=True,
            text=True,
            env={**environment, "PATH": ""},
            check=False,
        )
    return mkdocs_here(root, arguments, environment)


def mkdocs_here(
    root: Path, arguments: list[str], environment: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """MkDocs' command line with `arguments`, run in this process from `root`, as a finished process.

    What a run changes outside itself is put back: the current folder, the log settings and
    filters MkDocs' command line sets, warning settings. Its plugins are created afresh, as in a
    new process (MkDocs keeps a plugin with `on_startup` between builds of one process).
    An unexpected exception ends the output with its traceback, as the interpreter would.
    """
    from click.testing import CliRunner
    from mkdocs.__main__ import cli
    from mkdocs.commands.build import log as build_log
    from mkdocs.config.defaults import MkDocsConfig

    mkdocs_log = logging.getLogger("mkdocs")
    saved = (mkdocs_log.level, mkdocs_log.propagate, list(build_log.filters), warnings.showwarning)
    MkDocsConfig.plugins.plugin_cache.clear()  # type: ignore[attr-defined]
    here = os.getcwd()
    os.chdir(root)
    try:
        with warnings.catch_warnings():
            result = CliRunner().invoke(cli, arguments, env=environment)
    finally:
        os.chdir(here)
        MkDocsConfig.plugins.plugin_cache.clear()  # type: ignore[attr-defined]
        mkdocs_log.setLevel(saved[0])
        mkdocs_log.propagate = saved[1]
        build_log.filters[:] = saved[2]
        warnings.showwarning = saved[3]
    stderr = result.stderr
    if result.exc_info is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(*result.exc_info))
    return subprocess.CompletedProcess(["mkdocs", *arguments], result.exit_code, result.stdout, stderr)


def validate(root: Path) -> subprocess.CompletedProcess[str]:
    """`policypress validate` in `root`: the report the plugin's must match."""
    return subprocess.run(
        [sys.executable, "-m", "policypress.cli", "validate"],
        cwd=root,
        capture_output=True,
        text=True,
        env={"PATH": ""},
        check=False,
    )


def diagnostics(report: str) -> list[str]:
    """The `FILE:LINE:COL: CODE …` lines of a validate report (without its summary line)."""
    return [line for line in report.splitlines() if " PP" in line and not line.startswith("policypress:")]


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder (None) under `folder`, by POSIX path."""
    return {
        path.relative_to(folder).as_posix(): (path.read_bytes() if path.is_file() else None)
        for path in sorted(folder.rglob("*"))
    }


def changed(before: dict[str, bytes | None], after: dict[str, bytes | None]) -> list[str]:
    """The paths added, removed or rewritten between two snapshots (readable, unlike a diff of bytes)."""
    return sorted(
        path
        for path in before.keys() | after.keys()
        if path not in before or path not in after or before[path] != after[path]
    )


def logged(stderr: str) -> list[str]:
    """The messages of MkDocs' log lines (`ERROR   -  message`), without the level."""
    return [line.split(" -  ", 1)[1] for line in stderr.splitlines() if " -  " in line]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))


def tags(html: str, name: str) -> list[dict[str, str]]:
    """The attributes of every `<name>` start tag in `html`."""
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return [attrs for tag, attrs in parser.tags if tag == name]


def third_party_loads(html: str) -> list[str]:
    """URLs on other hosts that the page makes the browser load (scripts, styles, fonts, images, frames)."""
    loads = [a.get("src", "") for tag in ("script", "img", "iframe") for a in tags(html, tag)]
    loads += [a.get("href", "") for a in tags(html, "link") if a.get("rel") not in ("canonical", "alternate")]
    return [url for url in loads if urlsplit(url).netloc]


def html_lang(html: str) -> str:
    (attrs,) = tags(html, "html")
    return attrs["lang"]


def is_relative(url: str) -> bool:
    parts = urlsplit(url)
    return not (parts.scheme or parts.netloc or url.startswith("/"))


def broken_link(site: Path, from_file: str, url: str) -> str | None:
    """Why the relative `url` in the site file `from_file` does not lead to a file, or None if it does.

    A URL ending in `/` (a directory URL) must lead to a folder with an index.html.
    """
    path = urlsplit(url).path
    if not path:
        return None  # "#anchor": the same page
    target = posixpath.normpath(posixpath.join(posixpath.dirname(from_file), path))
    if target == ".." or target.startswith("../"):
        return f"{from_file}: {url} leaves the site"
    if path.endswith("/") or (site / target).is_dir():
        if not (site / target / "index.html").is_file():
            return f"{from_file}: {url} is a folder without index.html"
    elif not (site / target).is_file():
        return f"{from_file}: {url} leads to no file"
    return None


# What the project's own site is built from besides its policies (`overrides` if it has one).
PROJECT_SITE_INPUTS = ("mkdocs.yml", "docs", "schema", "overrides", "locales")
PROJECT = Path(__file__).resolve().parents[1]


def build_project_site(work: Path, policies: Path) -> Path:
    """The project's own site (mkdocs.yml, docs, schemas) with `policies`, built in `work` with
    `mkdocs build --strict` from copies (the checkout's site/ is never touched), on the day the
    tests run: the built site folder."""
    for name in PROJECT_SITE_INPUTS:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, work / name)
        elif source.is_file():
            shutil.copy(source, work / name)
    shutil.copytree(policies, work / "policies")
    site = work / "site"
    run = mkdocs_here(work, ["build", "--strict", "--site-dir", str(site)], {"NO_MKDOCS_2_WARNING": "1"})
    if run.returncode != 0:
        # The plugin's fatal message goes to stdout, MkDocs' own log to stderr: show both.
        pytest.fail(
            f"mkdocs build --strict of the project's site failed:\n{run.stdout}\n{run.stderr}", pytrace=False
        )
    return site
