"""Which version of a policy is in force on a given day, which are upcoming and which are past.

A version is *current* in a language when it is the highest public version in that
language whose effective date has come (a version that states no effective date is
taken as in force: the seeds are archived copies of policies already applied). A
public version whose date is still ahead is *upcoming*: it has its own page and is
listed, but the policy's own page stays on the current version and announces it.

The day is the build's: fixed by a site option or SOURCE_DATE_EPOCH so that tests and
reproducible builds do not depend on the clock. A site must therefore be rebuilt
(say, daily) for an upcoming version to become current on its date.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Generic, Protocol, TypeVar

from .sitepaths import Located


class State(str, Enum):
    """Where a version stands on the build day (the catalog publishes these words)."""

    CURRENT = "current"
    UPCOMING = "upcoming"
    SUPERSEDED = "superseded"
    WITHDRAWN = "withdrawn"


class Versioned(Located, Protocol):
    """A policy file as the timeline sees it: where it sits, its status and its data."""

    @property
    def status(self) -> str: ...
    @property
    def data(self) -> dict[str, Any]: ...


def version_key(version: str) -> tuple[int, ...]:
    """'1.10' sorts after '1.9': versions compare as numbers, part by part."""
    return tuple(int(part) for part in version.split("."))


def build_day(explicit: dt.date | None = None, environ: Mapping[str, str] = os.environ) -> dt.date:
    """The day a build publishes for: `explicit`, else SOURCE_DATE_EPOCH's UTC day, else today (UTC)."""
    if explicit is not None:
        return explicit
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = (
        dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
        if epoch.isdigit()
        else dt.datetime.now(dt.timezone.utc)
    )
    return moment.date()


def in_effect(data: Mapping[str, Any], day: dt.date) -> bool:
    """Whether a version applies on `day`: its effective date has come, or it states none."""
    effective = data.get("effective")
    return effective is None or dt.date.fromisoformat(str(effective)) <= day


E = TypeVar("E", bound=Versioned)


@dataclass
class Timeline(Generic[E]):
    """One policy in one language: its public versions, oldest first, and where each stands."""

    editions: list[E] = field(default_factory=list)
    current: E | None = None
    upcoming: list[E] = field(default_factory=list)

    @property
    def shown(self) -> E | None:
        """The edition at the policy's own URL: the one in force, else the first upcoming one."""
        if self.current is not None:
            return self.current
        return self.upcoming[0] if self.upcoming else None

    def slim(self, shrink: Callable[[E], E]) -> None:
        """Replace every edition by `shrink(edition)`, keeping who is current and upcoming."""
        slim = {id(e): shrink(e) for e in self.editions}
        self.editions = [slim[id(e)] for e in self.editions]
        self.upcoming = [slim[id(e)] for e in self.upcoming]
        self.current = slim[id(self.current)] if self.current is not None else None

    def state(self, edition: E) -> State:
        if edition.status == "withdrawn":
            return State.WITHDRAWN
        if edition is self.current:
            return State.CURRENT
        return State.UPCOMING if any(e is edition for e in self.upcoming) else State.SUPERSEDED

    def previous(self, edition: E) -> E | None:
        """The public version before `edition` in this language (what its diff compares with)."""
        index = next(i for i, e in enumerate(self.editions) if e is edition)
        return self.editions[index - 1] if index > 0 else None


def timelines(
    editions: Iterable[E], day: dt.date, in_force: frozenset[str] = frozenset({"published"})
) -> dict[tuple[str, str], Timeline[E]]:
    """Every (policy, language)'s timeline; `in_force` are the statuses that can be current."""
    grouped: dict[tuple[str, str], Timeline[E]] = defaultdict(Timeline)
    for edition in sorted(editions, key=lambda e: (e.policy, e.language, version_key(e.version))):
        grouped[(edition.policy, edition.language)].editions.append(edition)
    for timeline in grouped.values():
        for edition in timeline.editions:
            if edition.status not in in_force:
                continue
            if in_effect(edition.data, day):
                timeline.current = edition
            else:
                timeline.upcoming.append(edition)
        if timeline.current is not None:  # a version dated ahead but below the current one is simply late
            floor = version_key(timeline.current.version)
            timeline.upcoming = [e for e in timeline.upcoming if version_key(e.version) > floor]
    return dict(sorted(grouped.items()))
