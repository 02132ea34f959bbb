"""Checking a policy against requirement packs: what each requirement finds, and the findings.

No claim beyond the source: a requirement is met only by what the policy's structured parts
state, or stated as not applicable by one of its negations; anything else is reported as not
stated, located where the missing thing belongs (the part's key, else the top of the file).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from ..diagnostics import Citation as CitationCode
from ..diagnostics import Diagnostic, Severity
from ..pointers import to_pointer, walk
from ..schemaindex import ITEM, Pattern
from ..yamlload import Document
from .packs import NEGATION_PRACTICE, Pack, Requirement, Spec, available, load

Place = tuple[str | int, ...]  # a concrete place in the data: keys and list indexes


class Status(str, Enum):
    MET = "met"  # the policy states it
    NOT_APPLICABLE = "not-applicable"  # the policy states that it does not do what it is about
    NOT_REQUIRED = "not-required"  # what makes it apply is not stated (e.g. no sensitive data)
    MISSING = "missing"  # the policy does not state it
    UNCHECKED = "unchecked"  # the model cannot say it: someone must read the text


@dataclass(frozen=True)
class Outcome:
    """What one requirement finds in one policy."""

    pack: Pack
    requirement: Requirement
    status: Status
    evidence: tuple[Place, ...] = ()  # where the policy states it (or its negation)
    missing: tuple[Place, ...] = field(default=())  # where each unmet statement belongs
    unmet: tuple[tuple[str, ...], ...] = ()  # for each place of `missing`: the paths none of which it states


def packs_for(data: Mapping[str, Any], extra: Iterable[str] = ()) -> list[Pack]:
    """The packs a policy declares (`requirement_packs`), then `extra` ones, each once."""
    declared = data.get("requirement_packs")
    names = [*(declared if isinstance(declared, list) else []), *extra]
    known = set(available())
    return [load(name) for name in dict.fromkeys(names) if isinstance(name, str) and name in known]


def evaluate(pack: Pack, data: Mapping[str, Any]) -> list[Outcome]:
    """Each requirement of `pack` against a (valid) policy's data, in the pack's order."""
    return [_outcome(pack, requirement, data) for requirement in pack.requirements]


def findings(doc: Document, packs: Sequence[Pack], severity: Severity = Severity.WARNING) -> list[Diagnostic]:
    """Each unmet requirement as a located diagnostic whose code is its citation code."""
    found: list[Diagnostic] = []
    for pack in packs:
        for outcome in evaluate(pack, doc.data):
            if outcome.status is not Status.MISSING:
                continue
            requirement = outcome.requirement
            cited = pack.cite(requirement)
            for place, unmet in zip(outcome.missing, outcome.unmet, strict=True):
                line, column = doc.locate(place, key=bool(place) and isinstance(place[-1], str))
                subject = _item_name(doc.data, place) if requirement.each else ""
                message = (
                    f"{subject}the notice does not state {requirement.statement['en']} ({cited}; "
                    f"not stated: {', '.join(unmet)})"
                )
                found.append(
                    Diagnostic(
                        doc.path,
                        line,
                        column,
                        CitationCode(requirement.id),
                        message,
                        to_pointer(place),
                        severity,
                    )
                )
    return sorted(found)


def _item_name(data: Mapping[str, Any], place: Place) -> str:
    item: Any = data
    for step in place:
        item = item[step]
    label = item.get("id") if isinstance(item, dict) else None
    return f"{label}: " if isinstance(label, str) else ""


def _outcome(pack: Pack, requirement: Requirement, data: Mapping[str, Any]) -> Outcome:
    if not requirement.checked:
        return Outcome(pack, requirement, Status.UNCHECKED)
    if requirement.when and not any(_matches(data, spec, ()) for spec in requirement.when):
        return Outcome(pack, requirement, Status.NOT_REQUIRED)
    if requirement.each is not None:
        return _each(pack, requirement, data)
    evidence: list[Place] = []
    unmet: list[tuple[Spec, ...]] = []
    for group in requirement.needs:
        places = [place for spec in group for place in _matches(data, spec, ())]
        evidence.extend(places)
        if not places:
            unmet.append(group)
    if not unmet:
        return Outcome(pack, requirement, Status.MET, tuple(evidence))
    negations = _negations(data, requirement.not_applicable)
    if negations:
        return Outcome(pack, requirement, Status.NOT_APPLICABLE, negations)
    return Outcome(
        pack,
        requirement,
        Status.MISSING,
        tuple(evidence),
        (_belongs(data, unmet[0][0].pattern),),
        (_texts(unmet),),
    )


def _texts(groups: Iterable[Sequence[Spec]]) -> tuple[str, ...]:
    """How the unmet groups are named in a finding: `a or b` for a group of several paths."""
    return tuple(" or ".join(spec.text for spec in group) for group in groups)


def _each(pack: Pack, requirement: Requirement, data: Mapping[str, Any]) -> Outcome:
    assert requirement.each is not None
    items = [
        place
        for place in _places(data, (*requirement.each, ITEM), ())
        if not requirement.where or any(_matches(data, spec, place) for spec in requirement.where)
    ]
    if not items:
        negations = _negations(data, requirement.not_applicable)
        status = Status.NOT_APPLICABLE if negations else Status.NOT_REQUIRED
        return Outcome(pack, requirement, status, negations)
    evidence: list[Place] = []
    missing: list[Place] = []
    unmet: list[tuple[str, ...]] = []
    for item in items:
        groups = [
            [place for spec in group for place in _matches(data, spec, item)] for group in requirement.needs
        ]
        evidence.extend(place for group in groups for place in group)
        if not all(groups):
            missing.append(item)
            unmet.append(_texts(g for g, places in zip(requirement.needs, groups, strict=True) if not places))
    status = Status.MISSING if missing else Status.MET
    return Outcome(pack, requirement, status, tuple(evidence), tuple(missing), tuple(unmet))


def _negations(data: Mapping[str, Any], practices: Sequence[str]) -> tuple[Place, ...]:
    if not practices:
        return ()
    return tuple(
        place[:-1]  # the negation itself
        for place, value in _leaves(data, NEGATION_PRACTICE, ())
        if value in practices
    )


def _belongs(data: Mapping[str, Any], pattern: Pattern) -> Place:
    """Where a missing field belongs: its deepest part the policy has (the part's key), else ()."""
    place: list[str | int] = []
    node: Any = data
    for step in pattern:
        if step == ITEM or not isinstance(node, dict) or step not in node:
            break
        place.append(step)
        node = node[step]
    return tuple(place)


def _matches(data: Mapping[str, Any], spec: Spec, base: Place) -> list[Place]:
    """The places under `base` where `spec` is stated: a non-empty value (equal to, or a list
    holding, spec.value if given); through a reference, the places the named items state it."""
    relative = spec.pattern[len(_pattern_of(base)) :] if base else spec.pattern
    found: list[Place] = []
    for place, value in _leaves(data, relative, base):
        if spec.then is not None and spec.collection is not None:
            for item in _referenced(data, spec.collection, value):
                found.extend(_matches(data, spec.then, item))
        elif _stated(value, spec.value):
            found.append(place)
    return found


def _pattern_of(place: Place) -> Pattern:
    return tuple(ITEM if isinstance(step, int) else step for step in place)


def _referenced(data: Mapping[str, Any], collection: Pattern, ids: Any) -> Iterator[Place]:
    wanted = set(ids) if isinstance(ids, list) else {ids}
    for place in _places(data, (*collection, ITEM), ()):
        item = _at(data, place)
        if isinstance(item, dict) and item.get("id") in wanted:
            yield place


def _stated(value: Any, wanted: str | bool | None) -> bool:
    if value is None or value == "" or value == [] or value == {}:
        return False
    if wanted is None:
        return True
    if isinstance(value, list):
        return wanted in value
    return bool(value == wanted and type(value) is type(wanted))


def _leaves(data: Mapping[str, Any], pattern: Pattern, base: Place) -> Iterator[tuple[Place, Any]]:
    """Every place (and its value) that `pattern`, relative to `base`, reaches."""
    return walk(_at(data, base), pattern, base)


def _places(data: Mapping[str, Any], pattern: Pattern, base: Place) -> Iterator[Place]:
    return (place for place, _ in _leaves(data, pattern, base))


def _at(data: Any, place: Place) -> Any:
    node = data
    for step in place:
        node = node[step]
    return node


def check_documents(
    documents: Iterable[Document],
    known: Iterable[Diagnostic] = (),
    *,
    only: Sequence[str] | None = None,
    also: Sequence[str] = (),
    severity: Severity = Severity.WARNING,
) -> list[Diagnostic]:
    """The findings of each document that has no error in `known`: against the packs `only`
    names, or else those it declares and those `also` names (a site's required packs)."""
    faulty = {d.file for d in known if d.severity is Severity.ERROR}
    found: list[Diagnostic] = []
    for doc in documents:
        if doc.path in faulty:
            continue
        packs = [load(name) for name in only] if only is not None else packs_for(doc.data, also)
        found.extend(findings(doc, packs, severity))
    return sorted(found)


def listing(names: Iterable[str]) -> str:
    """The packs' requirements, one a line: code, citation, statement (for `check --list`)."""
    lines: list[str] = []
    for name in names:
        pack = load(name)
        lines.append(f"{pack.name}: {pack.title['en']}")
        for requirement in pack.requirements:
            mark = "" if requirement.checked else "  [not checked: someone must read the text]"
            cited = pack.cite(requirement)
            lines.append(f"  {requirement.id:<22} {cited:<22} {requirement.statement['en']}{mark}")
    return "".join(line + "\n" for line in lines)


def required_codes(names: Iterable[str]) -> frozenset[str]:
    """The citation codes of the requirements of the packs `names`."""
    return frozenset(requirement.id for name in names for requirement in load(name).requirements)
