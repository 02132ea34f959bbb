"""The site in the reader's language: nav, chrome and index on a Chinese page are Chinese, pages only in
English say so, a site translates its nav titles and pages, and adds a language with a catalog."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from .sites import POLICY_EN, POLICY_ZH, build, html_lang, replace_line, tags, write_site

NAV = [
    {"Home": "index.md"},
    {"Policies": "policies/index.md"},
    {"Guides": [{"Writing": "guide/writing.md"}, {"Translated guide": "guide/translated.md"}]},
]
DOCS = {
    "docs/guide/writing.md": "# Writing\n\nSee the [other guide](translated.md) and [home](../index.md).\n",
    "docs/guide/translated.md": "# Translated guide\n\nIn English.\n",
    "docs/guide/translated.zh-CN.md": "# 已翻译的指南\n\n中文内容。\n",
}
SITE_WORDS = {"Home": "首页", "Policies": "隐私政策", "Guides": "指南", "Writing": "撰写"}


def _site_catalog(path: Path, words: dict[str, str]) -> None:
    """Translate the nav titles of the catalog `policypress messages init` wrote."""
    with path.open("rb") as file:
        catalog = read_po(file)
    for message in catalog:
        if message.id and message.context == "nav" and message.id in words:
            message.string = words[str(message.id)]
    with path.open("wb") as file:
        write_po(file, catalog)


def _messages(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "policypress.cli", "messages", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env={"PATH": ""},
        check=False,
    )


@pytest.fixture(scope="module")
def two_language_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An English and a Chinese policy, a nav with a section, the nav titles translated with the
    translator's commands, one guide translated by the site; built once."""
    root = tmp_path_factory.mktemp("languages")
    write_site(
        root / "src",
        {"example/1/en.yaml": POLICY_EN, "shili/1/zh-CN.yaml": POLICY_ZH},
        plugin={"locales_dir": "locales", "build_date": "2024-06-01"},
        config={"nav": NAV, "site_url": "https://p.example/"},
        files=DOCS,
    )
    for args in (("extract",), ("init", "zh-Hans")):
        run = _messages(root / "src", *args)
        assert run.returncode == 0, run.stderr
    _site_catalog(root / "src" / "locales" / "zh-Hans.po", SITE_WORDS)
    run = build(root / "src", root / "site")
    assert run.returncode == 0, run.stderr
    return root / "site"


def _page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def _nav(html: str) -> list[tuple[str, str]]:
    """(href, title) of the primary nav's links and section labels, in order."""
    primary = html[html.index('<nav class="md-nav md-nav--primary"') :]
    primary = primary[: primary.index('<div class="md-sidebar md-sidebar--secondary"')]
    link = r'<(?:a href="([^"]*)"|label) class="md-nav__link[^"]*"[^>]*>'
    found = re.findall(link + r'\s*<span class="md-ellipsis">\s*([^<]*?)\s*</span>', primary)
    return [(href, title) for href, title in found if not href.startswith("#")]


def test_a_chinese_policy_page_has_a_chinese_nav_and_chrome(two_language_site: Path) -> None:
    html = _page(two_language_site, "policies/shili/zh-CN")
    assert html_lang(html) == "zh-CN" and 'placeholder="搜索"' in html
    assert _nav(html) == [
        ("../../../index.zh-CN/", "首页"),
        ("../../index.zh-CN/", "隐私政策"),
        ("", "指南"),
        ("../../../guide/writing.zh-CN/", "撰写"),
        ("../../../guide/translated.zh-CN/", "已翻译的指南"),  # no site word: the page's own title
    ]


def test_an_english_page_keeps_the_english_nav(two_language_site: Path) -> None:
    html = _page(two_language_site, "policies/example/en")
    assert html_lang(html) == "en" and 'placeholder="Search"' in html
    assert [title for _href, title in _nav(html)] == [
        "Home",
        "Policies",
        "Guides",
        "Writing",
        "Translated guide",
    ]


def test_the_chinese_nav_leads_to_the_chinese_policies_index(two_language_site: Path) -> None:
    html = _page(two_language_site, "policies/index.zh-CN")
    assert html_lang(html) == "zh-CN" and "示例隐私政策" in html and "Example Privacy Policy" not in html
    assert ("./", "隐私政策") in _nav(html)


def test_a_page_only_in_english_says_so_under_the_chinese_nav(two_language_site: Path) -> None:
    html = _page(two_language_site, "guide/writing.zh-CN")
    assert html_lang(html) == "zh-CN" and 'placeholder="搜索"' in html
    (article,) = tags(html, "article")
    assert article["lang"] == "en"  # the content is the English page's
    assert re.search(
        r'<div class="admonition info policypress-only-in" lang="zh-CN">.*本页只有英语版本。', html
    )
    assert '<h1 id="writing">Writing</h1>' in html and "<title>撰写 - PolicyPress test site</title>" in html
    # Its links lead to the Chinese views, so the reader keeps the Chinese nav.
    assert 'href="../translated.zh-CN/"' in html and 'href="../../index.zh-CN/"' in html
    # The English page is the one search engines and the site's search index know.
    assert '<link rel="canonical" href="https://p.example/guide/writing/">' in html
    index = json.loads((two_language_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "guide/writing/" in locations and "guide/writing.zh-CN/" not in locations
    assert "index.zh-CN/" not in locations and "guide/translated.zh-CN/" in locations


def test_a_page_the_site_translated_is_its_chinese_view(two_language_site: Path) -> None:
    html = _page(two_language_site, "guide/translated.zh-CN")
    assert "中文内容。" in html and "policypress-only-in" not in html
    (article,) = tags(html, "article")
    assert "lang" not in article and html_lang(html) == "zh-CN"


def test_english_pages_are_as_before(two_language_site: Path) -> None:
    html = _page(two_language_site, "guide/writing")
    assert html_lang(html) == "en" and "policypress-only-in" not in html
    assert 'href="../translated/"' in html


def test_a_site_in_one_language_family_has_no_views(tmp_path: Path) -> None:
    en_gb = replace_line(POLICY_EN, "language: en", "language: en-GB")
    en_gb = replace_line(en_gb, "controlling_language: en", "controlling_language: en-GB")
    write_site(tmp_path / "src", {"example/1/en-GB.yaml": en_gb}, config={"nav": [{"Home": "index.md"}]})
    run = build(tmp_path / "src", tmp_path / "site")
    assert run.returncode == 0, run.stderr
    assert not list((tmp_path / "site").glob("index.*/"))


def test_a_broken_site_catalog_stops_the_build_with_its_place(tmp_path: Path) -> None:
    write_site(
        tmp_path / "src",
        {"example/1/en.yaml": POLICY_EN},
        plugin={"locales_dir": "locales"},
        files={"locales/zh-Hans.po": 'msgctxt "nav"\nmsgid "Home"\nmsgsrt "首页"\n'},
    )
    run = build(tmp_path / "src", tmp_path / "site")
    assert run.returncode != 0 and not (tmp_path / "site").exists()
    assert (
        "option 'locales_dir'" in run.stderr and "zh-Hans.po:3: Unknown or misformatted keyword" in run.stderr
    )


# ---------------------------------------------------------------- a language added by a site


def test_a_pseudo_locale_catalog_in_a_site_builds_its_pages_in_it(tmp_path: Path) -> None:
    """A site adds a language PolicyPress does not know with one catalog (a pseudo-locale here,
    as a translator's tool makes one): its pages, index, nav and notices all speak it."""
    from .test_locales import pseudo, pseudo_catalog

    pseudo_policy = replace_line(POLICY_EN, "policy: example", "policy: pseudo")
    pseudo_policy = replace_line(pseudo_policy, "language: en", "language: en-XA")
    pseudo_policy = replace_line(pseudo_policy, "controlling_language: en", "controlling_language: en-XA")
    src = write_site(
        tmp_path / "src",
        {"example/1/en.yaml": POLICY_EN, "pseudo/1/en-XA.yaml": pseudo_policy},
        plugin={"locales_dir": "locales"},
        config={"nav": [{"Home": "index.md"}, {"Policies": "policies/index.md"}]},
    )
    (src / "locales").mkdir()
    catalog = src / "locales" / "en-XA.po"
    pseudo_catalog(catalog)
    with catalog.open("rb") as file:
        words = read_po(file)
    for title in ("Home", "Policies"):
        words.add(title, pseudo(title), context="nav")
    with catalog.open("wb") as file:
        write_po(file, words)
    run = build(src, tmp_path / "site")
    assert run.returncode == 0, run.stderr
    page = _page(tmp_path / "site", "policies/pseudo/en-XA")
    assert html_lang(page) == "en-XA" and "⟦Kéý pöîñtš⟧" in page and "Key points" not in page
    assert [title for _href, title in _nav(page)] == [pseudo("Home"), pseudo("Policies")]
    index = _page(tmp_path / "site", "policies/index.en-XA")
    assert pseudo("Privacy policies") in index
    home = _page(tmp_path / "site", "index.en-XA")
    assert (
        "policypress-only-in" in home
        and pseudo("This page is only in {language}.").replace("{language}", "English") in home
    )
    english = _page(tmp_path / "site", "policies/example/en")
    assert "Key points" in english and "⟦" not in english


# ---------------------------------------------------------------- the translator's commands


def test_translators_extract_start_update_and_check_a_sites_words(tmp_path: Path) -> None:
    src = write_site(
        tmp_path / "src",
        {"example/1/en.yaml": POLICY_EN},
        plugin={"locales_dir": "words"},
        config={"nav": [{"Home": "index.md"}, {"Guides": [{"Writing": "guide.md"}]}]},
        files={"docs/guide.md": "# Writing\n"},
    )
    assert _messages(src, "extract").returncode == 0
    template = (src / "words" / "messages.pot").read_text(encoding="utf-8")
    assert [m for m in re.findall(r'msgid "(.+)"', template)] == ["Home", "Guides", "Writing"]
    # A language PolicyPress knows: the site's catalog holds only the site's words.
    assert _messages(src, "init", "zh-Hant").returncode == 0
    traditional = (src / "words" / "zh-Hant.po").read_text(encoding="utf-8")
    assert 'msgctxt "nav"' in traditional and "kp_who" not in traditional
    assert "Plural-Forms: nplurals=1; plural=0;" in traditional
    # A language PolicyPress does not know: PolicyPress's messages come along, with French plurals.
    assert _messages(src, "init", "fr").returncode == 0
    french = (src / "words" / "fr.po").read_text(encoding="utf-8")
    assert 'msgctxt "kp_who"\nmsgid "Who is responsible"' in french
    with (src / "words" / "fr.po").open("rb") as file:
        assert read_po(file).plural_forms == Catalog(locale="fr").plural_forms  # CLDR's rule, through Babel
    again = _messages(src, "init", "fr")
    assert again.returncode == 2 and "exists already" in again.stderr
    check = _messages(src, "check")
    assert check.returncode == 1
    assert re.search(r"words/zh-Hant\.po:\d+: Home: untranslated \(shown in English\)", check.stderr)
    assert re.search(
        r"words/fr\.po:\d+: kp_who: untranslated \(shown in English: 'Who is responsible'\)", check.stderr
    )
    # Translate everything, then the nav changes: update brings the new title in, untranslated.
    _site_catalog(src / "words" / "zh-Hant.po", {"Home": "首頁", "Guides": "指南", "Writing": "撰寫"})
    (src / "words" / "fr.po").unlink()
    assert _messages(src, "check").returncode == 0
    config = json.loads((src / "mkdocs.yml").read_text(encoding="utf-8"))
    config["nav"].append({"Hosting": "guide.md"})
    (src / "mkdocs.yml").write_text(json.dumps(config), encoding="utf-8")
    # Before extract, check already sees the title the template lacks (no catalog can have it yet).
    check = _messages(src, "check")
    assert check.returncode == 1
    assert (
        "words/messages.pot: Hosting: in the nav, not in the template: run extract, then update"
        in check.stderr
    )
    assert _messages(src, "extract").returncode == 0 and _messages(src, "update").returncode == 0
    check = _messages(src, "check")
    assert check.returncode == 1 and check.stderr.count(": untranslated") == 1 and "Hosting" in check.stderr
    assert "首頁" in (src / "words" / "zh-Hant.po").read_text(encoding="utf-8")  # kept


def test_the_projects_own_site_translates_every_title_of_its_nav() -> None:
    """The project's site (mkdocs.yml, locales/) passes its translators' check: a page added to
    the nav without its titles in the Chinese catalogs fails here."""
    check = _messages(Path(__file__).resolve().parents[1], "check")
    assert check.returncode == 0, check.stderr


def test_the_template_is_the_same_bytes_for_the_same_nav(tmp_path: Path) -> None:
    src = write_site(tmp_path / "src", {}, config={"nav": [{"Home": "index.md"}]})
    env = {"PATH": "", "SOURCE_DATE_EPOCH": "1700000000"}
    runs = []
    for _ in range(2):
        subprocess.run(
            [sys.executable, "-m", "policypress.cli", "messages", "extract"], cwd=src, env=env, check=True
        )
        runs.append((src / "locales" / "messages.pot").read_bytes())
    assert runs[0] == runs[1] and b"POT-Creation-Date: 2023-11-14 22:13+0000" in runs[0]
