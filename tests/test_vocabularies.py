"""Vocabulary term lists shipped as data, and the check of a policy's terms against them (PP311)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policypress import schemaindex
from policypress.validate import validate_paths
from policypress.vocabularies import FOLDER, NAMES, PROVENANCE, load, terms
from tests.sites import POLICY_EN

KNOWN = {
    "dpv": {
        "data": ["pd:EmailAddress", "pd:TelephoneNumber", "pd:Location", "dpv:SensitivePersonalData"],
        "purposes": ["dpv:ServiceProvision", "dpv:DirectMarketing", "dpv:FraudPreventionAndDetection"],
    },
    "fideslang": {
        "data": ["user.contact.email", "user.location.precise", "user.financial.bank_account"],
        "purposes": ["essential.service", "marketing.communications.email", "analytics.reporting"],
    },
    "apple": {
        "data": [
            "NSPrivacyCollectedDataTypeEmailAddress",
            "NSPrivacyCollectedDataTypePhotosorVideos",  # Apple's spelling, lower-case "or"
            "NSPrivacyCollectedDataTypeCoarseLocation",
            "NSPrivacyCollectedDataTypeHead",
        ],
        "purposes": [
            "NSPrivacyCollectedDataTypePurposeAppFunctionality",
            "NSPrivacyCollectedDataTypePurposeOther",
        ],
    },
    "play": {
        "data": ["PSL_EMAIL", "PSL_PHONE", "PSL_APPROX_LOCATION", "PSL_DEVICE_ID"],
        "purposes": ["PSL_APP_FUNCTIONALITY", "PSL_FRAUD_PREVENTION_SECURITY", "PSL_ACCOUNT_MANAGEMENT"],
    },
}
SIZES = {  # the lists' lengths as fetched: a refresh that loses terms shows here
    "dpv": {"data": 265, "purposes": 123},
    "fideslang": {"data": 85, "purposes": 54},
    "apple": {"data": 35, "purposes": 6},
    "play": {"data": 38, "purposes": 7},
}


@pytest.mark.parametrize("name", NAMES)
def test_each_list_says_where_it_comes_from_and_under_which_licence(name: str) -> None:
    raw = json.loads((FOLDER / f"{name}.json").read_text(encoding="utf-8"))
    for key in PROVENANCE:
        assert isinstance(raw[key], str) and raw[key].strip(), f"{name}: {key}"
    assert raw["vocabulary"] == name
    assert raw["url"].startswith("https://") and raw["source"].startswith(("https://", "Google Play Console"))
    assert raw["licence_url"].startswith("https://")
    assert name in (FOLDER / "NOTICE.md").read_text(encoding="utf-8")


def test_the_licences_are_the_sources_own() -> None:
    assert load("dpv").licence.startswith("W3C Software and Document License")
    assert load("dpv").source.startswith("https://github.com/w3c/dpv/tree/")
    assert load("fideslang").licence == "CC BY 4.0"  # not Apache-2.0: fideslang's README and LICENSE say so
    assert load("fideslang").source.startswith("https://github.com/ethyca/fideslang/tree/")


@pytest.mark.parametrize("name", NAMES)
def test_each_list_holds_known_terms(name: str) -> None:
    vocabulary = load(name)
    for which, known in KNOWN[name].items():
        assert set(known) <= set(vocabulary.lists[which]), (name, which)
        assert len(vocabulary.lists[which]) == SIZES[name][which], (name, which)
    assert "pd:EmailAddres" not in vocabulary.lists["data"]


def test_dpv_is_a_2_x_release_with_labels() -> None:
    dpv = load("dpv")
    assert dpv.version.startswith("2.")
    assert dpv.lists["data"]["pd:EmailAddress"] == "Email Address"
    assert all(term.startswith(("dpv:", "pd:")) for term in dpv.lists["data"])


def test_the_schema_annotates_where_terms_are_and_every_list_exists() -> None:
    index = schemaindex.current()
    specs = {spec for _, spec in index.vocabularies}
    assert specs == {f"{name}/{which}" for name in NAMES for which in ("data", "purposes")}
    for spec in specs:
        assert terms(spec)
    patterns = {pattern[:2] for pattern, _ in index.vocabularies}
    assert patterns == {("data_categories", "*"), ("purposes", "*")}


MAPPED = POLICY_EN.replace(
    "    sensitive: false\n",
    "    sensitive: false\n"
    "    terms:\n"
    "      dpv:\n"
    "        - pd:EmailAddress\n"
    "      fideslang: [user.contact.email]\n"
    "      apple: [NSPrivacyCollectedDataTypeEmailAddress]\n"
    "      play: [PSL_EMAIL]\n",
).replace(
    "    data: [contact-info]\n",
    "    data: [contact-info]\n"
    "    terms:\n"
    "      dpv:\n"
    "        - dpv:CustomerCare\n"
    "      fideslang: [essential.service.operations.support]\n"
    "      apple: [NSPrivacyCollectedDataTypePurposeAppFunctionality]\n"
    "      play: [PSL_APP_FUNCTIONALITY]\n",
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policies" / "example" / "1" / "en.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_known_terms_pass(tmp_path: Path) -> None:
    assert MAPPED != POLICY_EN
    assert not validate_paths([write(tmp_path, MAPPED)]).diagnostics


@pytest.mark.parametrize(
    ("good", "bad", "suggested"),
    [
        ("pd:EmailAddress", "pd:EmailAddres", "'pd:EmailAddress'"),
        ("user.contact.email", "user.contact.emial", "'user.contact.email'"),
        (
            "NSPrivacyCollectedDataTypeEmailAddress",
            "NSPrivacyCollectedDataTypeEmailaddress",
            "'NSPrivacyCollectedDataTypeEmailAddress'",
        ),
        ("PSL_APP_FUNCTIONALITY", "PSL_APP_FUNCTIONALITIES", "'PSL_APP_FUNCTIONALITY'"),
        ("dpv:CustomerCare", "CustomerCare", "'dpv:CustomerCare'"),  # the prefix left out
    ],
)
def test_an_unknown_term_is_located_with_the_closest_ones(
    tmp_path: Path, good: str, bad: str, suggested: str
) -> None:
    path = write(tmp_path, MAPPED.replace(good, bad, 1))
    errors = validate_paths([path]).errors
    assert [d.code for d in errors] == ["PP311"]
    line = next(n for n, text in enumerate(MAPPED.splitlines(), 1) if good in text)
    assert errors[0].line == line
    assert errors[0].column == MAPPED.splitlines()[line - 1].index(good) + 1
    assert f"did you mean {suggested}" in errors[0].message


def test_a_data_term_is_not_a_purpose_term(tmp_path: Path) -> None:
    path = write(tmp_path, MAPPED.replace("play: [PSL_APP_FUNCTIONALITY]", "play: [PSL_EMAIL]"))
    errors = validate_paths([path]).errors
    assert [d.code for d in errors] == ["PP311"]
    assert "'PSL_EMAIL' is not a purpose of Google Play's Data safety form" in errors[0].message


def test_the_play_layout_gives_the_import_templates_rows() -> None:
    layout = load("play").raw["layout"]
    assert layout["header"] == [
        "Question ID (machine readable)",
        "Response ID (machine readable)",
        "Response value",
        "Answer requirement",
        "Human-friendly question label",
    ]
    assert [t[1] for t in layout["data_types"]] == list(load("play").lists["data"])
    assert len(layout["usage"]) == 19
