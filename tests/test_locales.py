"""Page words as message catalogs: complete catalogs, English fallback, plural rules, site catalogs."""

from __future__ import annotations

import ast
import doctest
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from policypress.i18n import catalogs, cldr
from policypress.i18n.check import check_catalog
from policypress.i18n.labels import (
    country_label,
    duration_label,
    enum_label,
    label_groups,
    language_label,
    notice_labels,
)
from policypress.i18n.segment import is_traditional, teach_jieba, traditional_words
from policypress.render.labels import labels_for
from policypress.render.markdown import render_policy
from policypress.yamlload import load_file

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_CATALOGS = sorted(catalogs.PACKAGE_LOCALES.glob("*.po"))
FIXTURES = ROOT / "tests" / "fixtures" / "site" / "policies"


@pytest.fixture
def site_locales(tmp_path: Path) -> Iterator[Path]:
    """A folder of a site's own catalogs, used for the test and forgotten after it."""
    folder = tmp_path / "locales"
    folder.mkdir()
    catalogs.use_site_locales(folder)
    try:
        yield folder
    finally:
        catalogs.use_site_locales(None)


def write_catalog(path: Path, locale: str, entries: dict[str, str | tuple[str, ...]]) -> None:
    """A catalog translating the template's messages named in `entries` (by key)."""
    catalog = Catalog(locale=locale)
    template = catalogs.template()
    for key, string in entries.items():
        catalog.add(template[key].english, string, context=key)
    with path.open("wb") as file:
        write_po(file, catalog)


_ACCENTED = str.maketrans("aceinorsuyACEINORSUY", "áçéîñöŕšûýÁÇÉÎÑÖŔŠÛÝ")


def pseudo(english: str) -> str:
    """English made visibly foreign, its {placeholders} kept: "Version" → "⟦Véŕšîöñ⟧"."""
    pieces = re.split(r"(\{\w+\})", english)
    return "⟦" + "".join(p if p.startswith("{") else p.translate(_ACCENTED) for p in pieces) + "⟧"


def pseudo_catalog(path: Path) -> None:
    """Every message of the template in a pseudo-locale, as a translator's catalog would have it."""
    catalog = Catalog(locale="en")
    for key, entry in catalogs.template().items():
        if key == "address_order":  # a setting, not words
            catalog.add(entry.english, str(entry.english), context=key)
        elif isinstance(entry.english, tuple):
            catalog.add(entry.english, tuple(pseudo(e) for e in entry.english), context=key)
        else:
            catalog.add(entry.english, pseudo(entry.english), context=key)
    with path.open("wb") as file:
        write_po(file, catalog)


# ---------------------------------------------------------------- the package's catalogs


@pytest.mark.parametrize("path", PACKAGE_CATALOGS, ids=lambda p: p.name)
def test_every_package_catalog_translates_every_message(path: Path) -> None:
    assert [finding.format() for finding in check_catalog(path)] == []


def test_the_template_holds_every_message_once_with_its_key() -> None:
    with (catalogs.PACKAGE_LOCALES / catalogs.TEMPLATE).open("rb") as file:
        template = read_po(file)
    contexts = [message.context for message in template if message.id]
    assert None not in contexts and len(contexts) == len(set(contexts)) == len(catalogs.template())
    assert all(not message.string or message.string == ("", "") for message in template if message.id)


def test_the_wheel_carries_the_catalogs_and_reads_them(tmp_path: Path) -> None:
    from hatchling.builders.wheel import WheelBuilder

    wheel = Path(next(WheelBuilder(str(ROOT)).build(directory=str(tmp_path / "dist"), versions=["standard"])))
    shipped = {catalogs.PACKAGE_LOCALES / p.name for p in catalogs.PACKAGE_LOCALES.iterdir()}
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert {f"policypress/locales/{p.name}" for p in shipped} <= names
        archive.extractall(tmp_path / "installed")
    code = (
        "import policypress; from policypress.render.labels import labels_for; "
        "print(policypress.__file__); print(labels_for('zh-CN').kp_who)"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": str(tmp_path / "installed"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    where, words = run.stdout.splitlines()
    assert where.startswith(str(tmp_path / "installed")) and words == "谁负责"


# ---------------------------------------------------------------- what the check finds


def test_the_check_lists_what_a_catalog_lacks_with_the_english_shown_instead(tmp_path: Path) -> None:
    path = tmp_path / "fr.po"
    write_catalog(
        path,
        "fr",
        {
            "kp_who": "Qui est responsable",
            "kp_data": "",  # untranslated
            "archived_on": "archivé",  # {date} left out
            "n_categories": ("{n} catégorie", ""),  # French has two forms
        },
    )
    text = path.read_text(encoding="utf-8").replace(
        'msgctxt "kp_who"', '#, fuzzy\nmsgctxt "kp_who"'
    )  # a translator's tool marks a message fuzzy when its English changed
    path.write_text(text + '\nmsgctxt "gone"\nmsgid "Old words"\nmsgstr "Vieux mots"\n', encoding="utf-8")
    found = {f.key: f.problem for f in check_catalog(path)}
    assert found.pop("kp_who") == "fuzzy, so shown in English: 'Who is responsible'"
    assert found.pop("kp_data") == "untranslated (shown in English: 'What data')"
    assert found.pop("archived_on") == "placeholders differ from the English text's ({date})"
    assert found.pop("n_categories") == "untranslated (shown in English: '{n} categories')"
    assert found.pop("gone") == "not a message of PolicyPress"
    assert found.pop("kp_rights") == "missing (shown in English: 'Your rights')"
    assert len(found) == len(catalogs.template()) - 5 and all(p.startswith("missing") for p in found.values())


def test_a_message_a_catalog_lacks_is_shown_in_english(site_locales: Path) -> None:
    write_catalog(site_locales / "fr.po", "fr", {"kp_who": "Qui est responsable", "kp_data": ""})
    t = labels_for("fr-CA")
    shown = (t.kp_who, t.kp_data, t.enum["right"]["erasure"])
    assert shown == ("Qui est responsable", "What data", "deletion")


def test_a_translation_with_a_placeholder_of_its_own_is_refused_with_its_place(site_locales: Path) -> None:
    write_catalog(site_locales / "fr.po", "fr", {"archived_on": "archivé le {jour}"})
    refused = r"fr\.po:\d+: the translation of 'archived_on' uses \{jour\}"
    with pytest.raises(catalogs.CatalogError, match=refused):
        labels_for("fr")


def test_a_broken_catalog_is_refused_with_its_place(site_locales: Path) -> None:
    broken = 'msgctxt "kp_who"\nmsgid "Who is responsible"\nmsgsrt "Qui"\n'
    (site_locales / "fr.po").write_text(broken, encoding="utf-8")
    with pytest.raises(catalogs.CatalogError, match=r"fr\.po:3: Unknown or misformatted keyword$"):
        labels_for("fr")


# ---------------------------------------------------------------- plurals


def test_counts_take_the_form_the_language_plural_rule_picks(site_locales: Path) -> None:
    """Polish has three forms (1 kategoria, 2 kategorie, 5 kategorii): no `n == 1` can pick them."""
    write_catalog(
        site_locales / "pl.po", "pl", {"n_categories": ("{n} kategoria", "{n} kategorie", "{n} kategorii")}
    )
    forms = labels_for("pl").n_categories
    assert [forms(n).format(n=n) for n in (1, 2, 5, 22, 25)] == [
        "1 kategoria",
        "2 kategorie",
        "5 kategorii",
        "22 kategorie",
        "25 kategorii",
    ]
    english, chinese = labels_for("en").n_categories, labels_for("zh-CN").n_categories
    assert [english(n) for n in (0, 1, 2)] == ["{n} categories", "{n} category", "{n} categories"]
    assert {chinese(n) for n in (0, 1, 2)} == {"{n}类"}


# ---------------------------------------------------------------- a language added by a catalog


def test_a_pseudo_locale_catalog_gives_a_page_in_it(site_locales: Path) -> None:
    pseudo_catalog(site_locales / "en-XA.po")
    data = load_file(FIXTURES / "zte" / "1" / "en.yaml").data
    page = render_policy({**data, "language": "en-XA"})
    assert "⟦Kéý pöîñtš⟧" in page and "⟦Whö îš ŕéšpöñšîblé⟧" in page
    assert "Key points" not in page and "Who is responsible" not in page
    assert labels_for("en").key_points == "Key points"  # other languages keep their words


@pytest.mark.parametrize("path", PACKAGE_CATALOGS, ids=lambda p: p.name)
def test_every_package_catalog_is_up_to_date_with_the_template(path: Path) -> None:
    """`pybabel update` (CONTRIBUTING.md) would change nothing: every catalog was merged with the template."""
    run = subprocess.run(
        [
            str(Path(sys.executable).with_name("pybabel")),
            "update",
            "--check",
            "-i",
            str(catalogs.PACKAGE_LOCALES / catalogs.TEMPLATE),
            "-o",
            str(path),
            "-l",
            path.stem.replace("-", "_"),
        ],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr


# ---------------------------------------------------------------- CLDR: names, dates, durations


def _iso_codes() -> list[str]:
    return sorted(code for code in Locale("en").territories if len(code) == 2 and code.isalpha())


@pytest.mark.parametrize("language", ["en", "zh-CN", "zh-TW"])
def test_every_iso_3166_code_has_a_name_in_the_page_language(language: str) -> None:
    codes = _iso_codes()
    assert len(codes) > 250 and {"CN", "HK", "MO", "TW", "IE", "KR", "EU", "XK"} <= set(codes)
    names = {code: cldr.country_name(code, language) for code in codes}
    assert all(names.values()) and len(set(names.values())) > 250


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", ("September 5, 2023", "Hong Kong SAR China", "Ireland", "English", "15 days", "1 day")),
        (
            "en-GB",
            ("5 September 2023", "Hong Kong SAR China", "Ireland", "British English", "15 days", "1 day"),
        ),
        ("zh-CN", ("2023年9月5日", "中国香港特别行政区", "爱尔兰", "英语", "15天", "1天")),
        ("zh-TW", ("2023年9月5日", "中國香港特別行政區", "愛爾蘭", "英文", "15 天", "1 天")),
        (
            "de",
            (
                "5. September 2023",
                "Sonderverwaltungsregion Hongkong",
                "Irland",
                "Englisch",
                "15 Tage",
                "1 Tag",
            ),
        ),
    ],
)
def test_names_dates_and_durations_are_cldr_in_the_page_language(
    language: str, shown: tuple[str, ...]
) -> None:
    found = (
        cldr.date("2023-09-05", language),
        cldr.country_name("HK", language),
        cldr.country_name("IE", language),
        cldr.language_name("en-GB" if language == "en-GB" else "en", language),
        cldr.duration(15, "day", language),
        cldr.duration(1, "day", language),
    )
    assert found == shown


def test_a_tag_cldr_has_no_data_for_uses_its_language() -> None:
    assert cldr.locale("en-XA") == Locale("en") and cldr.locale("zh-TW") == Locale.parse("zh_Hant_TW")
    assert cldr.date("2023-09-05", "en-XA") == "September 5, 2023"
    assert cldr.date("not a date", "en") is None and cldr.country_name("C1", "en") is None


def test_language_pickers_name_each_language_in_itself() -> None:
    assert cldr.locale_name("zh-CN", "zh-CN") == "中文（中国）"
    assert cldr.locale_name("en-GB", "en-GB") == "English (United Kingdom)"
    assert cldr.locale_name("zh-Hant", "zh-Hant") == "繁體中文"


# Modules whose words are only ever English: validation diagnostics, which PolicyPress writes in
# English for every site (like every PPnnn message); they may choose "1 space" / "2 spaces".
ENGLISH_ONLY = frozenset({"yamlstrict.py"})


def test_no_table_of_names_dates_or_plural_rules_is_kept_in_python() -> None:
    """Words, names and plural rules come from catalogs and CLDR: the package's Python holds no
    Chinese words, no dict of names keyed by country or language codes and no `n == 1` choice.
    The importer may hold Chinese words: it recognises them in an author's source document
    (第一条, 生效日期, 电话), and what it writes is a draft, never a page."""
    package = ROOT / "plugins" / "policypress"
    importer = sorted((package / "importer").rglob("*.py"))
    problems = _code_problems(sorted(set(package.rglob("*.py")) - set(importer)))
    assert [
        problem
        for problem in problems
        if not (problem.split(":", 1)[0] in ENGLISH_ONLY and "a plural form chosen in code" in problem)
    ] == []
    importer_problems = _code_problems(importer)
    assert [problem for problem in importer_problems if "Chinese words in code" not in problem] == []


def test_the_scan_for_tables_in_code_finds_them(tmp_path: Path) -> None:
    module = tmp_path / "words.py"
    module.write_text(
        '''"""Docstrings may say 中文."""
COUNTRY = {"CN": "China", "US": "United States", "GB": "United Kingdom"}
ALIASES = {"UK": "GB", "SU": "RU", "YU": "RS"}
RANGE = "\\u4e00-\\u9fff"


def label(n):
    """A docstring: 一项."""
    return ("{n} item" if n == 1 else "{n} items", "中文")
''',
        encoding="utf-8",
    )
    found = sorted(problem.split(": ", 1)[1] for problem in _code_problems([module]))
    assert found == [
        'Chinese words in code: "中文"',
        "a plural form chosen in code: n == 1",
        "a table of names keyed by country or language codes",
    ]


def _code_problems(files: list[Path]) -> list[str]:
    han = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
    codes = re.compile(r"[A-Z]{2}|[a-z]{2}")
    problems = []
    for path in files:
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        for node in ast.walk(tree):
            where = f"{path.name}:{getattr(node, 'lineno', 0)}"
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
                and han.search(node.value)  # as written, not as \\u escapes (a range of scripts)
                and han.search(literal := ast.get_source_segment(source, node) or "")
            ):
                problems.append(f"{where}: Chinese words in code: {literal}")
            if isinstance(node, ast.Dict) and len(node.keys) >= 3:
                pairs = [
                    (k.value, v.value)
                    for k, v in zip(node.keys, node.values, strict=True)
                    if isinstance(k, ast.Constant) and isinstance(v, ast.Constant)
                ]
                if len(pairs) == len(node.keys) and all(
                    isinstance(k, str) and codes.fullmatch(k) and not codes.fullmatch(str(v))
                    for k, v in pairs
                ):
                    problems.append(f"{where}: a table of names keyed by country or language codes")
            if (
                isinstance(node, ast.Compare)
                and ast.unparse(node.left) in {"n", "value", "count"}
                and any(
                    isinstance(op, (ast.Eq, ast.NotEq)) and isinstance(c, ast.Constant) and c.value == 1
                    for op, c in zip(node.ops, node.comparators, strict=True)
                )
            ):
                problems.append(f"{where}: a plural form chosen in code: {ast.unparse(node)}")
    return problems


# ---------------------------------------------------------------- labels for apps


def test_apps_get_the_labels_of_enum_values_countries_and_durations() -> None:
    assert (
        enum_label("right", "erasure", "zh-CN") == "删除"
        and enum_label("right", "erasure", "en") == "deletion"
    )
    assert enum_label("right", "no-such-right", "en") is None
    assert country_label("HK", "zh-CN") == "中国香港特别行政区" and language_label("en", "zh-CN") == "英语"
    assert duration_label({"value": 15, "unit": "working-day"}, "zh-CN") == "15个工作日"
    assert duration_label({"value": 1, "unit": "day"}, "en") == "1 day"
    assert duration_label({"value": 6, "unit": "month"}, "en", minimum=True) == "at least 6 months"
    assert duration_label({"value": 6, "unit": "lunar-month"}, "en") is None
    assert set(label_groups()) >= {"right", "legal_basis", "safeguard", "cookie_kind", "change_kind"}


def test_the_app_developers_page_on_labels_shows_what_the_functions_return(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every example of docs/apps/labels.md runs and prints what the page says (its policy is the
    fixture site's copy of Example Telecom)."""
    monkeypatch.chdir(FIXTURES.parent)
    result = doctest.testfile(str(ROOT / "docs" / "apps" / "labels.md"), module_relative=False, verbose=False)
    assert result.attempted >= 15 and result.failed == 0


def test_notice_labels_hold_every_label_an_edition_uses() -> None:
    data = load_file(FIXTURES / "cmcc-guangdong" / "1" / "zh-CN.yaml").data
    labels = notice_labels(data)
    assert labels["language"] == "zh-CN" and labels["countries"] == {"CN": "中国"}
    assert (
        labels["enums"]["right"]["erasure"] == "删除"
        and labels["durations"]["15 working-day"] == "15个工作日"
    )
    assert labels["parts"]["rights"] == "您的权利"
    kinds = {kind for item in data["rights"]["items"] for kind in item["kinds"]}
    assert set(labels["enums"]["right"]) == kinds
    english = notice_labels(data, "en")
    assert english["enums"]["right"]["erasure"] == "deletion" and english["countries"] == {"CN": "China"}
    assert notice_labels(data) == labels  # deterministic


def test_traditional_chinese_pages_get_the_traditional_catalog_not_the_simplified_one() -> None:
    data = load_file(FIXTURES / "cmcc-guangdong" / "1" / "zh-CN.yaml").data
    for tag in ("zh-TW", "zh-HK", "zh-Hant"):
        page = render_policy({**data, "language": tag})
        assert "## 要點 {#key-points}" in page and "**生效日期**：2023年9月5日" in page
        assert "## 要点 {#key-points}" not in page and "**个人信息处理者**" not in page
    assert "## 要点 {#key-points}" in render_policy(data)


# ---------------------------------------------------------------- search in Traditional Chinese


def test_traditional_words_are_found_through_their_simplified_form() -> None:
    import jieba

    text = "示例電信如何處理您的個人資料。個人資料處理者：隱私團隊"
    words = traditional_words(text)
    assert {"個人資料", "電信", "處理", "隱私", "團隊"} <= words
    assert not words & {"示例", "如何", "您的"}  # the same in both scripts: jieba knows them already
    teach_jieba(words)
    assert "個人資料" in list(jieba.cut("您的個人資料"))
    assert is_traditional("zh-TW") and is_traditional("zh-HK") and is_traditional("zh-Hant")
    assert not is_traditional("zh-CN") and not is_traditional("zh") and not is_traditional("en")
