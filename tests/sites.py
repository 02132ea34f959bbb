"""Small MkDocs sites for the plugin tests: write one, build it in a subprocess, look at the output.

A real `mkdocs build` in a fresh interpreter is the only way to see what a site's
authors see: option checking, the order of MkDocs events, logging and exit codes.
"""

from __future__ import annotations

import json
import posixpath
import re
import subprocess
import sys
from collections.abc import Mapping
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

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


def build(root: Path, site_dir: Path, *, strict: bool = True) -> subprocess.CompletedProcess[str]:
    """`mkdocs build` of the site in `root` into `site_dir`, as its authors would run it."""
    command = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site_dir)]
    if strict:
        command.insert(4, "--strict")
    return subprocess.run(
        command,
        cwd=root,
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH, "PATH": ""},
        check=False,
    )


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
