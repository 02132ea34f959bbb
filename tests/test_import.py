"""`policypress import`: Markdown, HTML, Word and plain text to a draft that validates, with every
heading and every line of text kept, facts offered with their sentence, deterministic output,
and readable diffs between imported versions. The corpus and its provenance: tests/import_corpus/."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from policypress.cli import main
from policypress.diagnostics import Severity
from policypress.diff import diff_policies
from policypress.importer import Options, import_source
from policypress.importer.markdown_source import read_markdown
from policypress.importer.text_source import read_text
from policypress.validate import validate_document
from policypress.yamlload import load_text

from .diffcases import mirror, sorted_diff

CORPUS = Path(__file__).resolve().parent / "import_corpus"
SOURCES = sorted(path for path in CORPUS.rglob("*") if path.suffix in (".md", ".html", ".txt"))
VERSIONS = [
    (CORPUS / "github-privacy" / "2022-09-01.md", CORPUS / "github-privacy" / "2022-12-15.md"),
    (CORPUS / "shili-zh" / "2024-01-01.txt", CORPUS / "shili-zh" / "2024-06-01.txt"),
]


@cache
def imported(path: Path, version: str = "1") -> str:
    return import_source(path, Options(policy="imported", source_name=path.name, version=version))


def data_of(text: str) -> dict[str, Any]:
    return load_text(text, "imported.yaml").data


def sections(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Every section, depth first, in the file's order."""
    found: list[dict[str, Any]] = []
    pending = list(data["sections"])
    while pending:
        section = pending.pop(0)
        found.append(section)
        pending[:0] = section.get("sections", [])
    return found


def all_text(data: dict[str, Any]) -> str:
    return "\n".join(str(section.get("text", "")) for section in sections(data))


# ---------------------------------------------------------------- the corpus


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.relative_to(CORPUS).as_posix())
def test_each_corpus_file_imports_as_a_draft_without_errors(source: Path) -> None:
    text = imported(source)
    document = load_text(text, "imported.yaml")
    problems = validate_document(document)
    assert [p.format() for p in problems if p.severity is Severity.ERROR] == []
    assert document.data["status"] == "draft"
    assert "TODO" in text  # what only the author can say is marked, never guessed


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.relative_to(CORPUS).as_posix())
def test_importing_is_deterministic(source: Path) -> None:
    first = imported(source)
    assert import_source(source, Options(policy="imported", source_name=source.name)) == first


@pytest.mark.parametrize("source", [s for s in SOURCES if s.suffix in (".md", ".txt")], ids=lambda p: p.name)
def test_every_line_of_text_and_every_heading_is_kept_in_order(source: Path) -> None:
    data = data_of(imported(source))
    text = re.sub(r"\A---\n.*?\n---\n", "", source.read_text(encoding="utf-8"), flags=re.S)
    titles = [section["title"] for section in sections(data)]
    headings = [line.lstrip("#").strip() for line in text.splitlines() if line.startswith("#")]
    if source.suffix == ".md":
        remaining = iter(titles)
        assert all(heading in remaining for heading in headings)  # all of them, in order
    kept = all_text(data) + "\n" + "\n".join(titles) + "\n" + data["title"]
    missing = [
        line.strip()
        for line in text.splitlines()
        if line.strip() and line.strip().lstrip("#").strip() not in kept
    ]
    assert missing == []


def test_chinese_is_kept_byte_for_byte_with_its_numbering_and_full_width_punctuation() -> None:
    source = CORPUS / "shili-zh" / "2024-01-01.txt"
    data = data_of(imported(source))
    assert data["language"] == "zh-CN" and data["controlling_language"] == "zh-CN"
    assert data["title"] == "示例科技隐私政策"
    titles = [section["title"] for section in sections(data)]
    assert titles[1:4] == ["一、我们如何收集和使用您的个人信息", "（一）注册账号", "（二）客户服务"]
    nested = data["sections"][1]["sections"]
    assert [s["title"] for s in nested] == ["（一）注册账号", "（二）客户服务"]
    # A bold run that crosses a line break survives, as written.
    assert "以便**及时\n处理您的请求**。" in nested[1]["text"]
    for line in source.read_text(encoding="utf-8").splitlines()[3:]:
        assert line.strip() in all_text(data) + "\n".join(titles)


def test_facts_are_offered_with_the_sentence_they_came_from() -> None:
    text = imported(CORPUS / "shili-zh" / "2024-06-01.txt")
    data = data_of(text)
    assert data["effective"] == "2024-06-01" and data["published"] == "2024-05-15"
    assert '# from: "生效日期：2024年6月1日"' in text and '# from: "更新日期：2024年5月15日"' in text
    contacts = {c["kind"]: c["value"] for c in data["controller"]["contacts"]}
    assert contacts == {"email": "privacy@shili.example.cn", "phone": "400-800-1234"}
    (address,) = data["controller"]["addresses"]
    assert address["country"] == "CN" and address["lines"] == [
        "中国广东省深圳市南山区科技路1号，邮编：518000"
    ]
    english = imported(CORPUS / "github-privacy" / "2022-09-01.md")
    assert data_of(english)["effective"] == "2022-09-01"
    assert 'effective: 2022-09-01 # from: "Effective date: September 1, 2022"' in english


def test_what_the_text_does_not_state_is_a_todo_never_a_guess() -> None:
    data = data_of(imported(CORPUS / "github-privacy" / "2022-09-01.md"))
    assert data["controller"]["name"].startswith("TODO")
    assert data["controller"]["legal_name"].startswith("TODO")  # GitHub, Inc. is named, but not picked
    for absent in ("data_categories", "purposes", "sharing", "cross_border", "published"):
        assert absent not in data


def test_front_matter_is_metadata_never_body_text() -> None:
    data = data_of(imported(CORPUS / "github-privacy" / "2022-09-01.md"))
    assert data["title"] == "GitHub Privacy Statement"
    assert "redirect_from" not in all_text(data) and "/privacy-policy" not in all_text(data).split("(")[0]


@pytest.mark.parametrize(("old", "new"), VERSIONS, ids=lambda p: p.parent.name)
def test_two_imported_versions_diff_readably_and_the_properties_hold(old: Path, new: Path) -> None:
    a, b = data_of(imported(old)), data_of(imported(new, "2"))
    assert diff_policies(a, a).is_empty and diff_policies(b, b).is_empty
    forward, backward = diff_policies(a, b), diff_policies(b, a)
    assert not forward.is_empty
    assert sorted_diff(backward.to_json()) == mirror(forward.to_json())


def test_the_chinese_versions_diff_shows_the_added_section_and_the_changed_period() -> None:
    a = data_of(imported(VERSIONS[1][0]))
    b = data_of(imported(VERSIONS[1][1], "2"))
    report = diff_policies(a, b).to_json()
    states = {(s["id"], s["op"]) for s in report["sections"]}
    assert ("ge-xing-hua-tui-jian", "added") in states  # （三）个性化推荐
    assert ("wo-men-ru-he-bao-cun", "changed") in states  # 六个月 → 三个月


def test_the_html_page_gives_the_same_sections_as_its_markdown_without_the_pages_chrome() -> None:
    page = data_of(imported(CORPUS / "github-privacy" / "2022-12-15.html"))
    markdown = data_of(imported(CORPUS / "github-privacy" / "2022-12-15.md"))
    assert [s["title"] for s in sections(page)] == [s["title"] for s in sections(markdown)]
    whole = imported(CORPUS / "github-privacy" / "2022-12-15.html")
    assert (
        "CHROME-" not in whole and "chromeAnalytics" not in whole
    )  # header, nav, banner, toc, footer, scripts


# ---------------------------------------------------------------- the readers, case by case


def test_markdown_reads_atx_and_setext_headings_and_keeps_the_text_between_them_exactly() -> None:
    source = (
        "---\ntitle: Front\nupdated: 2024-01-02\n---\nIntro *text*  \nline two\n\n"
        "Part A\n======\n\nText A.\n\n## 1.1 Sub\n\n- x\n- y\n\nPart B\n------\nB.\n"
    )
    outline = read_markdown(source)
    assert outline.title == "Front" and outline.metadata["updated"] == "2024-01-02"
    shown = [
        (type(b).__name__, getattr(b, "level", None), getattr(b, "title", getattr(b, "markdown", "")))
        for b in outline.blocks
    ]
    assert shown == [
        ("Body", None, "Intro *text*  \nline two"),
        ("Heading", 1, "Part A"),
        ("Body", None, "Text A."),
        ("Heading", 2, "1.1 Sub"),
        ("Body", None, "- x\n- y"),
        ("Heading", 2, "Part B"),
        ("Body", None, "B."),
    ]


@pytest.mark.parametrize(
    ("lines", "levels"),
    [
        (["第一章 总则", "第一条 目的", "正文。", "第二条 范围", "正文。"], [1, 2, 2]),
        (["一、收集", "（一）注册", "内容。", "（二）客服", "内容。", "二、共享", "内容。"], [1, 2, 2, 1]),
        (["1. Introduction", "Text.", "1.1 Scope", "Text.", "2. Sharing", "Text."], [1, 2, 1]),
        (["Article 1 Definitions", "Text.", "Article 2 Scope", "Text."], [1, 1]),
    ],
)
def test_plain_text_numbered_headings_and_their_levels(lines: list[str], levels: list[int]) -> None:
    outline = read_text("Title\n" + "\n".join(lines))
    assert outline.title == "Title"
    assert [b.level for b in outline.blocks if hasattr(b, "level")] == levels


def test_a_numbered_sentence_is_body_text_not_a_heading() -> None:
    outline = read_text("Title\n1. We collect your name when you register.\n2、事先获得您的明确同意；\n")
    assert not [b for b in outline.blocks if hasattr(b, "level")]


def word_document(path: Path) -> Path:
    """A .docx with a Title, headings, a bold run across a line break, a list and a table."""
    import docx

    document = docx.Document()
    document.add_paragraph("示例科技隐私政策", style="Title")
    document.add_paragraph("生效日期：2024年1月1日")
    document.add_heading("一、我们如何收集您的个人信息", level=1)
    paragraph = document.add_paragraph("当您联系客服时，我们会记录您的联系方式，以便")
    run = paragraph.add_run("及时\n处理")
    run.bold = True
    paragraph.add_run("您的请求。")
    document.add_heading("（一）注册账号", level=2)
    document.add_paragraph("手机号码", style="List Bullet")
    document.add_paragraph("短信验证码", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    for row, (a, b) in zip(table.rows, [("信息", "用途"), ("手机号码", "注册")], strict=True):
        row.cells[0].text, row.cells[1].text = a, b
    document.add_heading("二、联系我们", level=1)
    document.add_paragraph("邮件：privacy@shili.example.cn")
    document.save(str(path))
    return path


def test_word_headings_by_style_lists_tables_and_bold(tmp_path: Path) -> None:
    text = import_source(
        word_document(tmp_path / "policy.docx"), Options(policy="shili", source_name="policy.docx")
    )
    data = data_of(text)
    assert [
        p.severity for p in validate_document(load_text(text, "x.yaml")) if p.severity is Severity.ERROR
    ] == []
    assert (
        data["title"] == "示例科技隐私政策"
        and data["language"] == "zh-CN"
        and data["effective"] == "2024-01-01"
    )
    first = data["sections"][1]
    assert first["title"] == "一、我们如何收集您的个人信息"
    assert first["text"] == "当您联系客服时，我们会记录您的联系方式，以便**及时\n处理**您的请求。"
    (sub,) = first["sections"]
    assert sub["title"] == "（一）注册账号"
    assert sub["text"] == "- 手机号码\n- 短信验证码\n\n| 信息 | 用途 |\n|---|---|\n| 手机号码 | 注册 |"


# ---------------------------------------------------------------- the command


def test_the_command_writes_a_file_that_validates_and_refuses_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "policies" / "shili" / "1" / "zh-CN.yaml"
    source = CORPUS / "shili-zh" / "2024-01-01.txt"
    assert main(["import", str(source), "--policy", "shili", "-o", str(output)]) == 0
    assert "TODO(s) to fill" in capsys.readouterr().err
    assert main(["validate", "--root", str(tmp_path / "policies"), str(output)]) == 0
    assert main(["import", str(source), "--policy", "shili", "-o", str(output)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["import", str(source), "--policy", "Not An Id"]) == 2
    assert main(["import", str(tmp_path / "missing.md")]) == 2


def test_a_broken_word_file_is_refused_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    assert main(["import", str(broken)]) == 2
    assert "not a Word (.docx) document" in capsys.readouterr().err
