"""A policy's history page and the page of what changed between two versions, as Markdown.

Both come from overridable templates (history.md.j2, changes.md.j2), like policy pages;
this module prepares the escaped pieces they print. Links among pages are made by the
publisher, which knows where every page lives.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .environment import environment
from .escape import SafeMd, anchor, plain
from .filters import fill
from .labels import labels_for
from .markdown import tidy
from .records import titled, version_facts


@dataclass(frozen=True)
class HistoryEntry:
    """One version as the history lists it: its data (slim is enough) and where it stands."""

    data: Mapping[str, Any]
    state: str  # a timeline.State value
    links: Sequence[SafeMd]


def render_history(
    title: str,
    language: str,
    entries: Sequence[HistoryEntry],
    links: Sequence[SafeMd] = (),
    *,
    templates_dir: Path | None = None,
) -> str:
    """The history page of one policy in one language; `entries` newest first."""
    t = labels_for(language)
    versions = [
        {
            "heading": SafeMd(
                f"{fill(t.v_version_link, version=e.data['version'])}{t.sep}{t.v_state[e.state]}"
            ),
            "anchor": "v-" + anchor(str(e.data["version"]).replace(".", "-")),
            "facts": version_facts(e.data, t),
            "summary": (e.data.get("changes") or {}).get("summary"),
            "links": list(e.links),
        }
        for e in entries
    ]
    heading = SafeMd(f"{t.v_history}{t.colon}{plain(title)}")
    template = environment(templates_dir).get_template("history.md.j2")
    return tidy(template.render(t=t, title=heading, versions=versions, links=list(links)))


def render_changes(
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    *,
    links: Sequence[SafeMd],
    templates_dir: Path | None = None,
    blocks: Mapping[str, str] | None = None,
) -> str:
    """The page of what changed from `old` to `new`; `blocks` are the diff's Markdown, when made."""
    t = labels_for(str(new.get("language", "en")))
    context: dict[str, Any] = {
        "t": t,
        "doc": new,
        "old": old,
        "record": new.get("changes") or {},
        "title": titled(new, t),
        "facts": version_facts(new, t),
        "links": list(links),
    }
    if blocks is not None:
        context.update({key: SafeMd(value) for key, value in blocks.items()})
    template = environment(templates_dir).get_template("changes.md.j2")
    return tidy(template.render(context))
