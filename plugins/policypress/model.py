"""The policy file as Python types: TypedDicts that mirror the policy schema, field for field.

Code that reads a validated policy reads it through these types (`policy(data)`), so mypy
checks every field it uses against the schema; tests/test_model.py keeps each class in step
with its place in the schema (its fields, which are required, the values of its enums).
A field that is not required is absent when the policy does not state it: `.get()` it.
"""

from collections.abc import Mapping
from typing import Any, Literal, cast

from typing_extensions import NotRequired, TypedDict

ChangeKind = Literal[
    "purposes",
    "data-categories",
    "sensitive-data",
    "legal-basis",
    "sharing",
    "cross-border",
    "retention",
    "rights",
    "controller",
    "children",
    "automated-decisions",
    "cookies",
    "contacts",
    "complaints",
    "security",
    "editorial",
    "other",
]
DataSource = Literal["data-subject", "device", "third-party", "public-source", "generated", "other"]
LegalBasis = Literal[
    "consent",
    "separate-consent",
    "contract",
    "legal-obligation",
    "vital-interests",
    "public-interest",
    "legitimate-interests",
    "news-reporting",
    "public-information",
    "employment",
    "other",
]


class Section(TypedDict):
    """A free-text section of the policy."""

    id: str
    internal: NotRequired[str | list[str]]
    title: NotRequired[str]
    topic: NotRequired[
        Literal[
            "introduction",
            "scope",
            "definitions",
            "collection",
            "use",
            "cookies",
            "sharing",
            "security",
            "storage",
            "rights",
            "children",
            "cross-border",
            "updates",
            "contact",
            "complaints",
            "commitments",
            "other",
        ]
    ]
    applies_in: NotRequired[list[str]]
    text: NotRequired[str]
    shows: NotRequired[list[str]]
    after: NotRequired[str]
    sections: NotRequired[list["Section"]]


class Regulator(TypedDict):
    """A regulator."""

    id: str
    internal: NotRequired[str | list[str]]
    marker: NotRequired[str]
    name: str
    jurisdiction: NotRequired[str]
    url: NotRequired[str]
    note: NotRequired[str]
    kind: NotRequired[
        Literal[
            "data-protection-authority",
            "telecom-regulator",
            "consumer-protection",
            "cyberspace-administration",
            "court",
            "other",
        ]
    ]


class Complaints(TypedDict):
    """Complaints, disputes and regulators."""

    regulators: NotRequired[list["Regulator"]]
    how: NotRequired[str]
    disputes: NotRequired[str]


class MaterialChange(TypedDict):
    """A kind of material change."""

    id: str
    internal: NotRequired[str | list[str]]
    marker: NotRequired[str]
    text: str


class Updates(TypedDict):
    """How the policy is changed and how changes are announced."""

    announce: NotRequired[
        list[
            Literal[
                "email",
                "sms",
                "pop-up",
                "homepage-notice",
                "in-app-notice",
                "website",
                "letter",
                "push-notification",
                "other",
            ]
        ]
    ]
    material_changes: NotRequired[list["MaterialChange"]]
    notice: NotRequired[str]


class Transfer(TypedDict):
    """A transfer abroad."""

    id: str
    internal: NotRequired[str | list[str]]
    marker: NotRequired[str]
    destinations: NotRequired[list[str]]
    destination: NotRequired[str]
    recipient: NotRequired[str]
    data: NotRequired[list[str]]
    purposes: NotRequired[list[str]]
    safeguards: NotRequired[
        list[
            Literal[
                "consent",
                "separate-consent",
                "standard-contract",
                "certification",
                "security-assessment",
                "adequacy",
                "binding-corporate-rules",
                "confidentiality-agreement",
                "other",
            ]
        ]
    ]
    description: NotRequired[str]
    possible: NotRequired[bool]


class CrossBorder(TypedDict):
    """Transfers of personal information across borders."""

    default_location: NotRequired[str]
    transfers: NotRequired[list["Transfer"]]
    consent: NotRequired[str]


class AgeThreshold(TypedDict):
    """An age threshold."""

    id: str
    internal: NotRequired[str | list[str]]
    age: int
    rule: str


class Children(TypedDict):
    """Children and minors."""

    parental_consent_under: NotRequired[int]
    thresholds: NotRequired[list["AgeThreshold"]]
    text: NotRequired[str]


class RefusalGround(TypedDict):
    """A ground for refusal."""

    id: str
    internal: NotRequired[str | list[str]]
    marker: NotRequired[str]
    text: str


class Right(TypedDict):
    """A right the person has and how to exercise it."""

    id: str
    internal: NotRequired[str | list[str]]
    marker: NotRequired[str]
    kinds: list[
        Literal[
            "access",
            "copy",
            "rectification",
            "erasure",
            "restriction",
            "objection",
            "portability",
            "withdraw-consent",
            "account-cancellation",
            "opt-out-marketing",
            "automated-decision",
            "explanation",
            "complaint",
            "other",
        ]
    ]
    label: NotRequired[str]
    how: NotRequired[str]
    channels: NotRequired[list[str]]
    response_time: NotRequired["Duration"]
    verification: NotRequired[str]
    exceptions: NotRequired[list[str]]
    consequence: NotRequired[str]
    applies_in: NotRequired[list[str]]


class Rights(TypedDict):
    """The person's rights and how to exercise them."""

    items: NotRequired[list["Right"]]
    response_time: NotRequired["Duration"]
    verification: NotRequired[str]
    fee: NotRequired[str]
    refusals: NotRequired[list["RefusalGround"]]


class Law(TypedDict):
    """A law or regulation cited by the policy."""

    title: str
    article: NotRequired[str]
    jurisdiction: NotRequired[str]
    url: NotRequired[str]


# How long some personal information is kept.
RetentionRule = TypedDict(
    "RetentionRule",
    {
        "id": str,
        "internal": NotRequired[str | list[str]],
        "marker": NotRequired[str],
        "data": NotRequired[list[str]],
        "purposes": NotRequired[list[str]],
        "subject": NotRequired[str],
        "period": NotRequired["Duration"],
        "bound": NotRequired[Literal["exact", "minimum", "maximum"]],
        "from": NotRequired[str],
        "term": NotRequired[Literal["as-long-as-necessary", "indefinite"]],
        "description": str,
        "law": NotRequired["Law"],
    },
)


class StorageLocation(TypedDict):
    """A storage location."""

    id: str
    internal: NotRequired[str | list[str]]
    country: NotRequired[str]
    description: NotRequired[str]


class Storage(TypedDict):
    """Where and for how long personal information is kept."""

    locations: NotRequired[list["StorageLocation"]]
    retention: NotRequired[list["RetentionRule"]]
    after_retention: NotRequired[str]


class IncidentNotification(TypedDict):
    """What happens after a security incident."""

    individuals: NotRequired[bool]
    authorities: NotRequired[bool]
    channels: NotRequired[list[str]]
    text: NotRequired[str]


class Certification(TypedDict):
    """A certification."""

    id: str
    internal: NotRequired[str | list[str]]
    name: str
    scope: NotRequired[str]
    issuer: NotRequired[str]
    text: NotRequired[str]


class SecurityMeasure(TypedDict):
    """A measure."""

    id: str
    internal: NotRequired[str | list[str]]
    marker: NotRequired[str]
    kind: NotRequired[Literal["technical", "organizational", "physical", "contractual"]]
    text: str


class Security(TypedDict):
    """How personal information is protected."""

    measures: NotRequired[list["SecurityMeasure"]]
    certifications: NotRequired[list["Certification"]]
    incident_notification: NotRequired["IncidentNotification"]


class SharingException(TypedDict):
    """A situation in which personal information is processed without the person's consent."""

    id: str
    internal: NotRequired[str | list[str]]
    marker: NotRequired[str]
    text: str
    applies_to: NotRequired[list[Literal["collection", "use", "sharing", "transfer", "public-disclosure"]]]


class Recipient(TypedDict):
    """Someone personal information is shared with, transferred to, or disclosed to."""

    id: str
    internal: NotRequired[str | list[str]]
    marker: NotRequired[str]
    activities: list[
        Literal["sharing", "transfer", "public-disclosure", "disclosure", "entrusted-processing"]
    ]
    name: NotRequired[str]
    kind: NotRequired[str]
    role: NotRequired[
        Literal["controller", "processor", "joint-controller", "affiliate", "authority", "public", "other"]
    ]
    purposes: NotRequired[list[str]]
    purpose: NotRequired[str]
    data: NotRequired[list[str]]
    method: NotRequired[Literal["sdk", "api", "server-to-server", "other"]]
    sdk: NotRequired[str]
    conditions: NotRequired[list[str]]
    location: NotRequired[str]
    contact: NotRequired[str]
    privacy_policy: NotRequired[str]
    description: NotRequired[str]


class Sharing(TypedDict):
    """Sharing, transfer and disclosure to others: the recipients and the exceptions to consent."""

    recipients: NotRequired[list["Recipient"]]
    consent_exceptions: NotRequired[list["SharingException"]]
    records_kept: NotRequired[str]


class DoNotTrack(TypedDict):
    """What the policy says about browsers' Do Not Track signal."""

    honoured: NotRequired[bool]
    text: NotRequired[str]


class CookieTechnology(TypedDict):
    """A cookie or similar technology."""

    id: str
    internal: NotRequired[str | list[str]]
    kind: Literal[
        "cookie",
        "session-cookie",
        "persistent-cookie",
        "web-beacon",
        "pixel-tag",
        "local-storage",
        "sdk",
        "other",
    ]
    label: str
    purpose: NotRequired[str]
    description: NotRequired[str]
    purposes: NotRequired[list[str]]
    duration: NotRequired[str]
    party: NotRequired[Literal["first-party", "third-party"]]


class Cookies(TypedDict):
    """Cookies and similar technologies."""

    used: NotRequired[bool]
    technologies: NotRequired[list["CookieTechnology"]]
    how_to_refuse: NotRequired[str]
    do_not_track: NotRequired["DoNotTrack"]


class AutomatedDecision(TypedDict):
    """One automated decision, profiling or personalisation, as the policy describes it."""

    id: str
    internal: NotRequired[str | list[str]]
    marker: NotRequired[str]
    kind: NotRequired[Literal["automated-decision", "profiling", "personalisation"]]
    text: str
    logic: NotRequired[str]
    significance: NotRequired[str]
    data: NotRequired[list[str]]
    purposes: NotRequired[list[str]]
    opt_out: NotRequired[str]


class Negation(TypedDict):
    """One thing the policy says it does not do, and the exceptions it allows."""

    id: str
    internal: NotRequired[str | list[str]]
    marker: NotRequired[str]
    practice: Literal[
        "sell",
        "share",
        "transfer",
        "disclose",
        "publicly-disclose",
        "transfer-abroad",
        "collect",
        "use",
        "advertise",
        "profile",
        "decide-automatically",
        "track",
        "retain",
        "other",
    ]
    text: str
    data: NotRequired[list[str]]
    exceptions: NotRequired[list[str]]
    applies_in: NotRequired[list[str]]


class ConsentException(TypedDict):
    """A situation in which personal information is processed without the person's consent."""

    id: str
    internal: NotRequired[str | list[str]]
    marker: NotRequired[str]
    text: str
    applies_to: NotRequired[list[Literal["collection", "use", "sharing", "transfer", "public-disclosure"]]]


class Permission(TypedDict):
    """A device permission the service asks for."""

    id: str
    internal: NotRequired[str | list[str]]
    name: str
    description: NotRequired[str]
    purposes: NotRequired[list[str]]
    data: NotRequired[list[str]]
    required: NotRequired[bool]


class Practice(TypedDict):
    """One practice: the facts the policy binds together in one statement."""

    id: str
    internal: NotRequired[str | list[str]]
    marker: NotRequired[str]
    text: NotRequired[str]
    data: NotRequired[list[str]]
    purposes: NotRequired[list[str]]
    purpose: NotRequired[str]
    legal_basis: NotRequired[list[LegalBasis]]
    legitimate_interest: NotRequired[str]
    recipients: NotRequired[list[str]]
    retention: NotRequired[list[str]]
    sources: NotRequired[list[DataSource]]
    subjects: NotRequired[
        list[
            Literal[
                "customers",
                "users",
                "visitors",
                "children",
                "employees",
                "job-applicants",
                "business-contacts",
                "other",
            ]
        ]
    ]
    required: NotRequired[bool]
    refusal_consequence: NotRequired[str]
    applies_in: NotRequired[list[str]]


class Purpose(TypedDict):
    """A purpose for which personal information is processed."""

    id: str
    internal: NotRequired[str | list[str]]
    marker: NotRequired[str]
    label: str
    description: NotRequired[str]
    data: NotRequired[list[str]]
    legal_basis: NotRequired[list[LegalBasis]]
    legitimate_interest: NotRequired[str]
    required: NotRequired[bool]
    refusal_consequence: NotRequired[str]
    applies_in: NotRequired[list[str]]
    terms: NotRequired["PurposeTerms"]


class VocabularyTerms(TypedDict):
    """Terms of published vocabularies that name a data category or a purpose."""

    dpv: NotRequired[list[str]]
    fideslang: NotRequired[list[str]]
    apple: NotRequired[list[str]]
    play: NotRequired[list[str]]


class DataTerms(VocabularyTerms):
    """The terms of a data category (the vocabularies' data lists)."""


class PurposeTerms(VocabularyTerms):
    """The terms of a purpose (the vocabularies' purpose lists)."""


class DataItem(TypedDict):
    """One item of personal information (a field such as a phone number) inside a data category."""

    id: str
    internal: NotRequired[str | list[str]]
    marker: NotRequired[str]
    name: str
    category: NotRequired[str]
    examples: NotRequired[list[str]]
    scenario: NotRequired[str]
    frequency: NotRequired[str]
    purposes: NotRequired[list[str]]
    purpose: NotRequired[str]
    required: NotRequired[bool]


class DataCategory(TypedDict):
    """A category of personal information the controller collects."""

    id: str
    internal: NotRequired[str | list[str]]
    marker: NotRequired[str]
    label: str
    description: NotRequired[str]
    examples: NotRequired[list[str]]
    sensitive: NotRequired[bool]
    necessity: NotRequired[str]
    impact: NotRequired[str]
    sources: NotRequired[list[DataSource]]
    subjects: NotRequired[
        list[
            Literal[
                "customers",
                "users",
                "visitors",
                "children",
                "employees",
                "job-applicants",
                "business-contacts",
                "other",
            ]
        ]
    ]
    required: NotRequired[bool]
    refusal_consequence: NotRequired[str]
    linked: NotRequired[bool]
    tracking: NotRequired[bool]
    ephemeral: NotRequired[bool]
    terms: NotRequired[DataTerms]


class Officer(TypedDict):
    """A person, role or team responsible for personal information protection."""

    id: str
    internal: NotRequired[str | list[str]]
    role: NotRequired[
        Literal["dpo", "pipo", "privacy-team", "eu-representative", "pipl-representative", "other"]
    ]
    title: str
    name: NotRequired[str]
    contacts: NotRequired[list[str]]
    reports_to: NotRequired[str]


class Duration(TypedDict):
    """A length of time."""

    value: int
    unit: Literal["hour", "day", "working-day", "week", "month", "year"]


class Contact(TypedDict):
    """One way to reach the controller or its officer."""

    id: str
    internal: NotRequired[str | list[str]]
    kind: Literal["email", "phone", "postal", "web-form", "website", "in-app", "in-person", "other"]
    label: NotRequired[str]
    value: NotRequired[str]
    address: NotRequired[str]
    recipient: NotRequired[str]
    hours: NotRequired[str]
    response_time: NotRequired["Duration"]
    note: NotRequired[str]


class Address(TypedDict):
    """A postal address."""

    id: str
    internal: NotRequired[str | list[str]]
    label: NotRequired[str]
    lines: list[str]
    city: NotRequired[str]
    region: NotRequired[str]
    postcode: NotRequired[str]
    country: str
    as_written: NotRequired[str]


class Affiliate(TypedDict):
    """A related organization."""

    id: str
    internal: NotRequired[str | list[str]]
    name: str
    relation: Literal["subsidiary", "affiliate", "parent", "partner", "group"]
    covered: NotRequired[bool]


class Controller(TypedDict):
    """Who decides why and how personal information is processed (the controller; in PIPL, the personal
    information handler).
    """

    id: str
    internal: NotRequired[str | list[str]]
    name: str
    legal_name: str | None
    unnamed_note: NotRequired[str]
    jurisdiction: NotRequired[str]
    website: NotRequired[str]
    affiliates: NotRequired[list["Affiliate"]]
    addresses: NotRequired[list["Address"]]
    contacts: NotRequired[list["Contact"]]
    officers: NotRequired[list["Officer"]]


class Source(TypedDict):
    """Where the policy text comes from."""

    url: NotRequired[str]
    archived_url: NotRequired[str]
    archived_on: NotRequired[str]
    note: NotRequired[str]


class ChangeRecord(TypedDict):
    """What changed since the version this one supersedes."""

    summary: str
    material: bool
    kinds: list[ChangeKind]
    reconsent: bool
    concerns: NotRequired[list[str]]


# Marks this file as a translation of the same version in another language; leave it out in the original.
TranslationMark = TypedDict(
    "TranslationMark",
    {
        "from": str,
        "by": str,
        "date": str,
        "note": NotRequired[str],
    },
)


class Policy(TypedDict):
    """One privacy policy in one version and one language."""

    policy: str
    version: str
    language: str
    title: str
    status: Literal["draft", "published", "withdrawn"]
    internal: NotRequired[str | list[str]]
    published: NotRequired[str]
    effective: str | None
    controlling_language: str
    translation: NotRequired["TranslationMark"]
    supersedes: NotRequired[str]
    changes: NotRequired["ChangeRecord"]
    source: NotRequired["Source"]
    requirement_packs: NotRequired[list[Literal["gbt-44588", "gdpr-13", "gdpr-14", "pipl"]]]
    controller: "Controller"
    data_categories: NotRequired[list["DataCategory"]]
    data_items: NotRequired[list["DataItem"]]
    purposes: NotRequired[list["Purpose"]]
    practices: NotRequired[list["Practice"]]
    permissions: NotRequired[list["Permission"]]
    consent_exceptions: NotRequired[list["ConsentException"]]
    negations: NotRequired[list["Negation"]]
    automated_decisions: NotRequired[list["AutomatedDecision"]]
    cookies: NotRequired["Cookies"]
    sharing: NotRequired["Sharing"]
    security: NotRequired["Security"]
    storage: NotRequired["Storage"]
    rights: NotRequired["Rights"]
    children: NotRequired["Children"]
    cross_border: NotRequired["CrossBorder"]
    updates: NotRequired["Updates"]
    complaints: NotRequired["Complaints"]
    sections: list["Section"]


# Where each class is in the schema (a path of property names, "*" for the items of a list).
SCHEMA_PATHS: dict[str, tuple[str, ...]] = {
    "Policy": (),
    "TranslationMark": ("translation",),
    "ChangeRecord": ("$defs", "change_record"),
    "Source": ("source",),
    "Controller": ("controller",),
    "Affiliate": ("controller", "affiliates", "*"),
    "Address": ("controller", "addresses", "*"),
    "Contact": ("controller", "contacts", "*"),
    "Duration": ("$defs", "duration"),
    "Officer": ("controller", "officers", "*"),
    "DataCategory": ("data_categories", "*"),
    "DataItem": ("data_items", "*"),
    "Purpose": ("purposes", "*"),
    "DataTerms": ("$defs", "data_terms"),
    "PurposeTerms": ("$defs", "purpose_terms"),
    "Practice": ("practices", "*"),
    "Permission": ("permissions", "*"),
    "ConsentException": ("consent_exceptions", "*"),
    "Negation": ("negations", "*"),
    "AutomatedDecision": ("automated_decisions", "*"),
    "Cookies": ("cookies",),
    "CookieTechnology": ("cookies", "technologies", "*"),
    "DoNotTrack": ("cookies", "do_not_track"),
    "Sharing": ("sharing",),
    "Recipient": ("sharing", "recipients", "*"),
    "SharingException": ("sharing", "consent_exceptions", "*"),
    "Security": ("security",),
    "SecurityMeasure": ("security", "measures", "*"),
    "Certification": ("security", "certifications", "*"),
    "IncidentNotification": ("security", "incident_notification"),
    "Storage": ("storage",),
    "StorageLocation": ("storage", "locations", "*"),
    "RetentionRule": ("storage", "retention", "*"),
    "Law": ("$defs", "law"),
    "Rights": ("rights",),
    "Right": ("rights", "items", "*"),
    "RefusalGround": ("rights", "refusals", "*"),
    "Children": ("children",),
    "AgeThreshold": ("children", "thresholds", "*"),
    "CrossBorder": ("cross_border",),
    "Transfer": ("cross_border", "transfers", "*"),
    "Updates": ("updates",),
    "MaterialChange": ("updates", "material_changes", "*"),
    "Complaints": ("complaints",),
    "Regulator": ("complaints", "regulators", "*"),
    "Section": ("$defs", "section"),
}


def policy(data: Mapping[str, Any]) -> Policy:
    """A validated policy's data as a Policy (no copy: the loader's plain dicts are already one)."""
    return cast(Policy, data)
