"""What the structured diff compares, and what kind of change each difference is.

Every part of a policy that says something about personal information is an area:
a list of items with stable ids (data categories, recipients, retention rules…) or a
mapping of facts (the controller, cookies, children…). Each field is classified the
way a privacy lawyer reads it:

- facts get the change_kind of what they are about: a category's `sensitive` flag is
  sensitive-data, a purpose's `legal_basis` legal-basis, a recipient's `location`
  cross-border, a retention rule's `period` and `law` retention, a right's channels rights;
- a text field counts as a fact when it is the only place the schema holds that fact:
  a recipient's or the controller's name, a cookie's duration, a fee, what happens after
  retention, the exceptions to a right, a data category's examples, a transfer's destination;
- labels, descriptions and the policy's own words about a fact are wording: they are
  reported too, but imply only `editorial`. PolicyPress cannot tell a reworded purpose
  from a new one, which is why a new purpose must get a new id.

Metadata (policy, version, language, status, dates, supersedes, changes, source,
translation) is not content and is never compared; nor is the layout of sections
(`topic`, `shows`), nor authors' internal notes (`internal`, which are never published).
A test keeps this table in step with the schema: every field of every area is listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

EDITORIAL = "editorial"

# Top-level keys that say which version this is and where it comes from, not what it says.
METADATA = frozenset(
    {
        "policy",
        "version",
        "language",
        "status",
        "published",
        "effective",
        "supersedes",
        "changes",
        "source",
        "translation",
    }
)
# Authors' notes, allowed on the policy and on most items: never published, never compared.
NOTES = "internal"


@dataclass(frozen=True)
class Field:
    """How one field of an area is compared and shown.

    `show` tells the presentation how to put a value in words: auto (by its type),
    enum (words from the catalog group `group`), refs (ids of other items), country,
    duration, law, language. Lists are compared as sets unless `ordered`. With
    `on_item`, adding or removing an item that has this fact (a sensitive category, a
    recipient abroad) also implies the field's kind.
    """

    kind: str
    area: str | None = None  # report under another area (a purpose's legal bases: legal_bases)
    show: str = "auto"
    group: str | None = None
    ordered: bool = False
    on_item: bool = False


def _fields(**fields: Field) -> MappingProxyType[str, Field]:
    # Dotted names reach into a nested mapping: do_not_track.honoured.
    return MappingProxyType({name.replace("__", "."): spec for name, spec in fields.items()})


@dataclass(frozen=True)
class Area:
    """A part of the policy compared as a whole: a list of items by id (`kind` set) or a mapping."""

    name: str
    path: tuple[str, ...]
    fields: MappingProxyType[str, Field] = field(default_factory=lambda: MappingProxyType({}))
    kind: str | None = None  # for lists: the kind of adding or removing an item

    @property
    def keyed(self) -> bool:
        return self.kind is not None


def _enum(kind: str, group: str, **options: object) -> Field:
    return Field(kind, show="enum", group=group, **options)  # type: ignore[arg-type]


def _refs(kind: str, **options: object) -> Field:
    return Field(kind, show="refs", **options)  # type: ignore[arg-type]


W = Field(EDITORIAL)  # wording

AREAS: tuple[Area, ...] = (
    Area("policy", (), _fields(title=W, controlling_language=Field("other", show="language"))),
    Area(
        "controller",
        ("controller",),
        _fields(
            id=Field("controller"),
            name=Field("controller"),
            legal_name=Field("controller"),
            unnamed_note=W,
            jurisdiction=Field("controller", show="country"),
            website=Field("contacts"),
        ),
    ),
    Area(
        "affiliates",
        ("controller", "affiliates"),
        _fields(
            name=Field("controller"),
            relation=_enum("controller", "relation"),
            covered=Field("controller"),
        ),
        kind="controller",
    ),
    Area(
        "addresses",
        ("controller", "addresses"),
        _fields(
            label=W,
            lines=Field("contacts", ordered=True),
            city=Field("contacts"),
            region=Field("contacts"),
            postcode=Field("contacts"),
            country=Field("contacts", show="country"),
            as_written=Field("contacts"),
        ),
        kind="contacts",
    ),
    Area(
        "contacts",
        ("controller", "contacts"),
        _fields(
            kind=_enum("contacts", "contact_kind"),
            label=W,
            value=Field("contacts"),
            address=_refs("contacts"),
            recipient=Field("contacts"),
            hours=Field("contacts"),
            note=W,
        ),
        kind="contacts",
    ),
    Area(
        "officers",
        ("controller", "officers"),
        _fields(
            role=_enum("contacts", "officer_role"),
            title=W,
            name=Field("contacts"),
            contacts=_refs("contacts"),
            reports_to=W,
        ),
        kind="contacts",
    ),
    Area(
        "data_categories",
        ("data_categories",),
        _fields(
            label=W,
            description=W,
            examples=Field("data-categories"),
            sensitive=Field("sensitive-data", on_item=True),
            sources=_enum("data-categories", "source"),
            required=Field("data-categories"),
            refusal_consequence=W,
        ),
        kind="data-categories",
    ),
    Area(
        "purposes",
        ("purposes",),
        _fields(
            label=W,
            description=W,
            data=_refs("purposes"),
            legal_basis=_enum("legal-basis", "legal_basis", area="legal_bases"),
            required=Field("purposes"),
            refusal_consequence=W,
        ),
        kind="purposes",
    ),
    Area(
        "permissions",
        ("permissions",),
        _fields(
            name=Field("data-categories"),
            description=W,
            purposes=_refs("data-categories"),
            data=_refs("data-categories"),
            required=Field("data-categories"),
        ),
        kind="data-categories",
    ),
    Area(
        "consent_exceptions",
        ("consent_exceptions",),
        _fields(text=W, applies_to=_enum("legal-basis", "applies_to")),
        kind="legal-basis",
    ),
    Area(
        "cookies",
        ("cookies",),
        _fields(
            used=Field("cookies"),
            how_to_refuse=W,
            do_not_track__honoured=Field("cookies"),
            do_not_track__text=W,
        ),
    ),
    Area(
        "cookies",
        ("cookies", "technologies"),
        _fields(
            kind=_enum("cookies", "cookie_kind"),
            label=W,
            purpose=W,
            description=W,
            purposes=_refs("cookies"),
            duration=Field("cookies"),
            party=_enum("cookies", "party"),
        ),
        kind="cookies",
    ),
    Area(
        "recipients",
        ("sharing", "recipients"),
        _fields(
            activities=_enum("sharing", "activity"),
            name=Field("sharing"),
            kind=Field("sharing"),
            role=_enum("sharing", "recipient_role"),
            purposes=_refs("sharing"),
            purpose=W,
            data=_refs("sharing"),
            conditions=W,
            location=Field("cross-border", show="country", on_item=True),
            description=W,
        ),
        kind="sharing",
    ),
    Area(
        "sharing",
        ("sharing", "consent_exceptions"),
        _fields(text=W, applies_to=_enum("sharing", "applies_to")),
        kind="sharing",
    ),
    Area("sharing", ("sharing",), _fields(records_kept=W)),
    Area(
        "security",
        ("security", "measures"),
        _fields(kind=_enum("security", "measure_kind"), text=W),
        kind="security",
    ),
    Area(
        "security",
        ("security", "certifications"),
        _fields(name=Field("security"), scope=Field("security"), issuer=Field("security"), text=W),
        kind="security",
    ),
    Area(
        "security",
        ("security",),
        _fields(
            incident_notification__individuals=Field("security"),
            incident_notification__authorities=Field("security"),
            incident_notification__channels=Field("security"),
            incident_notification__text=W,
        ),
    ),
    Area(
        "storage",
        ("storage", "locations"),
        _fields(country=Field("cross-border", show="country"), description=W),
        kind="cross-border",
    ),
    Area(
        "retention",
        ("storage", "retention"),
        _fields(
            data=_refs("retention"),
            subject=W,
            period=Field("retention", show="duration"),
            minimum=Field("retention"),
            description=W,
            law=Field("retention", show="law"),
        ),
        kind="retention",
    ),
    Area("retention", ("storage",), _fields(after_retention=Field("retention"))),
    Area(
        "rights",
        ("rights", "items"),
        _fields(
            kind=_enum("rights", "right"),
            label=W,
            how=W,
            channels=_refs("rights", area="channels"),
            response_time=Field("rights", show="duration"),
            verification=W,
            exceptions=Field("rights"),
            consequence=W,
        ),
        kind="rights",
    ),
    Area("rights", ("rights", "refusals"), _fields(text=W), kind="rights"),
    Area(
        "rights",
        ("rights",),
        _fields(response_time=Field("rights", show="duration"), verification=W, fee=Field("rights")),
    ),
    Area(
        "children",
        ("children",),
        _fields(parental_consent_under=Field("children"), text=W),
    ),
    Area(
        "children",
        ("children", "thresholds"),
        _fields(age=Field("children"), rule=W),
        kind="children",
    ),
    Area(
        "cross_border",
        ("cross_border",),
        _fields(default_location=Field("cross-border", show="country"), consent=W),
    ),
    Area(
        "cross_border",
        ("cross_border", "transfers"),
        _fields(
            destinations=Field("cross-border", show="country"),
            destination=Field("cross-border"),
            recipient=_refs("cross-border"),
            data=_refs("cross-border"),
            purposes=_refs("cross-border"),
            safeguards=_enum("cross-border", "safeguard"),
            description=W,
        ),
        kind="cross-border",
    ),
    Area("updates", ("updates",), _fields(announce=_enum("other", "announce"), notice=W)),
    Area("updates", ("updates", "material_changes"), _fields(text=W), kind="other"),
    Area("complaints", ("complaints",), _fields(how=W, disputes=Field("complaints"))),
    Area(
        "regulators",
        ("complaints", "regulators"),
        _fields(
            name=Field("complaints"),
            jurisdiction=Field("complaints", show="country"),
            url=Field("complaints"),
            note=W,
            kind=Field("complaints"),
        ),
        kind="complaints",
    ),
)

# Every area name a change can carry, in page order (a field can report under its own area).
AREA_NAMES: tuple[str, ...] = tuple(
    dict.fromkeys(
        name
        for area in AREAS
        for name in (area.name, *(spec.area for spec in area.fields.values() if spec.area))
    )
)

# Fields that hold an item's name, in order of preference, for showing an id in words.
NAME_FIELDS: tuple[str, ...] = ("label", "name", "title", "value", "subject", "text", "description")
