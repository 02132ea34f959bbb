"""Requirement packs: the pack files, what they find in a policy, where, and who runs them."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from policypress import schemaindex, schemas
from policypress.cli import main
from policypress.compliance import Status, available, evaluate, findings, load
from policypress.compliance.packs import PackError, parse
from policypress.diagnostics import Citation
from policypress.validate import validate_paths
from policypress.yamlload import load_text
from tests.sites import POLICY_EN, build, write_site

ROOT = Path(__file__).resolve().parents[1]
UPDATE = __import__("os").environ.get("POLICYPRESS_UPDATE_GOLDENS") == "1"
RESULTS = ROOT / "tests" / "golden" / "compliance" / "results.json"


def doc_of(text: str, path: str = "policies/example/1/en.yaml") -> Any:
    return load_text(text, path)


def codes(text: str, *packs: str) -> list[str]:
    return [d.code for d in findings(doc_of(text), [load(name) for name in packs])]


def outcome(text: str, pack: str, rid: str) -> Any:
    return next(o for o in evaluate(load(pack), doc_of(text).data) if o.requirement.id == rid)


# ---------------------------------------------------------------- the pack files


def test_the_schema_offers_exactly_the_shipped_packs() -> None:
    schema = schemas.load_schema()
    assert schema["properties"]["requirement_packs"]["items"]["enum"] == list(available())
    assert set(available()) >= {"gbt-44588", "gdpr-13", "gdpr-14", "pipl"}


@pytest.mark.parametrize("name", available())
def test_every_pack_cites_each_requirement_in_two_languages(name: str) -> None:
    pack = load(name)
    assert pack.source["url"].startswith("http")
    for requirement in pack.requirements:
        assert requirement.id.startswith(re.sub(r"[^A-Z0-9]", "", pack.law)[:4])
        assert requirement.statement["en"] and requirement.statement["zh-Hans"]
        assert requirement.quote, f"{requirement.id} quotes nothing of the law"
        assert requirement.checked or requirement.note


def test_gdpr_13_has_every_point_of_paragraphs_1_and_2() -> None:
    ids = {r.id for r in load("gdpr-13").requirements}
    assert {f"GDPR13-1-{p}" for p in "abcdef"} | {f"GDPR13-2-{p}" for p in "abcdef"} <= ids
    ids = {r.id for r in load("gdpr-14").requirements}
    assert {f"GDPR14-1-{p}" for p in "abcdef"} | {f"GDPR14-2-{p}" for p in "abcdefg"} <= ids


def test_pipl_covers_the_articles_the_issue_names() -> None:
    articles = {r.cite.article for r in load("pipl").requirements}
    assert {"17", "22", "23", "30", "39", "52"} <= articles


PACK = """\
pack: test
law: TEST
title: {en: A test, zh-Hans: 测试}
source: {title: t, url: https://example.com/}
requirements:
  - id: TEST1
    cite: {article: 1}
    statement: {en: something, zh-Hans: 某事}
    quote: {en: something}
    needs: [%s]
"""


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("controller.nickname", "'controller.nickname' is no field of the policy schema"),
        ("rights.items.*.kinds=teleport", "'teleport' is not a value of rights.items.*.kinds"),
        ("controller.name>label", "controller.name is no reference"),
        ("data_categories.*.sensitive=maybe", "'maybe' is not a value"),
    ],
)
def test_a_pack_cannot_name_what_the_model_does_not_have(path: str, problem: str) -> None:
    with pytest.raises(PackError, match=re.escape(problem)):
        parse("test", PACK % path, schemaindex.current())


def test_a_pack_that_names_model_paths_reads() -> None:
    pack = parse("test", PACK % "cross_border.transfers.*.recipient>contact", schemaindex.current())
    (spec,) = pack.requirements[0].needs[0]
    assert spec.collection == ("sharing", "recipients")


# ---------------------------------------------------------------- what a pack finds, and where


def test_the_docs_minimal_policy_misses_rights_retention_and_complaints() -> None:
    page = (ROOT / "docs" / "authors" / "writing-policies.md").read_text(encoding="utf-8")
    minimal = page.split("## A minimal policy", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    found = codes(minimal, "gdpr-13")
    assert {"GDPR13-2-a", "GDPR13-2-b", "GDPR13-2-d"} <= set(found)
    assert "GDPR13-1-a" not in found  # its controller has a name and an e-mail address
    assert "GDPR13-1-c" not in found  # its purpose states its legal basis


def test_a_finding_is_located_where_the_missing_thing_belongs() -> None:
    text = POLICY_EN
    doc = doc_of(text)
    by_code = {d.code: d for d in findings(doc, [load("gdpr-13")])}
    # the policy has purposes but no legal basis: the purposes key
    purposes_line = text.splitlines().index("purposes:") + 1
    assert (by_code["GDPR13-1-c"].line, by_code["GDPR13-1-c"].column) == (purposes_line, 1)
    assert by_code["GDPR13-1-c"].pointer == "/purposes"
    # no rights at all: the top of the file
    assert (by_code["GDPR13-2-b"].line, by_code["GDPR13-2-b"].pointer) == (1, "")
    assert isinstance(by_code["GDPR13-2-b"].code, Citation)
    line = by_code["GDPR13-2-a"].format()
    assert line.startswith("policies/example/1/en.yaml:1:1: GDPR13-2-a warning: the notice does not state ")
    assert "(GDPR Art. 13(2)(a); not stated: storage.retention)" in line


RIGHTS = """\
rights:
  items:
    - id: all
      kinds: [access, rectification, erasure, restriction, objection]
      how: Write to us.
"""


def test_each_missing_right_is_named() -> None:
    found = findings(doc_of(POLICY_EN + RIGHTS), [load("gdpr-13")])
    (rights,) = [d for d in found if d.code == "GDPR13-2-b"]
    assert rights.pointer == "/rights/items"
    assert rights.message.endswith("not stated: rights.items.*.kinds=portability)")
    with_portability = RIGHTS.replace("objection]", "objection, portability]")
    assert outcome(POLICY_EN + with_portability, "gdpr-13", "GDPR13-2-b").status is Status.MET


NO_SHARING = """\
negations:
  - id: no-sharing
    practice: share
    text: We share your information with no one.
"""


def test_stated_as_not_applicable_satisfies_a_requirement() -> None:
    assert outcome(POLICY_EN, "gdpr-13", "GDPR13-1-e").status is Status.MISSING
    result = outcome(POLICY_EN + NO_SHARING, "gdpr-13", "GDPR13-1-e")
    assert (result.status, result.evidence) == (Status.NOT_APPLICABLE, (("negations", 0),))
    assert "GDPR13-1-e" not in codes(POLICY_EN + NO_SHARING, "gdpr-13")


def test_a_conditional_requirement_applies_only_when_its_condition_is_stated() -> None:
    assert outcome(POLICY_EN, "gdpr-13", "GDPR13-2-c").status is Status.NOT_REQUIRED
    consent = POLICY_EN.replace(
        "    data: [contact-info]\n", "    data: [contact-info]\n    legal_basis: [consent]\n"
    )
    assert outcome(consent, "gdpr-13", "GDPR13-2-c").status is Status.MISSING


SENSITIVE = POLICY_EN.replace("    sensitive: false\n", "    sensitive: true\n")


def test_each_sensitive_category_states_necessity_and_impact() -> None:
    assert outcome(POLICY_EN, "pipl", "PIPL30").status is Status.NOT_REQUIRED
    doc = doc_of(SENSITIVE)
    (finding,) = [d for d in findings(doc, [load("pipl")]) if d.code == "PIPL30"]
    assert finding.pointer == "/data_categories/0"
    assert finding.message.startswith("contact-info: the notice does not state why processing sensitive")
    stated = SENSITIVE.replace(
        "    sensitive: true\n", "    sensitive: true\n    necessity: To answer you.\n    impact: Little.\n"
    )
    assert outcome(stated, "pipl", "PIPL30").status is Status.MET


TRANSFER = """\
sharing:
  recipients:
    - id: us-support
      activities: [transfer]
      name: Support Inc.
      purpose: Answering questions
      data: [contact-info]
cross_border:
  transfers:
    - id: to-us
      destinations: [US]
      recipient: us-support
"""


def test_a_transfer_abroad_states_its_recipient_through_the_reference() -> None:
    result = outcome(POLICY_EN + TRANSFER, "pipl", "PIPL39")
    assert result.status is Status.MISSING
    assert result.unmet == (("recipient>contact or recipient>privacy_policy",),)
    with_contact = TRANSFER.replace(
        "      name: Support Inc.\n", "      name: Support Inc.\n      contact: help@support.example\n"
    )
    result = outcome(POLICY_EN + with_contact, "pipl", "PIPL39")
    assert result.status is Status.MET
    assert ("sharing", "recipients", 0, "contact") in result.evidence


# ---------------------------------------------------------------- who runs the packs


def write_policy(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policies" / "example" / "1" / "en.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_reports_a_pack_and_fails_only_when_strict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_policy(tmp_path, POLICY_EN)
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "check", "--pack", "gdpr-13")
    assert code == 0
    assert "policies/example/1/en.yaml:1:1: GDPR13-2-b warning:" in err
    assert err.splitlines()[-1].startswith("1 file(s) checked against gdpr-13: ")
    assert run(capsys, "check", "--pack", "gdpr-13", "--strict")[0] == 1
    code, out, _ = run(capsys, "check", "--pack", "pipl", "--format", "json")
    reported = json.loads(out)
    assert {d["code"] for d in reported} >= {"PIPL17-1-2-retention", "PIPL17-1-3"}
    assert all(d["severity"] == "warning" for d in reported)


def test_check_without_packs_runs_the_declared_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_policy(tmp_path, POLICY_EN.replace("controller:\n", "requirement_packs: [pipl]\ncontroller:\n"))
    monkeypatch.chdir(tmp_path)
    _, _, err = run(capsys, "check")
    assert " PIPL17-1-3 " in err and " GDPR" not in err


def test_check_refuses_an_unknown_pack_and_an_invalid_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_policy(tmp_path, POLICY_EN.replace("status: published", "status: public"))
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "check", "--pack", "ccpa")
    assert code == 2 and "no requirement pack ccpa (there are: gbt-44588, gdpr-13, gdpr-14, pipl" in err
    code, _, err = run(capsys, "check", "--pack", "pipl")
    assert code == 1 and " PP204 " in err and "fix these problems first" in err


def test_check_lists_the_packs(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--list", "--pack", "pipl")
    assert code == 0
    assert re.search(r"^  PIPL30 +PIPL Art\. 30 +why processing sensitive", out, re.MULTILINE)
    assert "PIPL39-rights" in out and "[not checked" in out


def test_validate_runs_the_declared_packs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plain = write_policy(tmp_path, POLICY_EN)
    result = validate_paths([plain])
    assert not result.diagnostics
    plain.write_text(POLICY_EN.replace("controller:\n", "requirement_packs: [gdpr-13]\ncontroller:\n"))
    result = validate_paths([plain])
    assert {d.code for d in result.warnings} >= {"GDPR13-2-a", "GDPR13-2-b"} and not result.errors
    assert run(capsys, "validate", str(plain), "--strict")[0] == 1
    assert run(capsys, "validate", str(plain))[0] == 0


def test_a_site_makes_packs_mandatory(tmp_path: Path) -> None:
    declared = POLICY_EN.replace("controller:\n", "requirement_packs: [gdpr-13]\ncontroller:\n")
    site = write_site(tmp_path / "declared", {"example/1/en.yaml": declared})
    result = build(site, tmp_path / "out1")
    assert result.returncode == 0, result.stderr  # a policy's own packs inform its authors
    site = write_site(
        tmp_path / "required", {"example/1/en.yaml": POLICY_EN}, plugin={"required_packs": ["gdpr-13"]}
    )
    result = build(site, tmp_path / "out2")
    assert result.returncode != 0
    assert "GDPR13-2-b warning: the notice does not state" in result.stderr
    assert "nothing was built" in result.stderr


# ---------------------------------------------------------------- the seeds and Example Telecom


def seed_results() -> dict[str, dict[str, list[str]]]:
    """Every pack's findings on each published policy file: code and JSON pointer (sorted: the
    facts, whatever the order of the file's parts)."""
    results: dict[str, dict[str, list[str]]] = {}
    packs = [load(name) for name in available()]
    for path in sorted((ROOT / "policies").glob("*/*/*.yaml")):
        doc = load_text(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())
        results[doc.path] = {
            pack.name: sorted(f"{d.code} {d.pointer or '/'}" for d in findings(doc, [pack])) for pack in packs
        }
    return results


def test_the_packs_results_on_the_seeds_and_example_telecom() -> None:
    """A seed missing what the law requires is a fact about the seed, pinned here."""
    results = seed_results()
    if UPDATE:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert json.loads(RESULTS.read_text(encoding="utf-8")) == results, (
        "the packs' results changed; if intended, rerun with POLICYPRESS_UPDATE_GOLDENS=1 and read the diff"
    )


def test_example_telecom_declares_its_packs() -> None:
    for path in (ROOT / "policies" / "example-telecom").glob("*/*.yaml"):
        assert "\nrequirement_packs: [gdpr-13, pipl]\n" in path.read_text(encoding="utf-8")


# ---------------------------------------------------------------- what a notice covers


def coverage_page(text: str, language: str = "en") -> str:
    from policypress.publish import Edition, Publisher, SiteOptions

    data = dict(doc_of(text).data)
    edition = Edition(data, Path(f"policies/{data['policy']}/{data['version']}/{data['language']}.yaml"))
    publisher = Publisher([edition], SiteOptions())
    page = publisher.markdown(f"policies/{data['policy']}/{data['version']}/{language}.md")
    assert f"[What this notice covers]({language}/coverage.md)" in page
    return publisher.markdown(f"policies/{data['policy']}/{data['version']}/{language}/coverage.md")


def row(page: str, code: str) -> str:
    (line,) = [line for line in page.splitlines() if line.startswith(f"| {code}<br>")]
    return line


def test_the_coverage_page_links_each_requirement_to_the_section_that_states_it() -> None:
    text = POLICY_EN.replace("controller:\n", "requirement_packs: [gdpr-13]\ncontroller:\n") + NO_SHARING
    text = text.replace(
        "shows: [controller, data_categories, purposes]",
        "shows: [controller, data_categories, purposes]\n"
        "  - id: sharing\n    title: Sharing\n    shows: [negations]",
    )
    page = coverage_page(text)
    assert page.startswith(
        "---\nsearch:\n  exclude: true\n---\n\n# What this notice covers: Example Privacy Policy {#coverage}"
    )
    assert "structured facts, not its prose" in page  # the page says what it reads
    assert row(page, "GDPR13-1-a") == (
        "| GDPR13-1-a<br>GDPR Art. 13(1)(a) | the identity and the contact details of the controller"
        " | Stated in: [Introduction](../en.md#section-intro) |"
    )
    assert row(page, "GDPR13-1-e").endswith(
        "| Stated as not applicable in: [Sharing](../en.md#section-sharing) |"
    )
    assert row(page, "GDPR13-2-a").endswith("| **Not stated** |")
    assert row(page, "GDPR13-2-c").endswith("| Does not apply: the policy states nothing it is about |")
    assert row(page, "GDPR13-3").endswith("| Not checked: read the text |")


def test_the_coverage_page_of_a_chinese_edition_is_in_chinese() -> None:
    from tests.sites import POLICY_ZH

    text = POLICY_ZH.replace("controller:\n", "requirement_packs: [pipl]\ncontroller:\n")
    data = dict(doc_of(text, "policies/shili/1/zh-CN.yaml").data)
    from policypress.publish import Edition, Publisher, SiteOptions

    publisher = Publisher([Edition(data, Path("policies/shili/1/zh-CN.yaml"))], SiteOptions())
    page = publisher.markdown("policies/shili/1/zh-CN/coverage.md")
    assert "# 本告知涵盖的事项：示例隐私政策 {#coverage}" in page
    assert (
        "| PIPL17-1-1<br>PIPL Art. 17(1)(1) | 个人信息处理者的名称或者姓名和联系方式"
        " | 说明位置：[引言](../zh-CN.md#section-intro) |" in page
    )
    assert "| PIPL17-1-2-retention<br>PIPL Art. 17(1)(2) | 个人信息的保存期限 | **未说明** |" in page


def test_traditional_chinese_statements_come_from_the_simplified_by_opencc() -> None:
    from policypress.compliance.coverage import in_language

    words = {"en": "the contact details", "zh-Hans": "个人信息保护负责人的联系方式"}
    assert in_language(words, "zh-TW") == "個人資訊保護負責人的聯絡方式"
    assert in_language(words, "zh-CN") == "个人信息保护负责人的联系方式"
    assert in_language(words, "fr") == "the contact details"


def test_a_policy_without_packs_has_no_coverage_page() -> None:
    from policypress.publish import Edition, Publisher, SiteOptions

    data = dict(doc_of(POLICY_EN).data)
    publisher = Publisher([Edition(data, Path("policies/example/1/en.yaml"))], SiteOptions())
    assert not [p.path for p in publisher.pages if p.path.endswith("coverage.md")]
    assert "What this notice covers" not in publisher.markdown("policies/example/1/en.md")


def test_the_standard_is_cited_by_clause_only_and_says_why() -> None:
    """GB/T 44588-2024's text could not be read: no sub-clause is cited, nothing is quoted."""
    pack = load("gbt-44588")
    assert all(r.cite.paragraph is None and r.cite.point is None for r in pack.requirements)
    assert {pack.cite(r) for r in pack.requirements} == {
        "GB/T 44588-2024, clause 8",
        "GB/T 44588-2024, clause 10",
        "GB/T 44588-2024, clause 11",
    }
    assert "could not be read" in pack.note
    found = codes(POLICY_EN, "gbt-44588")
    assert "GBT44588-8-account" in found and "GBT44588-8-collected" in found
    with_account = POLICY_EN + "rights:\n  items:\n    - id: close\n      kinds: [account-cancellation]\n"
    assert "GBT44588-8-account" not in codes(with_account, "gbt-44588")


def test_the_method_of_processing_is_not_read_into_other_fields() -> None:
    """No field states PIPL's 处理方式: a page must not claim the policy states it because a
    purpose names its data (the coverage page says 'not checked' instead)."""
    text = POLICY_EN.replace("controller:\n", "requirement_packs: [pipl]\ncontroller:\n")
    assert "data: [contact-info]" in text
    assert outcome(text, "pipl", "PIPL17-1-2-method").status is Status.UNCHECKED
    assert "PIPL17-1-2-method" not in codes(text, "pipl")
