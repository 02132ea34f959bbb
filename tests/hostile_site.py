"""The XSS site: one policy per attack of tests/xss_payloads.yaml, the attack in every text field.

The base policy is the ZTE seed (the richest English one) with the few kinds of field it
lacks grafted on, so that each attack lands in every kind of text field the schema has:
plain text (titles, labels, names, addresses, contact values, table cells, headings) and
Markdown (section text, descriptions, how-to fields). URL and e-mail fields must keep
their form to validate, so they get attacks that do (`https://x/"><svg onload=…>`).
A control policy holds harmless words in the same places: the theme's own scripts,
forms and icons are what its page has, and anything more on an attacked page came from
the attack.

The site uses the project's Markdown extensions plus several a site might add
(snippets, blocks, md_in_html, footnotes, …), and is built with `mkdocs build --strict`.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import markdown
import yaml

from policypress.diff import diff_policies, implied_kinds, material_kinds
from policypress.render.sanitize import markdown_field
from policypress.schemas import load_schema
from policypress.yamlload import load_file

from .sites import build
from .xss import visible_text

ROOT = Path(__file__).resolve().parents[1]
PAYLOADS: list[tuple[str, str]] = [
    (name, text) for name, text in yaml.safe_load((ROOT / "tests" / "xss_payloads.yaml").read_text("utf-8"))
]
CONTROL = "xss-control"
SITE_NAME = "PolicyPress XSS site"
HARMLESS = "Harmless words"
# The control's Markdown has a code block, so the theme's copy button is on its page too.
HARMLESS_MARKDOWN = "Harmless words\n\n```\ncode\n```"
# Hostile values that still have the form their field requires (RFC 3986 URLs, RFC 5321 addresses).
HOSTILE_URLS = [
    "https://evil.example/x'onmouseover='alert(1)'",
    "https://evil.example/)(javascript:alert(1))",
    "https://evil.example/?a='%22%3E%3Csvg/onload=alert(1)%3E",
    "https://evil.example/#javascript:alert(1)//*!$&'()*+,;=",
]
HOSTILE_EMAILS = ['"<svg/onload=alert(1)>"@evil.example', "x!#$%&'*+-/=?^_`{|}~@evil.example"]
# Extensions a site may add to the project's own: each has syntax an attack could try.
EXTRA_EXTENSIONS: list[Any] = [
    {"pymdownx.snippets": {"base_path": ["."], "check_paths": False}},
    "pymdownx.blocks.html",
    "pymdownx.blocks.admonition",
    "pymdownx.details",
    "pymdownx.tasklist",
    "pymdownx.magiclink",
    "md_in_html",
    "footnotes",
    "def_list",
    "abbr",
    "policypress.render.mdlinks",  # the plugin adds it to every site
]
_SCHEMA = load_schema()


@dataclass
class Case:
    """One generated policy: its id, the attack, and the strings a reader must see on its page."""

    policy: str
    payload: str
    title: str
    shown: list[str] = field(default_factory=list)

    @property
    def page(self) -> str:
        return f"policies/{self.policy}/en/"


def normalized(text: str) -> str:
    return " ".join(text.split())


def _base() -> dict[str, Any]:
    """The ZTE seed with the text fields it lacks grafted on (all still valid and shown)."""
    data = load_file(ROOT / "tests" / "fixtures" / "site" / "policies" / "zte" / "1" / "en.yaml").data
    controller = data["controller"]
    controller["addresses"][0].update(label="Head office", region="Guangdong", as_written="55 Hi-tech Road")
    controller["contacts"].append(
        {
            "id": "app",
            "kind": "in-app",
            "label": "In the app",
            "value": "Settings",
            "hours": "9-5",
            "note": "n",
        }
    )
    controller["officers"] = [
        {"id": "dpo", "role": "dpo", "title": "DPO", "name": "N", "reports_to": "Board", "contacts": ["app"]}
    ]
    data["data_categories"][0].update(examples=["an example"], refusal_consequence="none")
    data["purposes"][0].update(description="A description.", refusal_consequence="none")
    data["rights"]["items"][0].update(how="Ask us.", consequence="none")
    data["storage"]["retention"][0]["law"] = {"title": "A law", "article": "Article 1"}
    data["permissions"] = [{"id": "camera", "name": "Camera", "description": "To scan codes."}]
    data["sections"][1]["shows"] = [*data["sections"][1]["shows"], "permissions"]
    data["sections"][0]["sections"] = [
        {
            "id": "nested",
            "title": "Nested",
            "text": "Text.",
            "after": "After.",
            "sections": [{"id": "deeper", "title": "Deeper", "text": "Text."}],
        }
    ]
    return data


def _resolve(node: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    name = None
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = _SCHEMA["$defs"][name]
    for branch in node.get("oneOf", ()):  # text or null: the text
        branch_name, resolved = _resolve(branch)
        if resolved.get("type") != "null":
            return branch_name, resolved
    return name, node


def _fill(value: Any, node: dict[str, Any], text: str, markdown_text: str, counter: list[int]) -> Any:
    """`value` with every text and Markdown field replaced, URLs and e-mails by hostile ones."""
    name, resolved = _resolve(node)
    if isinstance(value, dict):
        properties = resolved.get("properties", {})
        filled = {
            key: _fill(item, properties.get(key, {}), text, markdown_text, counter)
            for key, item in value.items()
        }
        if value.get("kind") == "email":
            filled["value"] = HOSTILE_EMAILS[counter[0] % len(HOSTILE_EMAILS)]
        elif value.get("kind") == "phone":
            filled["value"] = value["value"]
        elif value.get("kind") in ("website", "web-form"):
            filled["value"] = HOSTILE_URLS[counter[0] % len(HOSTILE_URLS)]
        counter[0] += 1
        return filled
    if isinstance(value, list):
        return [_fill(item, resolved.get("items", {}), text, markdown_text, counter) for item in value]
    if not isinstance(value, str):
        return value
    if name == "markdown":
        return markdown_text
    if name == "text":
        return text
    if name == "url":
        counter[0] += 1
        return HOSTILE_URLS[counter[0] % len(HOSTILE_URLS)]
    return value


def policy_with(base: dict[str, Any], policy: str, text: str, markdown_text: str) -> dict[str, Any]:
    data = _fill(copy.deepcopy(base), _SCHEMA, text, markdown_text, [0])
    data["policy"] = policy
    return data


def site_extensions() -> list[Any]:
    """The XSS site's `markdown_extensions`: the project's own and those a site might add."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    return [*config["markdown_extensions"], *EXTRA_EXTENSIONS]


def markdown_arguments(extensions: list[Any]) -> dict[str, Any]:
    """mkdocs.yml's `markdown_extensions` list as arguments of markdown.markdown()."""
    names = [e if isinstance(e, str) else next(iter(e)) for e in extensions]
    configs = {next(iter(e)): next(iter(e.values())) for e in extensions if isinstance(e, dict)}
    return {"extensions": names, "extension_configs": configs}


def expected_markdown(text: str, extensions: list[Any]) -> str:
    """What a reader sees of a Markdown field: our neutralising, then the site's Markdown."""
    arguments = markdown_arguments(extensions)
    arguments["extensions"].remove("pymdownx.snippets")  # reads files: what it would include is not text
    html = markdown.markdown(str(markdown_field(text)), **arguments)
    return visible_text(html)


def write_xss_site(root: Path) -> list[Case]:
    """The site's sources in `root`: mkdocs.yml (project extensions and more), policies; the cases."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    extensions = site_extensions()
    settings = {
        "site_name": SITE_NAME,
        "theme": config["theme"],
        "plugins": ["search", "policypress"],
        "markdown_extensions": extensions,
    }
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(json.dumps(settings, ensure_ascii=False), encoding="utf-8")
    base = _base()
    cases = [Case(CONTROL, "", HARMLESS, [HARMLESS])]
    cases += [Case(f"xss-{index:02d}-{name}", text, text) for index, (name, text) in enumerate(PAYLOADS, 1)]
    for case in cases:
        data = policy_with(base, case.policy, case.payload or HARMLESS, case.payload or HARMLESS_MARKDOWN)
        if case.payload:
            case.shown = sorted(
                {normalized(case.payload), expected_markdown(case.payload, extensions)} - {""}
            )
        target = root / "policies" / case.policy / "1" / "en.yaml"
        target.parent.mkdir(parents=True)
        target.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        # A second version with the attack reworded, so that it also lands in the history, the
        # page of what changed (the diff's tables and redlines), the change record and the feeds.
        second = next_version(data, base, case)
        target = root / "policies" / case.policy / "2" / "en.yaml"
        target.parent.mkdir(parents=True)
        target.write_text(json.dumps(second, ensure_ascii=False, indent=1), encoding="utf-8")
    return cases


def next_version(first: dict[str, Any], base: dict[str, Any], case: Case) -> dict[str, Any]:
    """Version 2 of a case: every text field reworded, with a change record that tells the truth.

    It takes effect far ahead, so the policy's own page stays on version 1 (which the checks of
    each page read) and announces it: version 2 has its own page and page of what changed.
    """
    text = f"{case.payload or HARMLESS} (2)"
    second = policy_with(base, case.policy, text, f"{case.payload or HARMLESS_MARKDOWN}\n\n(2)")
    second["version"] = "2"
    second["effective"] = "2999-01-01"
    changes = diff_policies(first, second)
    kinds = sorted(implied_kinds(changes)) or ["editorial"]
    second["supersedes"] = "1"
    second["changes"] = {
        "summary": case.payload or HARMLESS_MARKDOWN,
        "material": bool(material_kinds().intersection(kinds)),
        "kinds": kinds,
        "reconsent": False,
    }
    return second


def build_xss_site(root: Path) -> tuple[Path, list[Case]]:
    cases = write_xss_site(root)
    run = build(root, root / "site")
    if run.returncode != 0:
        raise AssertionError(f"mkdocs build --strict of the XSS site failed:\n{run.stderr[-5000:]}")
    return root / "site", cases


def policy_pages(site: Path) -> list[str]:
    """Every generated HTML page under the policies folder, as a path relative to the site."""
    return sorted(p.relative_to(site).as_posix() for p in (site / "policies").rglob("*.html"))
