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
    assert set(available()) >= {"gdpr-13", "gdpr-14", "pipl"}


@pytest.mark.parametrize("name", available())
def test_every_pack_cites_each_requirement_in_two_languages(name: str) -> None:
    pack = load(name)
    assert pack.source["url"].startswith("http")
    for requirement in pack.requirements:
        assert requirement.id.startswith(pack.law.replace(" ", "").upper()[:4])
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
    assert code == 2 and "no requirement pack ccpa (there are: gdpr-13, gdpr-14, pipl" in err
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
    """Every pack's findings on each published policy file: code and JSON pointer."""
    results: dict[str, dict[str, list[str]]] = {}
    packs = [load(name) for name in available()]
    for path in sorted((ROOT / "policies").glob("*/*/*.yaml")):
        doc = load_text(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())
        results[doc.path] = {
            pack.name: [f"{d.code} {d.pointer or '/'}" for d in findings(doc, [pack])] for pack in packs
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
