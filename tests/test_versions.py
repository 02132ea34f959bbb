"""Versions: which one is in force, upcoming versions, permanent pages, history, catalog and feeds."""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
from pathlib import Path
from typing import Any

import feedparser
import pytest

from policypress.feeds import entry_id
from policypress.publish import Edition, Publisher, Site, SiteOptions, publish
from policypress.sitemap import with_alternates
from policypress.timeline import State, build_day, timelines
from policypress.yamlload import load_text

from .sites import POLICY_EN, build, next_version, replace_line, write_site

DAY = dt.date(2024, 6, 1)
V1 = POLICY_EN
# Version 2 adds a purpose: a material change, recorded as one.
NEW_PURPOSE = (
    "purposes:\n  - id: marketing\n    label: Sending offers\n    data: [contact-info]\n  - id: support\n"
)
V2 = next_version(V1, "2", effective="2024-03-01", material=True, kinds="[purposes]").replace(
    "purposes:\n  - id: support\n", NEW_PURPOSE
)
V3 = next_version(V2, "3", effective="2024-09-01")  # upcoming on DAY
V4 = next_version(V3, "4", effective="2024-12-01")


def editions(*texts: str, status: dict[str, str] | None = None) -> list[Edition]:
    made = []
    for text in texts:
        data = load_text(text, "policy.yaml").data
        data["status"] = (status or {}).get(data["version"], data["status"])
        made.append(Edition(data, Path(f"policies/example/{data['version']}/{data['language']}.yaml")))
    return made


def site(*texts: str, day: dt.date = DAY, status: dict[str, str] | None = None, **options: Any) -> Site:
    return publish(editions(*texts, status=status), SiteOptions(today=day, **options))


def pages(built: Site) -> dict[str, str]:
    return {page.path: page.markdown for page in built.pages}


def files(built: Site) -> dict[str, bytes]:
    return {f.path: f.content for f in [*built.json, *built.feeds]}


# ---------------------------------------------------------------- which version is in force


def test_the_version_in_force_is_the_latest_published_one_whose_date_has_come() -> None:
    (line,) = timelines(editions(V1, V2, V3), DAY).values()
    assert line.current is not None and line.current.version == "2"
    assert [e.version for e in line.upcoming] == ["3"]
    assert [line.state(e).value for e in line.editions] == ["superseded", "current", "upcoming"]
    (later,) = timelines(editions(V1, V2, V3), dt.date(2024, 9, 1)).values()
    assert later.current is not None and later.current.version == "3" and later.upcoming == []


def test_drafts_are_never_in_force_and_withdrawn_versions_only_for_the_record() -> None:
    (line,) = timelines(editions(V1, V2, V3, status={"2": "withdrawn", "3": "draft"}), DAY).values()
    assert line.current is not None and line.current.version == "1"
    assert [e.version for e in line.editions] == ["1", "2", "3"]  # timelines() is given all three
    assert line.state(line.editions[1]) is State.WITHDRAWN
    assert line.upcoming == []  # a draft is never in force, and not upcoming either
    published = Publisher(
        editions(V1, V2, V3, status={"2": "withdrawn", "3": "draft"}), SiteOptions(today=DAY)
    )
    (line,) = published.timelines.values()
    assert [e.version for e in line.editions] == ["1", "2"]  # the publisher drops drafts


def test_the_build_day_comes_from_the_option_then_source_date_epoch_then_the_clock() -> None:
    assert build_day(dt.date(2020, 1, 2), {"SOURCE_DATE_EPOCH": "1700000000"}) == dt.date(2020, 1, 2)
    assert build_day(None, {"SOURCE_DATE_EPOCH": "1700000000"}) == dt.date(2023, 11, 14)
    assert build_day(None, {}) == dt.datetime.now(dt.timezone.utc).date()


# ---------------------------------------------------------------- pages


def test_the_policys_own_page_shows_the_version_in_force_and_announces_the_upcoming_one() -> None:
    built = pages(site(V1, V2, V3))
    own = built["policies/example/en.md"]
    assert "**Version**: 2 ·" in own
    assert "A new version (3) takes effect on September 1, 2024." in own and "[Read it](3/en.md)" in own
    assert "[Permanent link to this version](2/en.md)" in own
    # Every version has a page of its own; the upcoming one too, but search finds only the one in force.
    for version in ("1", "2", "3"):
        assert built[f"policies/example/{version}/en.md"].startswith("---\nsearch:\n  exclude: true\n---")
    assert "search:" not in own.split("\n#", 1)[0]


def test_before_any_version_takes_effect_the_policys_page_shows_the_first_upcoming_one() -> None:
    built = pages(site(V1, V2, day=dt.date(2024, 1, 1)))
    assert "**Version**: 1 ·" in built["policies/example/en.md"]
    assert "A new version (2) takes effect on March 1, 2024." in built["policies/example/en.md"]


def test_a_versions_page_and_manifest_do_not_change_when_later_versions_are_added() -> None:
    before = site(V1, V2)
    after = site(V1, V2, V3, V4)
    for version in ("1", "2"):
        page = f"policies/example/{version}/en.md"
        assert pages(before)[page] == pages(after)[page]
        manifest = f"api/v1/policies/example/{version}/en.json"
        assert files(before)[manifest] == files(after)[manifest]
        changes = f"policies/example/{version}/en/changes.md"
        assert pages(before).get(changes) == pages(after).get(changes)
    # ... while the moving pages and files do change.
    assert pages(before)["policies/example/en/history.md"] != pages(after)["policies/example/en/history.md"]
    assert files(before)["api/v1/index.json"] != files(after)["api/v1/index.json"]


def test_the_history_lists_every_version_newest_first_with_its_record() -> None:
    history = pages(site(V1, V2, V3))["policies/example/en/history.md"]
    headings = [line for line in history.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Version 3 · upcoming {#v-3}",
        "## Version 2 · in force {#v-2}",
        "## Version 1 · superseded {#v-1}",
    ]
    assert "material change · **Kinds of change**: purposes" in history
    assert "first version" in history and history.count("Reworded for clarity.") == 2
    assert "[What changed in this version](../2/en/changes.md)" in history


def test_each_version_after_the_first_has_a_page_of_what_changed() -> None:
    built = pages(site(V1, V2))
    assert "policies/example/1/en/changes.md" not in built
    changes = built["policies/example/2/en/changes.md"]
    assert changes.startswith("---\nsearch:\n  exclude: true\n---")
    assert "# Example Privacy Policy: changes from version 1 to version 2 {#changes}" in changes
    assert "[Version 2](../en.md) · [Version 1](../../1/en.md)" in changes


def test_links_between_generated_pages_all_resolve() -> None:
    built = pages(site(V1, V2, V3))
    feeds = set(files(site(V1, V2, V3)))
    for path, markdown in built.items():
        for target in _site_links(markdown):
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
            assert resolved in built or resolved in feeds, f"{path} links to {target}"


def _site_links(markdown: str) -> list[str]:
    return [t for t in re.findall(r"\]\(([^)#]+)\)", markdown) if not re.match(r"[a-z]+:", t)]


# ---------------------------------------------------------------- JSON for apps


def test_the_catalog_lists_every_version_so_an_app_knows_what_changed_since_its_own() -> None:
    built = files(site(V1, V2, V3))
    (entry,) = json.loads(built["api/v1/index.json"])["policies"]
    assert entry["current_version"] == "2"
    versions = entry["versions"]
    assert [(v["version"], v["state"], v["material"], v["reconsent"]) for v in versions] == [
        ("1", "superseded", None, None),
        ("2", "current", True, False),
        ("3", "upcoming", False, False),
    ]
    assert versions[1]["kinds"] == ["purposes"] and versions[1]["supersedes"] == "1"
    for version in versions:
        (language,) = version["languages"]
        manifest = json.loads(built[posixpath.normpath(posixpath.join("api/v1", language["manifest"]))])
        assert manifest["digest"] == language["digest"] and manifest["version"] == version["version"]
    (shown,) = entry["editions"]
    assert (shown["version"], shown["state"]) == ("2", "current")
    latest = posixpath.normpath(posixpath.join("api/v1", shown["latest"]))
    assert built[latest] == built["api/v1/policies/example/2/en.json"]


def test_a_manifest_carries_its_change_record_and_links_to_the_version_before() -> None:
    manifest = json.loads(files(site(V1, V2))["api/v1/policies/example/2/en.json"])
    assert manifest["supersedes"] == "1"
    assert manifest["changes"]["material"] is True and manifest["changes"]["reconsent"] is False
    assert manifest["changes"]["summary"]["markdown"] == "Reworded for clarity."
    assert manifest["links"]["previous"] == "../1/en.json"
    assert manifest["links"]["page"] == "../../../../../policies/example/2/en/"
    first = json.loads(files(site(V1, V2))["api/v1/policies/example/1/en.json"])
    assert "previous" not in first["links"] and "changes" not in first


def test_drafts_reach_no_page_no_json_and_no_feed() -> None:
    built = site(V1, V2, V3, status={"3": "draft"})
    paths = [*pages(built), *files(built)]
    assert not [p for p in paths if "/3/" in p]
    everything = "".join(pages(built).values()) + b"".join(files(built).values()).decode()
    assert "version (3)" not in everything and '"3"' not in everything
    previewed = site(V1, V2, V3, status={"3": "draft"}, drafts=True)
    assert "policies/example/3/en.md" in pages(previewed)


# ---------------------------------------------------------------- feeds


def test_the_feeds_are_valid_atom_with_one_entry_per_dated_version_newest_first() -> None:
    built = files(site(V1, V2, V3))
    for path in ("policies/example/en/feed.xml", "policies/feed.xml"):
        feed = feedparser.parse(built[path])
        assert not feed.bozo, feed.get("bozo_exception")
        assert feed.version == "atom10"
        assert [e.title for e in feed.entries] == [
            "Example Privacy Policy — Version 3 (no material change)",
            "Example Privacy Policy — Version 2 (material change)",
            "Example Privacy Policy — Version 1 (first version)",
        ]
        assert [e.id for e in feed.entries] == [entry_id("example", v, "en") for v in ("3", "2", "1")]
        assert feed.feed.updated.startswith("2024-01-10")
    feed = feedparser.parse(built["policies/example/en/feed.xml"])
    assert [e.link for e in feed.entries] == ["../3/en/changes/", "../2/en/changes/", "../1/en/"]
    assert "material change" in feed.entries[1].summary and "Reworded for clarity." in feed.entries[1].summary


def test_feed_links_are_absolute_when_the_site_has_an_url() -> None:
    built = files(site(V1, V2, site_url="https://policies.example.org/"))
    feed = feedparser.parse(built["policies/example/en/feed.xml"])
    assert feed.entries[0].link == "https://policies.example.org/policies/example/2/en/changes/"
    assert feed.feed.links[0].href == "https://policies.example.org/policies/example/en/feed.xml"


def test_a_version_without_any_date_has_no_feed_entry() -> None:
    undated = V1.replace("published: 2024-01-10\n", "").replace("effective: 2024-02-01", "effective: null")
    undated = undated.replace("  archived_on: 2024-03-01\n", "")
    feed = feedparser.parse(files(site(undated))["policies/example/en/feed.xml"])
    assert not feed.bozo and feed.entries == []
    assert feed.feed.updated.startswith(DAY.isoformat())  # Atom needs a date: the build day's


# ---------------------------------------------------------------- a real build


@pytest.mark.parametrize(("day", "in_force"), [("2024-06-01", "2"), ("2024-10-01", "3")])
def test_a_site_build_honours_the_build_date_option(tmp_path: Path, day: str, in_force: str) -> None:
    source = write_site(
        tmp_path / "src",
        {"example/1/en.yaml": V1, "example/2/en.yaml": V2, "example/3/en.yaml": V3},
        plugin={"build_date": day},
    )
    run = build(source, tmp_path / "site")
    assert run.returncode == 0, run.stderr
    own = (tmp_path / "site" / "policies" / "example" / "en" / "index.html").read_text(encoding="utf-8")
    assert f"<strong>Version</strong>: {in_force} ·" in own
    assert '<a href="feed.xml">' in own
    assert (tmp_path / "site" / "policies" / "example" / "en" / "feed.xml").is_file()
    catalog = json.loads((tmp_path / "site" / "api" / "v1" / "index.json").read_bytes())
    assert catalog["policies"][0]["current_version"] == in_force


def test_a_built_version_page_is_byte_identical_after_a_later_version_is_added(tmp_path: Path) -> None:
    """The immutable URL holds: the HTML of version 1, and its manifest, once version 2 exists."""
    snapshots = []
    for name, policies in (
        ("one", {"example/1/en.yaml": V1}),
        ("two", {"example/1/en.yaml": V1, "example/2/en.yaml": V2}),
    ):
        source = write_site(tmp_path / name, policies, plugin={"build_date": "2024-06-01"})
        run = build(source, tmp_path / name / "site")
        assert run.returncode == 0, run.stderr
        site_dir = tmp_path / name / "site"
        snapshots.append(
            (
                (site_dir / "policies/example/1/en/index.html").read_bytes(),
                (site_dir / "api/v1/policies/example/1/en.json").read_bytes(),
            )
        )
    assert snapshots[0] == snapshots[1]


def test_publisher_plans_pages_before_rendering_them() -> None:
    """The plugin lists every page (for MkDocs' files) before any is rendered."""
    publisher = Publisher(editions(V1, V2, V3), SiteOptions(today=DAY))
    assert sorted(p.path for p in publisher.pages) == sorted(
        [
            "policies/index.md",
            "policies/example/en.md",
            "policies/example/en/history.md",
            "policies/example/1/en.md",
            "policies/example/2/en.md",
            "policies/example/2/en/changes.md",
            "policies/example/3/en.md",
            "policies/example/3/en/changes.md",
        ]
    )
    assert [p.path for p in publisher.pages if p.listed] == ["policies/index.md"]


# ---------------------------------------------------------------- languages of one version

V1_ZH = replace_line(
    replace_line(V1, "language: en", "language: zh-CN"),
    "title: Example Privacy Policy",
    "title: 示例隐私政策\ntranslation:\n  from: en\n  by: 测试\n  date: 2024-01-11",
)


def test_a_translation_links_to_the_same_version_in_each_language_and_names_the_text_that_prevails() -> None:
    built = pages(site(V1, V2, V1_ZH))  # the Chinese translation lags: it has only version 1
    zh_own = built["policies/example/zh-CN.md"]
    assert "本文为译本。与英语文本不一致时，以英语文本为准。" in zh_own
    # Version 1 in English is no longer the one in force: its permanent page is the match.
    assert "[阅读英语文本](1/en.md)" in zh_own
    assert '**其他语言**：[English](1/en.md){: hreflang="en" lang="en" }' in zh_own
    en_v1 = built["policies/example/1/en.md"]
    assert '**Also in**: [中文（中国）](zh-CN.md){: hreflang="zh-CN" lang="zh-CN" }' in en_v1
    assert "This is a translation" not in en_v1  # English is the controlling language
    assert "Also in" not in built["policies/example/en.md"]  # version 2 exists only in English


def test_the_sitemap_lists_each_pages_translations_with_x_default_the_controlling_text() -> None:
    publisher = Publisher(editions(V1, V1_ZH), SiteOptions(today=DAY))
    sitemap = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        "<url><loc>https://p.example/policies/example/zh-CN/</loc></url>\n"
        "<url><loc>https://p.example/policies/example/en/history/</loc></url>\n</urlset>\n"
    )
    pages = [(page.path, page.alternates) for page in publisher.pages]
    out = with_alternates(sitemap, pages, publisher.paths, "https://p.example")
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in out
    zh = out.split("<url>")[1]
    assert '<xhtml:link rel="alternate" hreflang="en" href="https://p.example/policies/example/en/"/>' in zh
    assert (
        '<xhtml:link rel="alternate" hreflang="zh-CN" href="https://p.example/policies/example/zh-CN/"/>'
        in zh
    )
    assert 'hreflang="x-default" href="https://p.example/policies/example/en/"' in zh
    history = out.split("<url>")[2]
    assert 'hreflang="zh-CN" href="https://p.example/policies/example/zh-CN/history/"' in history
    assert with_alternates(sitemap, pages, publisher.paths, None) == sitemap  # no site_url: no URLs


def test_a_site_in_several_languages_has_an_index_per_language_in_that_language() -> None:
    built = pages(site(V1, V1_ZH))
    assert "[中文（中国）](index.zh-CN.md)" in built["policies/index.md"]
    chinese = built["policies/index.zh-CN.md"]
    assert chinese.startswith("# 隐私政策 {#policies}")
    assert "[示例隐私政策](example/zh-CN.md)" in chinese and "Example Privacy Policy" not in chinese
    assert "[所有语言](index.md)" in chinese
    assert "policies/index.en.md" in built
    assert "policies/index.zh-CN.md" not in pages(site(V1))  # one language: one index


def test_a_built_translation_has_its_switcher_lang_and_alternates(tmp_path: Path) -> None:
    source = write_site(
        tmp_path / "src",
        {"example/1/en.yaml": V1, "example/1/zh-CN.yaml": V1_ZH},
        plugin={"build_date": "2024-06-01"},
        config={"site_url": "https://policies.example.org/"},
    )
    run = build(source, tmp_path / "site")
    assert run.returncode == 0, run.stderr
    html = (tmp_path / "site" / "policies" / "example" / "zh-CN" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN"' in html
    assert re.search(r'<a [^>]*href="\.\./en/"[^>]*hreflang="en"[^>]*lang="en"[^>]*>English</a>', html)
    # No <link rel="alternate"> in the head: mkdocs-material would fetch a sitemap.xml beside each.
    assert '<link rel="alternate"' not in html
    sitemap = (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert 'hreflang="x-default" href="https://policies.example.org/policies/example/en/"' in sitemap
    # mkdocs-material's own words follow the page's language, for that page only.
    assert 'placeholder="搜索"' in html and "目录" in html
    english = (tmp_path / "site" / "policies" / "example" / "en" / "index.html").read_text(encoding="utf-8")
    assert 'placeholder="Search"' in english and "目录" not in english
    index = (tmp_path / "site" / "policies" / "index.zh-CN" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN"' in index and "示例隐私政策" in index


def test_a_material_change_recorded_as_not_material_fails_a_strict_build(tmp_path: Path) -> None:
    understated = next_version(V1, "2", effective="2024-03-01", material=False, kinds="[editorial, purposes]")
    understated = understated.replace(
        "purposes:\n  - id: support\n",
        NEW_PURPOSE,
    )
    policies = {"example/1/en.yaml": V1, "example/2/en.yaml": understated}
    source = write_site(tmp_path / "src", policies, plugin={"build_date": "2024-06-01"})
    old_site = tmp_path / "site"
    old_site.mkdir()
    (old_site / "keep.html").write_text("the last good site", encoding="utf-8")
    run = build(source, old_site)
    assert run.returncode != 0
    assert re.search(
        r"policies/example/2/en\.yaml:\d+:\d+: PP325 warning: the change is recorded as not material",
        run.stderr,
    )
    assert [p.name for p in old_site.iterdir()] == ["keep.html"]  # nothing was written
    lenient = build(source, tmp_path / "lenient", strict=False)
    assert lenient.returncode == 0, lenient.stderr
    assert "PP325" in lenient.stderr


def test_the_page_of_what_changed_shows_the_semantic_diff_then_the_redline() -> None:
    reworded = V2.replace("with any question.", "with every question.")
    changes = pages(site(V1, reworded))["policies/example/2/en/changes.md"]
    structured, text = changes.index("{#structured}"), changes.index("{#text}")
    assert structured < changes.index("### Purposes {#diff-purposes}") < text
    assert "| Sending offers (*Added*) | Wording |  | <ins>Sending offers</ins> |" in changes
    assert (
        "<del>any</del><ins>every</ins>" in changes[text:]
        or "<del>any</del> <ins>every</ins>" in changes[text:]
    )
