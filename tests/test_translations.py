"""The consistency check of translations (policypress.translations): agree, disagree, lag behind.

A translation here is a seed policy with another `language`, a `translation` mark and one
change; it is written out as JSON (which is YAML) so that its text can be located.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from policypress import translations
from policypress.diagnostics import Code, Diagnostic, Severity
from policypress.schemaindex import SchemaIndex, SchemaIndexError
from policypress.schemas import load_schema
from policypress.translations import check_translations, facts
from policypress.validate import validate_paths
from policypress.yamlload import Document, load_file, load_text

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "site" / "policies"  # copies of the seeds
CMCC = FIXTURES / "cmcc-guangdong" / "1" / "zh-CN.yaml"  # Chinese, controlling
ZTE = FIXTURES / "zte" / "1" / "en.yaml"  # English, controlling
CORPUS = ROOT / "tests" / "invalid" / "translations" / "policies"
MARK = {"from": "", "by": "PolicyPress tests", "date": "2024-03-01"}


def original(path: Path) -> Document:
    """A seed copy, named as in the site it comes from (policies/…)."""
    return load_file(path, str(path.relative_to(FIXTURES.parent)))


def translation(
    of: Document, change: Callable[[dict[str, Any]], object] = lambda d: None, **top: Any
) -> Document:
    """`of` in German, marked as a translation, with `change` applied to its data."""
    data = copy.deepcopy(of.data)
    data.update({"language": "de", "translation": {**MARK, "from": of.data["language"]}, **top})
    change(data)
    return as_file(data, of.path.replace(f"/{of.data['language']}.yaml", f"/{data['language']}.yaml"))


def as_file(data: dict[str, Any], path: str) -> Document:
    return load_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", path)


def by_id(items: list[dict[str, Any]], item_id: str) -> dict[str, Any]:
    return next(item for item in items if item["id"] == item_id)


def section(data: dict[str, Any], *ids: str) -> dict[str, Any]:
    sections = data["sections"]
    for section_id in ids:
        found = by_id(sections, section_id)
        sections = found.get("sections", [])
    return found


def codes(found: list[Diagnostic]) -> list[tuple[str, str, str]]:
    return [(d.code.value, d.severity.value, d.pointer) for d in found]


# ---------------------------------------------------------------- agree


@pytest.mark.parametrize("path", [CMCC, ZTE], ids=lambda p: p.parts[-3])
def test_a_faithful_translation_agrees(path: Path) -> None:
    source = original(path)
    assert check_translations([source, translation(source)]) == []


def test_words_are_never_compared() -> None:
    """Every text field may differ: labels, descriptions, titles, notes, addresses' lines."""
    source = original(ZTE)
    own = {"policy", "version", "language", "controlling_language", "status", "translation"}

    def translate_words(data: dict[str, Any]) -> None:
        # Every string the fact projection leaves out is the file's own words: change them all.
        kept = json.dumps(facts(data), default=sorted)
        for path, value in _strings(data):
            if path[0] not in own and json.dumps(value) not in kept:
                _set(data, path, f"Übersetzt: {value}")

    translated = translation(source, translate_words, title="Datenschutzerklärung")
    assert translated.data["data_categories"][0]["label"].startswith("Übersetzt: ")
    assert translated.data["sections"][0]["title"].startswith("Übersetzt: ")
    assert check_translations([source, translated]) == []


def _strings(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], str]]:
    if isinstance(data, str):
        return [(path, data)]
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else []
    return [found for key, value in items for found in _strings(value, (*path, key))]


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


# ---------------------------------------------------------------- disagree, one kind of fact at a time


def _set_in(*path: Any, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for key in path[:-1]:
            target = by_id(target, key[1:]) if isinstance(key, str) and key.startswith("@") else target[key]
        if value is _DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = value

    return change


_DELETE = object()

DISAGREEMENTS = [
    # (seed, change, pointer, what the message must say)
    (ZTE, _set_in("effective", value="2019-05-08"), "/effective", "effective is null in"),
    (CMCC, _set_in("published", value="2023-09-06"), "/published", "published is 2023-09-05 in"),
    (
        ZTE,
        _set_in("data_categories", "@payment-info", "sensitive", value=False),
        "/data_categories/7/sensitive",
        "data category 'payment-info': sensitive is true in the controlling en text (policies/zte/1/en",
    ),
    (
        ZTE,
        _set_in("data_categories", "@payment-info", "sensitive", value=_DELETE),
        "/data_categories/7/sensitive",
        "sensitive is true in the controlling en text (policies/zte/1/en.yaml:85), but not given here",
    ),
    (
        ZTE,
        _set_in("data_categories", "@location-info", "sensitive", value=True),
        "/data_categories/2/sensitive",
        "sensitive is not given in the controlling en text (policies/zte/1/en.yaml:55), but is true here",
    ),
    (
        ZTE,
        _set_in("practices", "@legal-grounds", "legal_basis", value=["consent"]),
        "/practices/0/legal_basis",
        "legal_basis is [consent, contract, legitimate-interests, other] in",
    ),
    (
        ZTE,
        _set_in("practices", "@location-functions", "data", value=["location-info", "device-info"]),
        "/practices/3/data",
        "practice 'location-functions': data is [location-info] in",
    ),
    (
        CMCC,
        _set_in("negations", "@no-sharing", "practice", value="sell"),
        "/negations/0/practice",
        "negation 'no-sharing': practice is share in",
    ),
    (
        CMCC,
        _set_in("rights", "items", "@right-access-rectification", "kinds", value=["rectification"]),
        "/rights/items/0/kinds",
        "kinds is [access, rectification] in",
    ),
    (
        CMCC,
        _set_in(
            "storage",
            "retention",
            "@retention-cybersecurity-law",
            "period",
            value={"value": 3, "unit": "month"},
        ),
        "/storage/retention/0/period",
        "period is {value: 6, unit: month} in",
    ),
    (
        CMCC,
        _set_in("storage", "retention", "@retention-ecommerce-law", "bound", value="exact"),
        "/storage/retention/1/bound",
        "retention rule 'retention-ecommerce-law': bound is minimum",
    ),
    (
        CMCC,
        _set_in(
            "storage", "retention", "@retention-mobile-internet-measures", "law", "jurisdiction", value="HK"
        ),
        "/storage/retention/3/law/jurisdiction",
        "law.jurisdiction is CN in",
    ),
    (
        CMCC,
        _set_in("rights", "items", "@right-erasure", "response_time", value={"value": 15, "unit": "day"}),
        "/rights/items/1/response_time",
        "right 'right-erasure': response_time",
    ),
    (
        CMCC,
        _set_in("controller", "contacts", "@hotline", "value", value="020-10087"),
        "",
        "value is 020-10086",
    ),
    (
        ZTE,
        _set_in("controller", "contacts", "@privacy-email", "value", value="privacy@zte.com"),
        "",
        "Privacy@",
    ),
    (ZTE, _set_in("controller", "contacts", "@compliance-mail", "kind", value="other"), "", "kind is postal"),
    (ZTE, _set_in("controller", "addresses", "@hq", "postcode", value="518000"), "", "postcode is 518057"),
    (ZTE, _set_in("controller", "legal_name", value=None), "/controller/legal_name", "is given in"),
    (
        CMCC,
        _set_in("controller", "jurisdiction", value="HK"),
        "/controller/jurisdiction",
        "jurisdiction is CN",
    ),
    (
        ZTE,
        _set_in("complaints", "regulators", "@cac", "url", value="https://www.cac.gov.cn"),
        "/complaints/regulators/0/url",
        "regulator 'cac': url is http://www.cac.gov.cn in",
    ),
    (
        ZTE,
        _set_in("purposes", "@manage-account", "data", value=["device-info"]),
        "",
        "data is not given in the controlling en text",
    ),
    (
        CMCC,
        _set_in("permissions", "@location-permission", "data", value=["log-info"]),
        "",
        "data is [location]",
    ),
    (ZTE, _set_in("cookies", "used", value=False), "/cookies/used", "cookies.used is true"),
    (ZTE, _set_in("cookies", "technologies", "@session-cookies", "party", value="third-party"), "", "party"),
    (
        ZTE,
        _set_in("sharing", "recipients", "@authorities", "role", value="processor"),
        "",
        "role is authority",
    ),
    (
        ZTE,
        _set_in("cross_border", "transfers", "@transfer-other-regions", "safeguards", value=["consent"]),
        "",
        "[",
    ),
    (
        ZTE,
        _set_in("updates", "announce", value=["website"]),
        "/updates/announce",
        "[email, pop-up, sms, website]",
    ),
    (
        ZTE,
        _set_in("children", "parental_consent_under", value=14),
        "",
        "is not given in the controlling en text",
    ),
    (
        ZTE,
        _set_in("sections", 0, "topic", value="scope"),
        "/sections/0/topic",
        "section 'introduction': topic",
    ),
    (
        ZTE,
        _set_in("sections", 9, "shows", value=["complaints", "controller"]),
        "/sections/9/shows",
        "shows is [controller, complaints] in",  # the order of shows is the order on the page
    ),
]


@pytest.mark.parametrize(("seed", "change", "pointer", "words"), DISAGREEMENTS)
def test_each_kind_of_fact_must_agree(
    seed: Path, change: Callable[..., None], pointer: str, words: str
) -> None:
    source = original(seed)
    translated = translation(source, change)
    (found,) = check_translations([source, translated])
    assert (found.code, found.severity) == (Code.FACT_DIFFERS, Severity.ERROR)
    assert found.file == translated.path
    assert words in found.message and found.message.endswith(" here")
    if pointer:
        assert found.pointer == pointer
    assert (found.line, found.column) == translated.locate(_path(found.pointer))


def _path(pointer: str) -> tuple[str | int, ...]:
    return tuple(int(p) if p.isdigit() else p for p in pointer.strip("/").split("/"))


def test_contact_values_in_words_are_not_compared() -> None:
    """Only e-mail, phone and web contacts hold a value that is the same in every language."""
    source = original(CMCC)
    translated = translation(
        source, _set_in("controller", "contacts", "@online-service", "value", value="Online")
    )
    assert check_translations([source, translated]) == []


def test_the_file_own_fields_may_differ() -> None:
    """Status (a translation may still be a draft), source, title and the mark are the file's own."""
    source = original(ZTE)
    translated = translation(source, status="draft", title="ZTE", source={"note": "Übersetzung"})
    assert check_translations([source, translated]) == []


# ---------------------------------------------------------------- items and sections


def test_a_missing_item_is_an_error_at_its_list() -> None:
    source = original(ZTE)
    translated = translation(source, lambda d: d["purposes"].pop(3))
    (found,) = check_translations([source, translated])
    assert codes([found]) == [("PP336", "error", "/purposes")]
    assert (
        "purpose 'provide-requested-services' of the controlling en text (policies/zte/1/en.yaml:"
        in found.message
    )


def test_a_missing_part_is_one_error() -> None:
    source = original(ZTE)
    translated = translation(source, lambda d: d.pop("cookies"))
    # The page would then show no cookies at all: the part is missing, and no section shows it.
    found = [d for d in check_translations([source, translated]) if d.pointer == "/cookies"]
    assert codes(found) == [("PP336", "error", "/cookies")]


def test_an_extra_item_is_an_error_at_the_item() -> None:
    source = original(CMCC)

    def add(data: dict[str, Any]) -> None:
        data["purposes"].append({"id": "marketing", "label": "Marketing", "data": ["location"]})

    translated = translation(source, add)
    (found,) = check_translations([source, translated])
    assert codes([found]) == [("PP337", "error", "/purposes/2")]
    assert found.message.startswith("purpose 'marketing' is not in the controlling zh-CN text")


def test_a_missing_section_is_a_warning_the_translation_lags_behind() -> None:
    source = original(CMCC)
    translated = translation(source, lambda d: section(d, "your-rights")["sections"].clear())
    (found,) = check_translations([source, translated])
    assert codes([found]) == [("PP338", "warning", "/sections/5/sections")]
    assert "section 'rights-exceptions'" in found.message and "lags behind" in found.message
    assert "under section 'your-rights'" in found.message


def test_a_missing_section_is_reported_once_with_its_sub_sections() -> None:
    source = original(CMCC)
    translated = translation(source, lambda d: d["sections"].pop(1))  # collection-and-use: 7 below it
    (found,) = check_translations([source, translated])
    assert codes([found]) == [("PP338", "warning", "/sections")]
    assert "section 'collection-and-use' (with 7 sub-sections)" in found.message


def test_an_extra_section_is_an_error() -> None:
    source = original(ZTE)

    def add(data: dict[str, Any]) -> None:
        data["sections"][1]["sections"].append({"id": "translator-note", "title": "Hinweis", "text": "x"})

    (found,) = check_translations([source, translation(source, add)])
    assert codes([found]) == [("PP337", "error", "/sections/1/sections/2")]


def test_items_in_another_order_are_a_warning() -> None:
    source = original(ZTE)
    translated = translation(source, lambda d: d["purposes"].reverse())
    (found,) = check_translations([source, translated])
    assert codes([found]) == [("PP339", "warning", "/purposes/0")]
    assert found.message.startswith("purpose 'other-approved-purposes' is out of order")
    assert "in the order fulfill-purchase-order, manage-account, register-devices," in found.message
    assert "…" in found.message  # 14 ids: the first 8 are named


def test_a_moved_section_is_one_warning_and_is_still_compared() -> None:
    source = original(CMCC)

    def move(data: dict[str, Any]) -> None:
        moved = data["sections"][4]["sections"].pop()  # how-we-store, from protection to the top level
        moved["topic"] = "other"
        data["sections"].insert(5, moved)

    found = check_translations([source, translation(source, move)])
    assert codes(found) == [
        ("PP339", "warning", "/sections/5"),
        ("PP335", "error", "/sections/5/topic"),
    ]
    assert (
        "section 'how-we-store' is under the top level here, but under section 'protection'"
        in found[0].message
    )


# ---------------------------------------------------------------- which file is the reference


def test_the_controlling_file_is_the_reference_whatever_the_order() -> None:
    source = original(ZTE)
    one = translation(source, _set_in("cookies", "used", value=False))
    two = translation(source, _set_in("cookies", "used", value=False), language="fr")
    two = as_file(two.data, "policies/zte/1/fr.yaml")
    documents = [source, one, two]
    expected = check_translations(documents)
    assert [d.file for d in expected] == ["policies/zte/1/de.yaml", "policies/zte/1/fr.yaml"]
    for seed in range(5):
        shuffled = documents[:]
        random.Random(seed).shuffle(shuffled)
        assert check_translations(shuffled) == expected


def test_without_the_controlling_file_one_is_chosen_and_named() -> None:
    source = original(ZTE)
    german = translation(source)
    french = translation(source, _set_in("cookies", "used", value=False), language="fr")
    french = as_file(french.data, "policies/zte/1/fr.yaml")
    found = check_translations([french, german])
    assert codes(found) == [
        ("PP333", "warning", "/controlling_language"),
        ("PP333", "warning", "/controlling_language"),
        ("PP335", "error", "/cookies/used"),
    ]
    assert "compared with policies/zte/1/de.yaml instead" in found[0].message
    assert "in the de text (policies/zte/1/de.yaml:" in found[2].message  # not called controlling


def test_a_translation_alone_is_a_warning() -> None:
    (found,) = check_translations([translation(original(ZTE))])
    assert codes([found]) == [("PP333", "warning", "/controlling_language")]


def test_files_of_a_version_name_one_controlling_language() -> None:
    source = original(ZTE)
    odd = translation(source, controlling_language="fr")
    found = check_translations([source, odd])
    assert codes(found) == [("PP332", "error", "/controlling_language")]
    assert "policies/zte/1/en.yaml names en" in found[0].message


def test_the_source_of_a_translation_should_be_there() -> None:
    source = original(ZTE)
    german = translation(source, translation={**MARK, "from": "fr"})
    assert codes(check_translations([source, german])) == [("PP334", "warning", "/translation/from")]


def test_other_versions_and_policies_are_never_compared() -> None:
    zte, cmcc = original(ZTE), original(CMCC)
    other_version = translation(zte, _set_in("cookies", "used", value=False), version="2")
    other_version = as_file(other_version.data, "policies/zte/2/de.yaml")
    found = check_translations([zte, cmcc, other_version])
    assert codes(found) == [("PP333", "warning", "/controlling_language")]  # version 2 has no original


def test_a_file_with_errors_of_its_own_is_not_compared() -> None:
    source = original(ZTE)
    translated = translation(source, _set_in("cookies", "used", value="yes"))
    known = [Diagnostic(translated.path, 1, 1, Code.WRONG_TYPE, "…", "/cookies/used")]
    assert check_translations([source, translated], known) == []
    assert codes(check_translations([source, translated])) == [("PP335", "error", "/cookies/used")]


# ---------------------------------------------------------------- the projection, and its cost


def test_facts_hold_ids_and_values_but_no_words() -> None:
    data = original(ZTE).data
    projected = facts(data)
    position, category = projected["data_categories"]["payment-info"]
    assert position == 7
    assert category == {"sensitive": True}
    assert projected["data_categories"]["location-info"][1] == {}  # its words are not facts
    assert projected["practices"]["location-functions"][1] == {
        "data": frozenset({"location-info"}),
        "legal_basis": frozenset({"consent"}),
    }
    assert "title" not in projected and "source" not in projected
    assert projected["controller"]["contacts"]["privacy-email"][1] == {
        "kind": "email",
        "value": "Privacy@zte.com.cn",
        "response_time": {"value": 30, "unit": "day"},
    }
    assert projected["controller"]["contacts"]["compliance-mail"][1] == {"kind": "postal", "address": "hq"}


def test_every_list_of_items_has_a_noun_for_messages() -> None:
    def lists(node: Any, seen: set[int]) -> list[str]:
        if id(node) in seen:
            return []
        seen.add(id(node))
        found = [node.noun] if node.kind == "items" else []
        children = [*node.fields.values(), *([node.item] if node.item else [])]
        return found + [noun for child in children for noun in lists(child, seen)]

    nouns = lists(translations._plan(), set())
    assert len(nouns) >= 20
    assert all(noun and "_" not in noun for noun in nouns)


def test_a_list_of_items_without_a_noun_stops_the_plan() -> None:
    schema = copy.deepcopy(load_schema())
    del schema["properties"]["permissions"]["x-policypress"]["noun"]
    with pytest.raises(SchemaIndexError, match="'permissions' of items needs a noun"):
        translations._build_plan(SchemaIndex(schema))


def test_each_file_is_projected_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check stays linear: one projection per file, however many translations a version has."""
    source = original(ZTE)
    files = [source] + [
        as_file({**translation(source).data, "language": lang}, f"policies/zte/1/{lang}.yaml")
        for lang in ("de", "fr", "ja", "ko")
    ]
    calls = []
    real = translations.facts
    monkeypatch.setattr(translations, "facts", lambda data: calls.append(1) or real(data))
    assert check_translations(files) == []
    assert len(calls) == len(files)


# ---------------------------------------------------------------- through validate_paths


def test_validate_paths_reports_the_corpus_with_places(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CORPUS.parents[1])
    result = validate_paths([Path("translations/policies/differs")], root=Path("translations/policies"))
    text = (CORPUS / "differs" / "1" / "zh-CN.yaml").read_text(encoding="utf-8").splitlines()
    sensitive = next(d for d in result.diagnostics if d.pointer == "/data_categories/1/sensitive")
    assert text[sensitive.line - 1][sensitive.column - 1 :] == "false"
    extra = next(d for d in result.diagnostics if d.code is Code.ITEM_EXTRA)
    assert text[extra.line - 1][extra.column - 1 :] == "id: device-info"


def test_a_translation_validated_alone_is_compared_with_its_original_on_disk(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`policypress validate one-file.yaml` reads the version's other files to compare with, and
    reports only the given file's problems."""
    monkeypatch.chdir(CORPUS.parents[1])
    root, folder = Path("translations/policies"), Path("translations/policies/differs/1")
    together = validate_paths([folder], root=root).diagnostics
    in_translation = [d for d in together if d.file.endswith("zh-CN.yaml")]
    assert in_translation and all(d.code.value.startswith("PP33") for d in in_translation)
    assert validate_paths([folder / "zh-CN.yaml"], root=root).diagnostics == in_translation
    assert validate_paths([folder / "en.yaml"], root=root).diagnostics == []
