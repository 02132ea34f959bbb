"""The facts a change record states, as the page words say them: one list for every page that shows them.

A version's own page, the history, the page of what changed and the feeds all describe a
version by the same facts, so they are made here once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..i18n import cldr
from .escape import SafeMd, plain
from .labels import date_words


def record_facts(data: Mapping[str, Any], t: Any) -> list[SafeMd]:
    """Material or not, consent again, the kinds of change; 'first version' without a record."""
    record = data.get("changes")
    if not isinstance(record, Mapping):
        return [t.v_first]
    facts = [t.v_material if record.get("material") else t.v_minor]
    if record.get("reconsent"):
        facts.append(t.v_reconsent)
    kinds = [t.enum["change_kind"].get(kind) or plain(kind) for kind in record.get("kinds", ())]
    if kinds:
        facts.append(SafeMd(f"**{t.c_kinds}**{t.colon}{t.list_sep.join(kinds)}"))
    return facts


def version_facts(data: Mapping[str, Any], t: Any) -> list[SafeMd]:
    """The dates of a version, then its record's facts: the line a version is known by."""
    effective = data.get("effective")
    facts = [SafeMd(f"**{t.effective}**{t.colon}{date_words(t, effective) if effective else t.not_stated}")]
    if data.get("published"):
        facts.append(SafeMd(f"**{t.published}**{t.colon}{date_words(t, data['published'])}"))
    return facts + record_facts(data, t)


def titled(data: Mapping[str, Any], t: Any) -> str:
    """The policy's title, after the name of its organization when the title does not say whose
    policy it is ("China Telecom — Privacy Policy of Our Site - About Us"): for every page and feed
    that names a policy away from its own page. Plain text, for the caller to escape."""
    title = str(data.get("title", ""))
    controller = data.get("controller")
    name = controller.get("name") if isinstance(controller, Mapping) else None
    if not isinstance(name, str) or not name.strip() or name.casefold() in title.casefold():
        return title
    return f"{name}{t.dash}{title}"


def running_head(data: Mapping[str, Any], t: Any) -> str:
    """The line every printed page of a version repeats at its top: whose policy, which version,
    in force from when ("Example Telecom Privacy Policy · Version: 3 · Effective date: May 15,
    2025"). Plain text, for the caller to escape."""
    effective = data.get("effective")
    when = (cldr.date(effective, t.page_language) or str(effective)) if effective else str(t.not_stated)
    facts = [
        titled(data, t),
        f"{t.version}{t.colon}{data.get('version', '')}",
        f"{t.effective}{t.colon}{when}",
    ]
    return str(t.sep).join(facts)
