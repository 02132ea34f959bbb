"""App-store privacy labels written from a policy: Apple's privacy manifest and Google Play's Data safety CSV.

A data category names the platform's data types in `terms.apple` / `terms.play`; a purpose
its purposes. What a platform asks beyond that — linked to the person's identity, used for
tracking, processed ephemerally, required or optional, shared — is taken only from what the
policy states (the category's `linked`, `tracking`, `ephemeral`, `required`; a negation of
tracking or sharing; the recipients that receive the category). What it does not state is
never guessed: the answer is left out (Apple) or marked NOT_STATED (Play), and each such gap
is a located warning, so `--strict` fails until the policy, or the app's own files, say it.
"""

from __future__ import annotations

import csv
import io
import plistlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .diagnostics import Code, Diagnostic, Severity
from .pointers import to_pointer
from .vocabularies import load as load_vocabulary
from .yamlload import Document

Place = tuple[str | int, ...]
NOT_STATED = (
    "NOT_STATED"  # Play: a cell the policy cannot fill; Play Console refuses it, so it is answered there
)
FORMATS = ("apple", "play")
PLATFORMS = {"apple": "Apple's privacy manifest", "play": "Google Play's Data safety form"}
# Recipients that are not "sharing" in Google Play's sense: service providers that process on the
# developer's behalf, and authorities that receive data for legal purposes.
_NOT_SHARING_ROLES = frozenset({"processor", "authority"})


@dataclass(frozen=True)
class Gap:
    """Something the platform asks that the policy does not state, and where it belongs."""

    place: Place
    message: str


@dataclass
class Label:
    """What the policy states about one platform data type (from the categories that name it)."""

    term: str
    categories: list[int] = field(default_factory=list)  # indexes in data_categories
    linked: bool | None = None
    tracking: bool | None = None
    ephemeral: bool | None = None
    required: bool | None = None
    purposes: list[str] = field(default_factory=list)  # the platform's purpose terms, in order
    shared: bool | None = None
    sharing_purposes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Export:
    content: bytes
    gaps: tuple[Gap, ...]  # what the policy could state and does not: warnings, failing --strict
    notes: tuple[str, ...] = ()  # what the platform asks that no policy states: answered on the platform

    def diagnostics(self, doc: Document) -> list[Diagnostic]:
        """Each gap as a located warning."""
        found = []
        for gap in self.gaps:
            line, column = doc.locate(gap.place, key=bool(gap.place) and isinstance(gap.place[-1], str))
            pointer = to_pointer(gap.place)
            found.append(
                Diagnostic(
                    doc.path,
                    line,
                    column,
                    Code.NOT_STATED_FOR_PLATFORM,
                    gap.message,
                    pointer,
                    Severity.WARNING,
                )
            )
        return found


def export(data: Mapping[str, Any], platform: str) -> Export:
    """The platform's label for a valid policy: `apple` (a plist) or `play` (the import CSV)."""
    if platform == "apple":
        return _apple(data)
    if platform == "play":
        return _play(data)
    raise ValueError(f"no export format {platform!r} (there are: {', '.join(FORMATS)})")


# ---------------------------------------------------------------- what the policy states, per data type

Combine = Callable[[Sequence[bool | None]], "bool | None"]


def labels(data: Mapping[str, Any], platform: str, gaps: list[Gap]) -> list[Label]:
    """One label per platform data type the policy's categories name, in the policy's order."""
    categories: list[dict[str, Any]] = list(data.get("data_categories") or [])
    found: dict[str, Label] = {}
    for index, category in enumerate(categories):
        named = (category.get("terms") or {}).get(platform) or []
        if not named:
            gaps.append(Gap(("data_categories", index), _unnamed(category, platform)))
        for term in named:
            found.setdefault(term, Label(term)).categories.append(index)
    vocabulary = PLATFORMS[platform]
    for label in found.values():
        members = [categories[i] for i in label.categories]
        for name, combine, asks in _ASKED[platform]:
            stated = [_stated(data, c, name) for c in members]
            value = combine(stated)
            setattr(label, name, value)
            if value is not None:
                continue
            for i, given in zip(label.categories, stated, strict=True):
                if given is None:
                    gaps.append(
                        Gap(
                            ("data_categories", i),
                            f"{_name(categories[i])}: {vocabulary} asks {asks} for {label.term}; the "
                            f"policy does not state it ({name} is left out), so the export leaves it "
                            "unanswered",
                        )
                    )
        label.purposes = _purposes_of(data, label, platform, gaps, vocabulary)
        if platform == "play":
            _sharing(data, label, gaps, vocabulary)
    return list(found.values())


def _stated(data: Mapping[str, Any], category: Mapping[str, Any], name: str) -> bool | None:
    """What the policy states of one category: its field, or for tracking a negation of it."""
    value = category.get(name)
    if value is None and name == "tracking":
        return _not_tracked(data, category)
    return value if isinstance(value, bool) else None


def _unnamed(category: Mapping[str, Any], platform: str) -> str:
    return (
        f"{_name(category)}: names no data type of {PLATFORMS[platform]} (terms.{platform}), "
        "so the export does not declare it"
    )


def _name(item: Mapping[str, Any]) -> str:
    return str(item.get("id", "?"))


def _any_true(values: Sequence[bool | None]) -> bool | None:
    """True if any is true, false if all are false, else not stated."""
    if any(v is True for v in values):
        return True
    return False if values and all(v is False for v in values) else None


def _all_true(values: Sequence[bool | None]) -> bool | None:
    """True if all are true, false if any is false, else not stated."""
    if any(v is False for v in values):
        return False
    return True if values and all(v is True for v in values) else None


def _not_tracked(data: Mapping[str, Any], category: Mapping[str, Any]) -> bool | None:
    """False when a negation says the category is not used for tracking; otherwise not stated."""
    for negation in data.get("negations") or []:
        if negation.get("practice") == "track":
            named = negation.get("data")
            if not named or category.get("id") in named:
                return False
    return None


def _purposes_of(
    data: Mapping[str, Any], label: Label, platform: str, gaps: list[Gap], vocabulary: str
) -> list[str]:
    """The platform purposes of the purposes (and practices) that use the label's categories."""
    ids = {data["data_categories"][i]["id"] for i in label.categories}
    purposes = list(data.get("purposes") or [])
    using: list[int] = [i for i, p in enumerate(purposes) if ids & set(p.get("data") or [])]
    for practice in data.get("practices") or []:
        if ids & set(practice.get("data") or []):
            for pid in practice.get("purposes") or []:
                using.extend(i for i, p in enumerate(purposes) if p.get("id") == pid)
    found: list[str] = []
    for i in dict.fromkeys(using):
        named = (purposes[i].get("terms") or {}).get(platform) or []
        if not named:
            gaps.append(
                Gap(
                    ("purposes", i),
                    f"{_name(purposes[i])}: uses data declared as {label.term} but names no purpose of "
                    f"{vocabulary} (terms.{platform})",
                )
            )
        found.extend(t for t in named if t not in found)
    if not using:
        for i in label.categories:
            gaps.append(
                Gap(
                    ("data_categories", i),
                    f"{_name(data['data_categories'][i])}: no purpose states that it uses this data, so "
                    f"the purposes {vocabulary} asks for {label.term} are not stated",
                )
            )
    return found


def _sharing(data: Mapping[str, Any], label: Label, gaps: list[Gap], vocabulary: str) -> None:
    """Whether, and why, the label's data is shared in Google Play's sense (not with service
    providers, nor with authorities for legal purposes), as far as the policy states it."""
    ids = {data["data_categories"][i]["id"] for i in label.categories}
    recipients = list((data.get("sharing") or {}).get("recipients") or [])
    purposes = {p.get("id"): p for p in data.get("purposes") or []}
    shared_with: list[int] = []
    unknown: list[int] = []
    for i, recipient in enumerate(recipients):
        role = recipient.get("role")
        if role in _NOT_SHARING_ROLES:
            continue  # a service provider, or an authority: not sharing in Google Play's sense
        if recipient.get("data") is None or (ids & set(recipient["data"]) and role is None):
            unknown.append(i)  # what it receives, or whether it is a service provider, is not stated
        elif ids & set(recipient["data"]):
            shared_with.append(i)
    if shared_with:
        label.shared = True
        for i in shared_with:
            named = [
                term
                for pid in recipients[i].get("purposes") or []
                for term in ((purposes.get(pid) or {}).get("terms") or {}).get("play") or []
            ]
            if not named:
                gaps.append(
                    Gap(
                        ("sharing", "recipients", i),
                        f"{_name(recipients[i])}: receives data declared as {label.term}, but none of its "
                        f"purposes names a purpose of {vocabulary}, so why it is shared is not stated",
                    )
                )
            label.sharing_purposes.extend(t for t in named if t not in label.sharing_purposes)
        return
    negated = any(
        n.get("practice") == "share" and (not n.get("data") or ids & set(n["data"]))
        for n in data.get("negations") or []
    )
    if negated or (not unknown and "sharing" in data):
        label.shared = False
        return
    label.shared = None
    places: list[Place] = [("sharing", "recipients", i) for i in unknown] or [("sharing",)]
    for place in places:
        gaps.append(
            Gap(
                place,
                f"{vocabulary} asks whether data declared as {label.term} is shared; the policy does not "
                "state it (a recipient's data or role is left out, or nothing is said about sharing)",
            )
        )


# What each platform asks of a data type beyond its purposes, and how the statements of several
# categories that name the same type combine: linked if any is, stored (not ephemeral) if any is.
_ASKED: Mapping[str, tuple[tuple[str, Combine, str], ...]] = {
    "apple": (
        ("linked", _any_true, "whether it is linked to the person's identity"),
        ("tracking", _any_true, "whether it is used for tracking"),
    ),
    "play": (
        ("ephemeral", _all_true, "whether it is processed only ephemerally"),
        ("required", _any_true, "whether giving it is required or optional"),
    ),
}


# ---------------------------------------------------------------- Apple


def _apple(data: Mapping[str, Any]) -> Export:
    gaps: list[Gap] = []
    entries = []
    for label in labels(data, "apple", gaps):
        entry: dict[str, Any] = {"NSPrivacyCollectedDataType": label.term}
        if label.linked is not None:
            entry["NSPrivacyCollectedDataTypeLinked"] = label.linked
        if label.tracking is not None:
            entry["NSPrivacyCollectedDataTypeTracking"] = label.tracking
        if label.purposes:
            entry["NSPrivacyCollectedDataTypePurposes"] = label.purposes
        entries.append(entry)
    content = plistlib.dumps({"NSPrivacyCollectedDataTypes": entries}, sort_keys=False)
    return Export(content, tuple(_unique(gaps)))


# ---------------------------------------------------------------- Google Play


def play_rows() -> list[list[str]]:
    """The import template's rows, answers empty: the header, the general questions, the data
    types and each data type's questions about its use."""
    return expand_play_layout(load_vocabulary("play").raw["layout"])


def expand_play_layout(layout: dict[str, Any]) -> list[list[str]]:
    """The template's rows from the compact layout play.json keeps (each data type's questions
    about its use are written once, for all data types). tools/refresh_vocabularies.py checks
    with this very function that the layout gives back every row of the template it read."""
    rows = [list(layout["header"])]
    rows += [[q, r or "", "", req, label] for q, r, req, label in layout["general"]]
    rows += [[q, r, "", "MULTIPLE_CHOICE", label] for q, r, label in layout["data_types"]]
    for _, type_id, label in layout["data_types"]:
        name = label.split(" / ", 1)[1]
        for question, response, requirement, tail in layout["usage"]:
            rows.append(
                [
                    f"PSL_DATA_USAGE_RESPONSES:{type_id}:{question}",
                    response or "",
                    "",
                    requirement,
                    f"Data usage and handling ({name}) / {tail}",
                ]
            )
    return rows


_ASKED_ELSEWHERE = (  # required general questions about the app, which no policy field states
    "PSL_DATA_COLLECTION_ENCRYPTED_IN_TRANSIT",
    "PSL_SUPPORTED_ACCOUNT_CREATION_METHODS",
    "PSL_ACCOUNT_DELETION_URL",
    "PSL_DATA_DELETION_URL",
)


def _play(data: Mapping[str, Any]) -> Export:
    gaps: list[Gap] = []
    declared = {label.term: label for label in labels(data, "play", gaps)}
    answers: dict[tuple[str, str], str] = {}
    answers[("PSL_DATA_COLLECTION_COLLECTS_PERSONAL_DATA", "")] = "true" if declared else NOT_STATED
    if not declared:
        gaps.append(
            Gap(
                ("data_categories",) if "data_categories" in data else (),
                "no data category names a Google Play data type (terms.play)",
            )
        )
    erasure = [
        i
        for i, right in enumerate((data.get("rights") or {}).get("items") or [])
        if "erasure" in (right.get("kinds") or []) or "account-cancellation" in (right.get("kinds") or [])
    ]
    if erasure:
        answers[("PSL_SUPPORT_DATA_DELETION_BY_USER", "DATA_DELETION_YES")] = "true"
    else:
        answers[("PSL_SUPPORT_DATA_DELETION_BY_USER", "DATA_DELETION_YES")] = NOT_STATED
        gaps.append(
            Gap(
                ("rights",) if "rights" in data else (),
                "Google Play asks whether people can ask for their data to be deleted; the policy states "
                "no right of erasure",
            )
        )
    rows = play_rows()
    for row in rows[1:]:
        question, response = row[0], row[1]
        if question.startswith("PSL_DATA_TYPES_"):
            row[2] = "true" if response in declared else ""
            continue
        if question.startswith("PSL_DATA_USAGE_RESPONSES:"):
            _, type_id, asked = question.split(":", 2)
            label = declared.get(type_id)
            if label is not None:
                row[2] = _usage(label, asked, response)
            continue
        row[2] = answers.get((question, response), "")
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    note = (
        "questions about the app rather than its policy are left empty, to be answered in Play Console: "
        + ", ".join(_ASKED_ELSEWHERE)
    )
    return Export(buffer.getvalue().encode("utf-8"), tuple(_unique(gaps)), (note,))


def _usage(label: Label, asked: str, response: str) -> str:
    """The answer of one data type's question, as the template's cell."""
    if asked == "PSL_DATA_USAGE_COLLECTION_AND_SHARING":
        if response == "PSL_DATA_USAGE_ONLY_COLLECTED":
            return "true"
        return _choice(label.shared)
    if asked == "PSL_DATA_USAGE_EPHEMERAL":
        return _bool(label.ephemeral)
    if asked == "DATA_USAGE_USER_CONTROL":
        if label.required is None:
            return NOT_STATED
        wanted = (
            "PSL_DATA_USAGE_USER_CONTROL_REQUIRED"
            if label.required
            else "PSL_DATA_USAGE_USER_CONTROL_OPTIONAL"
        )
        return "true" if response == wanted else ""
    if asked == "DATA_USAGE_COLLECTION_PURPOSE":
        return ("true" if response in label.purposes else "") if label.purposes else NOT_STATED
    if asked == "DATA_USAGE_SHARING_PURPOSE":
        if label.shared is False:
            return ""
        if label.shared is None or not label.sharing_purposes:
            return NOT_STATED
        return "true" if response in label.sharing_purposes else ""
    return ""


def _bool(value: bool | None) -> str:
    return NOT_STATED if value is None else ("true" if value else "false")


def _choice(value: bool | None) -> str:
    return NOT_STATED if value is None else ("true" if value else "")


def _unique(gaps: Iterable[Gap]) -> Iterator[Gap]:
    seen: set[Gap] = set()
    for gap in gaps:
        if gap not in seen:
            seen.add(gap)
            yield gap
