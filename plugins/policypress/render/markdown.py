"""One policy document (plain data) → one Markdown page.

The page: the title, a line of dates and the controller, "Key points" built from
the structured data, every section in order with its structured parts where its
`shows` puts them, parts that no section shows under "More details", and where
the text comes from. Layout lives in the templates; this module only prepares
what they need. The policy is data in the template context, never template
source, so `{{ 7*7 }}` in a policy is text like any other.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .. import placement
from ..keypoints import key_points
from ..schemaindex import current
from .environment import environment
from .escape import SafeMd, safe_url
from .filters import find_section
from .labels import labels_for
from .records import record_facts

_SPACES_ONLY = re.compile(r"^[ \t]+$", re.MULTILINE)
_BLANK_RUNS = re.compile(r"\n{3,}")


def render_policy(
    data: dict[str, Any],
    *,
    templates_dir: Path | None = None,
    edit_url: str | None = None,
    nav: Mapping[str, Any] | None = None,
) -> str:
    """The Markdown page for one policy.

    `templates_dir` holds a site's own templates, which win over the package's;
    `edit_url` adds an edit link (only http, https, mailto or tel URLs are used);
    `nav` holds the links among versions that the publisher prepared (see versions.md.j2).
    """
    return render_policy_pages(data, [nav or {}], templates_dir=templates_dir, edit_url=edit_url)[0]


# Where the links among versions go. STX and ETX are stripped from every piece of policy
# text (escape.CONTROL), so no policy can write this mark.
_VERSIONS_MARK = "\x02policypress:versions\x03"


def render_policy_pages(
    data: dict[str, Any],
    navs: Sequence[Mapping[str, Any]],
    *,
    templates_dir: Path | None = None,
    edit_url: str | None = None,
) -> list[str]:
    """One page per nav for the same policy, rendering the policy itself only once.

    A version's permanent page and the policy's own page differ only in their links
    among versions, so the page is rendered once with a mark where they go.
    """
    env = environment(templates_dir)
    body = env.get_template("policy.md.j2").render(_context(data, edit_url), versions=SafeMd(_VERSIONS_MARK))
    if body.count(_VERSIONS_MARK) > 1:
        raise ValueError("policy.md.j2 must place the versions block at most once")
    versions = env.get_template("versions.md.j2")
    t = labels_for(data.get("language", "en"))
    return [tidy(body.replace(_VERSIONS_MARK, versions.render(t=t, doc=data, nav=nav))) for nav in navs]


# The parts one section shows, as the policy page shows them (section.md.j2 without the section).
_SECTION_PARTS = """{% for placed in placements.get(section.id | string, []) %}
{% with part_items = placed.items %}
{% include "parts/" ~ placed.part ~ ".md.j2" %}
{% endwith %}

{% endfor %}"""


def render_section_parts(data: dict[str, Any], section_id: str, *, templates_dir: Path | None = None) -> str:
    """The structured parts that a section shows, as Markdown ("" when it shows none): what a
    section that a new version adds says, for the page of what changed."""
    section = find_section(data.get("sections"), section_id)
    if section is None or not section.get("shows"):
        return ""
    template = environment(templates_dir).from_string(_SECTION_PARTS)
    return tidy(template.render(_context(data, None), section=section)).strip("\n")


def render_page(
    data: dict[str, Any], template: str, *, templates_dir: Path | None = None, **values: Any
) -> str:
    """Another page of one policy (a list, what it covers) with the policy page's context."""
    page = environment(templates_dir).get_template(template).render(_context(data, None), **values)
    return tidy(page)


def _context(data: dict[str, Any], edit_url: str | None) -> dict[str, Any]:
    t = labels_for(data.get("language", "en"))
    schema = current()
    where = placement.plan(data, schema.parts, schema.list_parts)
    return {
        "doc": data,
        "t": t,
        # Each section's parts, or items of list parts (part_items), in its `shows` order.
        "placements": where.by_section,
        "shown_in": where.first_shown_in,
        "unshown": where.unshown,
        # The lists other parts refer to by id (the schema's collections), for the refs filter.
        "index": {name: _index(data, found.path) for name, found in schema.collections.items()},
        "edit_url": edit_url if safe_url(edit_url) else None,
        "record_facts": record_facts(data, t) if "changes" in data else [],
        "key_points": key_points(data),
    }


def _index(data: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    node: Any = data
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    items = node if isinstance(node, list) else []
    return {item["id"]: item for item in items if isinstance(item, dict) and "id" in item}


def tidy(page: str) -> str:
    """At most one blank line in a row and exactly one newline at the end.

    Templates stay readable with generous blank lines; Markdown treats one blank
    line like several (except inside a fenced code block, the one place this shows).
    """
    page = _SPACES_ONLY.sub("", page)
    page = _BLANK_RUNS.sub("\n\n", page)
    return page.strip("\n") + "\n"
