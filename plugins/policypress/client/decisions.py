"""What an app does about a policy, from the catalog, its own clock and a stored consent record.

Pure functions on the catalog's JSON (a policy's entry, as `api/v1/index.json` lists it), so
an app can run them on a catalog it fetched, cached or bundled. The JavaScript client
(`clients/js/src/decisions.js`) has the same functions; both run the cases of
`clients/cases/decisions.json`.

- `version_in_force(policy, day)`: the version in force on a day (an audit of a stored
  consent asks this of its date), decided from each version's interval, not from the
  catalog's `state`, which is as of the day the site was built.
- `edition_for(policy, language, day)`: what to show in a language on a day: the highest
  version in force there (a translation may lag behind), else the first upcoming one.
- `changes_since(policy, version, ...)`: every version after the one a user saw, with whether
  it was material, asks for consent again, and its summary in the reader's language.
- `decide(policy, record, preferred, day)`: `ask` (no consent on record), `ask-again` (a later
  version asks for consent again, or the one consented to was withdrawn or is unknown),
  `notify` (a material change to tell the user about; the consent stands) or `none`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..api.catalog import state_on
from ..timeline import version_key
from .languages import negotiate_language

__all__ = ["Decision", "changes_since", "decide", "edition_for", "version_in_force"]

Json = Mapping[str, Any]


@dataclass(frozen=True)
class Decision:
    """What to do (`action`), why (`reason`), what to show (`edition`: version, language, digest
    and the catalog's links), the versions since the one on record (`changes`) and those still
    to come (`upcoming`)."""

    action: str  # ask | ask-again | notify | none
    reason: str
    edition: dict[str, Any] | None
    changes: list[dict[str, Any]] = field(default_factory=list)
    upcoming: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "reason": self.reason,
            "edition": self.edition,
            "changes": self.changes,
            "upcoming": self.upcoming,
        }


def _day(day: dt.date | str | None) -> dt.date:
    if day is None:
        return dt.datetime.now(dt.timezone.utc).date()
    return day if isinstance(day, dt.date) else dt.date.fromisoformat(day)


def _ordered(policy: Json) -> list[Json]:
    return sorted(policy["versions"], key=lambda v: version_key(v["version"]))


def version_in_force(policy: Json, day: dt.date | str | None = None) -> Json | None:
    """The version of `policy` in force on `day` (default: today, UTC), or None before the first."""
    on = _day(day)
    return next((v for v in reversed(_ordered(policy)) if state_on(v, on) == "current"), None)


def _in(version: Json, language: str) -> Json | None:
    return next((entry for entry in version["languages"] if entry["language"] == language), None)


def edition_for(policy: Json, language: str, day: dt.date | str | None = None) -> dict[str, Any] | None:
    """What a reader of `language` is shown on `day`: the highest version in force then that
    exists in the language, else the first upcoming one in it; with the catalog's facts of
    that version in that language (digest, manifest, page…)."""
    on = _day(day)
    states = [(v, state_on(v, on), _in(v, language)) for v in _ordered(policy)]
    past = [
        (v, entry) for v, state, entry in states if entry is not None and state in ("current", "superseded")
    ]
    coming = [(v, entry) for v, state, entry in states if entry is not None and state == "upcoming"]
    chosen = past[-1] if past else coming[0] if coming else None
    if chosen is None:
        return None
    version, entry = chosen
    return {"version": version["version"], "state": state_on(version, on), **entry}


def changes_since(
    policy: Json, version: str, until: str | None = None, language: str | None = None
) -> list[dict[str, Any]]:
    """Every public version after `version`, up to `until` (default: the last), oldest first:
    its dates, whether it was `material` and asks for consent again (`reconsent`), its kinds,
    and its change summary in `language` (else in the policy's default language)."""
    start = version_key(version)
    end = version_key(until) if until is not None else None
    found = []
    for v in _ordered(policy):
        key = version_key(v["version"])
        if key <= start or (end is not None and key > end) or v["state"] == "withdrawn":
            continue
        entry = _in(v, language or "") or _in(v, policy["default_language"]) or v["languages"][0]
        found.append(
            {
                "version": v["version"],
                "effective": v["effective"],
                "material": bool(v["material"]),
                "reconsent": bool(v["reconsent"]),
                "kinds": list(v["kinds"]),
                "language": entry["language"],
                "summary": entry.get("summary"),
            }
        )
    return found


def decide(
    policy: Json,
    record: Json | None,
    preferred: Sequence[str] = (),
    day: dt.date | str | None = None,
) -> Decision:
    """Whether to ask for consent, ask again, tell the user about a change, or do nothing.

    `record` is the consent record the app stored (schema `consent-record.schema.json`; only its
    `state` and `notice` are read) or None; `preferred` the reader's languages, best first.
    """
    on = _day(day)
    language = negotiate_language(policy["languages"], preferred, policy["default_language"])
    edition = edition_for(policy, language, on)
    upcoming = [] if edition is None else _upcoming(policy, edition["version"], language, on)

    def decision(action: str, reason: str, changes: list[dict[str, Any]] | None = None) -> Decision:
        return Decision(action, reason, edition, changes or [], upcoming)

    if record is None:
        return decision("ask", "no-record")
    state = record.get("state")
    if state != "given":
        return decision("ask", f"consent-{state}" if state in ("refused", "withdrawn") else "no-consent")
    notice = record["notice"]
    if notice["policy"] != policy["policy"]:
        raise ValueError(f"decide: the record is about {notice['policy']!r}, not {policy['policy']!r}")
    recorded = next((v for v in policy["versions"] if v["version"] == notice["version"]), None)
    if recorded is None:
        return decision("ask-again", "unknown-version")
    if recorded["state"] == "withdrawn":
        return decision("ask-again", "version-withdrawn")
    if edition is None:
        return decision("none", "nothing-to-show")
    step = (version_key(edition["version"]) > version_key(recorded["version"])) - (
        version_key(edition["version"]) < version_key(recorded["version"])
    )
    if step < 0:
        return decision("none", "recorded-later")
    if step == 0:
        seen = _in(recorded, notice["language"])
        corrected = seen is not None and seen["digest"] != notice["digest"]
        return decision("none", "corrected" if corrected else "unchanged")
    changes = changes_since(policy, recorded["version"], edition["version"], language)
    if any(change["reconsent"] for change in changes):
        return decision("ask-again", "reconsent", changes)
    if any(change["material"] for change in changes):
        return decision("notify", "material", changes)
    return decision("none", "minor", changes)


def _upcoming(policy: Json, version: str, language: str, on: dt.date) -> list[dict[str, Any]]:
    """The versions after `version` that have not taken effect on `on`, as changes_since lists them."""
    coming = {v["version"] for v in policy["versions"] if state_on(v, on) == "upcoming"}
    return [
        change for change in changes_since(policy, version, language=language) if change["version"] in coming
    ]
