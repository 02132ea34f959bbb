"""What the plugin adds to mkdocs-material: patches to the theme's templates that apply to the
installed theme (and say so when they no longer do), fingerprinted assets, and a search index
written without escapes."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import jinja2
import pytest

from policypress.hosting import FINGERPRINTED_ASSET
from policypress.plugin import theme


def _theme_source(name: str) -> str:
    return (theme.material_dir() / "templates" / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("search", [True, False])
def test_every_patch_applies_to_the_installed_theme(search: bool) -> None:
    for name, patches in theme.theme_patches(search=search).items():
        source = _theme_source(name)
        for patch in patches:
            patched = patch.apply(source)
            assert patched is not None, f"{name}: {patch.pattern.pattern}"
            assert patched != source
            jinja2.Environment().parse(patched)  # still a valid template


def test_the_patched_templates_say_what_they_fix() -> None:
    patches = theme.theme_patches(search=True)
    nav = _theme_source("partials/nav-item.html")
    for patch in patches["partials/nav-item.html"]:
        nav = patch.apply(nav) or ""
    assert 'tabindex="{{ tabindex }}"' in nav and '{% if tabindex %} tabindex="' in nav
    assert ' tabindex="{{ tabindex }}"' not in nav.replace('{% if tabindex %} tabindex="{{ tabindex }}"', "")
    toc = _theme_source("partials/toc.html")
    for patch in patches["partials/toc.html"]:
        toc = patch.apply(toc) or ""
    assert '{% if page in nav.pages %}<label class="md-nav__title" for="__toc">' in toc
    assert '{% else %}<div class="md-nav__title">' in toc
    base = _theme_source("base.html")
    for patch in patches["base.html"]:
        base = patch.apply(base) or ""
    assert 'type="checkbox" id="__drawer" autocomplete' not in base
    assert theme.search_script().path in base
    search = _theme_source("partials/search.html")
    for patch in patches["partials/search.html"]:
        search = patch.apply(search) or ""
    assert 'role="dialog" aria-label="{{ lang.t(\'search\') }}"' in search


def test_without_search_the_script_is_not_added() -> None:
    base = _theme_source("base.html")
    for patch in theme.theme_patches(search=False)["base.html"]:
        base = patch.apply(base) or ""
    assert "search-on-demand" not in base


def test_a_patch_that_no_longer_matches_is_reported_and_the_template_left_alone(
    caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    ours = tmp_path / "theme"
    ours.mkdir()
    (ours / "partials").mkdir()
    (ours / "partials" / "toc.html").write_text("<nav>changed upstream</nav>", encoding="utf-8")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ours)))
    loader = theme.PatchedLoader(env.loader, theme.theme_patches(search=False), ours)  # type: ignore[arg-type]
    env.loader = loader
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.policypress"):
        assert env.get_template("partials/toc.html").render() == "<nav>changed upstream</nav>"
        env.cache = None  # type: ignore[assignment]
        env.get_template("partials/toc.html")
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1  # once per template, not once per page
    assert "partials/toc.html is not as expected" in warnings[0].getMessage()


def test_a_sites_own_override_is_left_alone_quietly(caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
    overrides = tmp_path / "overrides" / "partials"
    overrides.mkdir(parents=True)
    (overrides / "toc.html").write_text("<nav>the site's own</nav>", encoding="utf-8")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path / "overrides")))
    env.loader = theme.PatchedLoader(env.loader, theme.theme_patches(search=False), theme.material_dir())  # type: ignore[arg-type]
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.policypress"):
        assert env.get_template("partials/toc.html").render() == "<nav>the site's own</nav>"
    assert [r.levelno for r in caplog.records] == [logging.INFO]


@pytest.mark.parametrize("asset", [theme.stylesheet(), theme.search_script()], ids=["css", "js"])
def test_assets_are_named_by_their_content_so_hosts_keep_them(asset: theme.Asset) -> None:
    assert re.match(FINGERPRINTED_ASSET, "/" + asset.path), asset.path
    assert asset.path.startswith("assets/policypress/")
    assert asset.content


def test_the_search_index_is_written_without_escapes(tmp_path: Path) -> None:
    entry = {"location": "a/", "title": "隐私政策", "text": "中国 <b>"}
    index = {"config": {"lang": ["en", "zh"]}, "docs": [entry]}
    path = tmp_path / theme.SEARCH_INDEX
    path.parent.mkdir()
    path.write_text(json.dumps(index), encoding="utf-8")  # the theme's way: ASCII with \\u escapes
    before, after = theme.compact_search_index(tmp_path) or (0, 0)
    assert after < before
    written = path.read_bytes()
    assert "隐私政策".encode() in written and b"\\u" not in written
    assert json.loads(written) == index
    assert theme.compact_search_index(tmp_path / "no-site") is None


def test_a_running_head_cannot_leave_its_css_string() -> None:
    """A policy's title is untrusted: in the print stylesheet it stays one CSS string."""
    hostile = 'Policy"}} body{display:none} @page{@top-left{content:"x\\\n\u2028</style>'
    css = theme.running_head(hostile).content.decode()
    string = re.fullmatch(r'@page\{@top-left\{content:"(.*)"\}\}\n', css)
    assert string is not None and '"' not in string.group(1).replace("\\22 ", "")
    assert "\n" not in string.group(1) and "<" not in string.group(1) and "\\\\" not in string.group(1)
    assert re.fullmatch(FINGERPRINTED_ASSET, "/" + theme.running_head(hostile).path)


def test_a_version_page_links_its_print_head() -> None:
    html = theme.with_stylesheet(
        "<html><head><title>x</title></head><body></body></html>", "../h.css", "print"
    )
    assert html.index('<link rel="stylesheet" href="../h.css" media="print">') < html.index("</head>")


def test_the_running_head_names_the_policy_version_and_date_in_the_page_language() -> None:
    from policypress.render.labels import labels_for
    from policypress.render.records import running_head

    data = {
        "title": "隐私协议",
        "version": "1",
        "effective": "2023-09-05",
        "controller": {"name": "中国移动广东公司"},
    }
    assert (
        running_head(data, labels_for("zh-CN"))
        == "中国移动广东公司 — 隐私协议 · 版本：1 · 生效日期：2023年9月5日"
    )
    english = {
        **data,
        "title": "Example Privacy Policy",
        "controller": {"name": "Example"},
        "effective": None,
    }
    assert (
        running_head(english, labels_for("en"))
        == "Example Privacy Policy · Version: 1 · Effective date: not stated"
    )


def _markdown_html(text: str) -> str:
    import markdown

    return markdown.markdown(
        text, extensions=["tables", "toc", "attr_list"], extension_configs={"toc": {"permalink": True}}
    )


FOUR_COLUMNS = (
    "| Field | Type | Required | Description |\n|---|---|---|---|\n"
    '| `a` | text | yes | What "a" is |\n| `b` |  | no | |\n'
)


def test_every_table_is_framed_as_a_named_region_that_takes_keyboard_focus() -> None:
    """The theme's script wraps a table in a frame that scrolls it but cannot be focused; the
    plugin writes that frame into the page itself, focusable and named by the heading above."""
    html = theme.frame_tables(
        _markdown_html("# Page\n\n## Who & why {#who}\n\n| A | B |\n|---|---|\n| 1 | 2 |\n"), "T"
    )
    frame = re.search(
        r'<div class="md-typeset__scrollwrap"([^>]*)><div class="md-typeset__table"><table>', html
    )
    assert frame is not None, html
    assert (
        frame.group(1) == ' role="region" tabindex="0" aria-label="Who &amp; why"'
    )  # no "¶" of the headerlink
    assert html.count("<table>") == 1 and html.endswith("</table></div></div>")


def test_a_table_is_named_by_its_caption_else_its_heading_else_the_page_title() -> None:
    table = "<table>\n<caption>Cookies <em>we</em> set</caption>\n<tr><td>1</td></tr>\n</table>"
    assert 'aria-label="Cookies we set"' in theme.frame_tables("<h2>Above</h2>" + table, "T")
    assert 'aria-label="Above"' in theme.frame_tables("<h2>Above</h2><table><tr><td>1</td></tr></table>", "T")
    first = theme.frame_tables("<table><tr><td>1</td></tr></table><h2>Below</h2>", "Title &amp; more")
    assert 'aria-label="Title &amp; more"' in first
    nameless = theme.frame_tables("<table><tr><td>1</td></tr></table>", "")
    assert "role=" not in nameless and "tabindex" not in nameless  # a region needs a name


def test_a_table_the_page_wrote_with_attributes_is_left_to_the_theme() -> None:
    html = '<table class="own"><tr><td>1</td></tr></table>'
    assert theme.frame_tables(html, "T") == html


def test_a_table_of_four_columns_reads_as_cards_each_cell_under_its_columns_name() -> None:
    html = theme.frame_tables(_markdown_html(FOUR_COLUMNS), "T")
    assert '<div class="md-typeset__scrollwrap pp-cards"' in html
    cells = re.findall(r"<td([^>]*)>", html)
    assert (
        cells
        == [
            ' data-label="Field"',
            ' data-label="Type"',
            ' data-label="Required"',
            ' data-label="Description"',
        ]
        * 2
    )
    narrow = theme.frame_tables(_markdown_html("| A | B | C |\n|---|---|---|\n| 1 | 2 | 3 |\n"), "T")
    assert "pp-cards" not in narrow and '<td data-label="C">3</td>' in narrow


def test_a_column_name_is_text_in_its_attribute() -> None:
    hostile = '| <b>x</b>" onmouseover="y | B | C | D |\n|---|---|---|---|\n| 1 | 2 | 3 | 4 |\n'
    html = theme.frame_tables(_markdown_html(hostile), "T")
    label = re.search(r"<td( data-label=[^>]*)>1</td>", html)
    assert label is not None and label.group(1) == ' data-label="x&#34; onmouseover=&#34;y"'


def test_two_tables_under_one_heading_are_regions_of_their_own_names() -> None:
    table = "<table><tr><td>1</td></tr></table>"
    html = theme.frame_tables(f"<h2>Data</h2>{table}<p>and</p>{table}<h2>More</h2>{table}", "T")
    assert re.findall(r'aria-label="([^"]*)"', html) == ["Data", "Data (2)", "More"]
