"""Safe names and paths: what the schema's patterns guarantee, what names.py adds, and that no
generated path can leave the site folder (issue 6, part 2)."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policypress import semantics
from policypress.diagnostics import Code
from policypress.names import (
    RESERVED_POLICY_IDS,
    SITE_NAMES,
    WINDOWS_DEVICES,
    SiteFolder,
    UnsafePathError,
    check,
    fold,
    id_key,
    inside,
    site_path,
    version_number,
)
from policypress.schemas import load_schema
from policypress.sitepaths import SitePaths
from policypress.validate import validate_document, validate_paths
from policypress.yamlload import load_text

from .sites import POLICY_EN, build, logged, write_site

ROOT = Path(__file__).resolve().parents[1]
VALID = (ROOT / "tests" / "invalid" / "_valid.yaml.txt").read_text(encoding="utf-8")
SCHEMA = load_schema()
ID = SCHEMA["$defs"]["id"]["pattern"]
VERSION = SCHEMA["properties"]["version"]["pattern"]
LANGUAGE = SCHEMA["$defs"]["language"]["pattern"]


def codes(data: dict[str, object]) -> list[str]:
    return [finding.code.value for finding in check(data)]


# ---------------------------------------------------------------- what the schema already guarantees


@pytest.mark.parametrize(
    ("pattern", "bad"),
    [
        (ID, ["..", ".", "a/b", "a\\b", ".hidden", "/abs", "a.b", "A", "é", "a b", "a\n", "", "-a", "a--b"]),
        (VERSION, ["..", "1/2", "1..2", ".1", "1.", "v1", "1\n", "１", "1.2.3.4.5", ""]),
        (LANGUAGE, ["..", "en/..", "en_US", "e", ".en", "en.", "en-", "en\n", "ｅｎ", ""]),
    ],
)
def test_the_schema_patterns_refuse_traversal_absolute_and_hidden_names(pattern: str, bad: list[str]) -> None:
    # JSON Schema patterns are ECMA-262: `$` is the very end (schemas.py makes Python agree).
    ecma = re.compile(pattern.replace("$", r"\Z"), re.ASCII)
    assert [name for name in bad if ecma.search(name)] == []


# ---------------------------------------------------------------- PP340, PP341


@pytest.mark.parametrize("name", sorted(SITE_NAMES | {"con", "nul", "aux", "prn", "com1", "lpt9"}))
def test_reserved_policy_ids_are_refused(name: str) -> None:
    assert codes({"policy": name}) == [Code.RESERVED_NAME.value]
    assert codes({"policy": name.upper()}) == [Code.RESERVED_NAME.value]  # however it is written


@pytest.mark.parametrize("name", ["latest-policy", "indexes", "console", "com10", "feeds", "aux-telecom"])
def test_names_that_only_resemble_reserved_ones_are_fine(name: str) -> None:
    assert codes({"policy": name}) == []


@pytest.mark.parametrize("tag", ["con", "nul", "aux", "prn", "CON"])
def test_device_names_as_language_tags_are_refused(tag: str) -> None:
    assert codes({"language": tag}) == [Code.RESERVED_NAME.value]
    assert semantics.language_problem(tag.lower()) is None, "a real tag: only PP340 refuses it"


def test_a_reserved_name_is_reported_once_through_validation(tmp_path: Path) -> None:
    folder = tmp_path / "policies" / "latest" / "1"
    folder.mkdir(parents=True)
    (folder / "en.yaml").write_text(VALID.replace("policy: example", "policy: latest"), encoding="utf-8")
    result = validate_paths([tmp_path / "policies"], root=tmp_path / "policies")
    assert [(d.code, d.pointer) for d in result.diagnostics] == [(Code.RESERVED_NAME, "/policy")]


@pytest.mark.parametrize(
    ("version", "flagged"), [("01", True), ("1.02", True), ("0", False), ("10.0", False)]
)
def test_leading_zeros_in_versions_are_refused(version: str, flagged: bool) -> None:
    assert codes({"version": version}) == ([Code.VERSION_FORM.value] if flagged else [])


def test_the_checks_survive_data_the_schema_refused() -> None:
    assert codes({"policy": ["latest"], "version": 1, "language": None}) == []
    assert codes({}) == []


# ---------------------------------------------------------------- folding, PP342


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("example", "EXAMPLE"),
        ("example", "ｅｘａｍｐｌｅ"),  # fullwidth letters
        ("file", "ﬁle"),  # the fi ligature
        ("kelvin", "\u212aelvin"),  # KELVIN SIGN
        ("strasse", "STRAẞE"),  # capital sharp s casefolds to ss
        ("zh-cn", "zh-CN"),
        ("e\u0301", "\u00e9"),  # decomposed and composed é
    ],
)
def test_fold_joins_names_that_differ_only_by_case_or_normalization(a: str, b: str) -> None:
    assert a != b and fold(a) == fold(b)


def test_id_keys_join_ids_that_would_share_an_anchor() -> None:
    assert (
        id_key("Contact-Email")
        == id_key("contact-email")
        == id_key("contact_email")
        == id_key("contact--email")
    )
    assert id_key("contact-email") != id_key("contactemail")


def test_ids_of_one_file_that_differ_only_by_case_are_refused() -> None:
    data = {
        "purposes": [{"id": "ads"}, {"id": "ＡＤＳ"}, {"id": "ads-2"}],
        "sections": [{"id": "Intro"}, {"id": "intro"}],
    }
    found = [(f.code, f.path) for f in semantics.check(data) if f.code is Code.ID_CLASH]
    assert found == [(Code.ID_CLASH, ("purposes", 1, "id")), (Code.ID_CLASH, ("sections", 1, "id"))]


@pytest.mark.parametrize("version", ["1", "1.0", "01", "1.0.0", "001.00"])
def test_version_numbers_drop_leading_and_trailing_zeros(version: str) -> None:
    assert version_number(version) == "1"


def test_version_numbers_never_convert_huge_digit_strings() -> None:
    huge = "1" * 5000
    assert version_number(huge) == huge  # int() would refuse more than 4300 digits


def _doc(path: str, **fields: str) -> object:
    text = VALID
    for key, value in fields.items():
        line = next(line for line in text.splitlines() if line.startswith(f"{key}: "))
        text = text.replace(line, f"{key}: {json.dumps(value, ensure_ascii=False)}", 1)
    return load_text(text, path)


# ---------------------------------------------------------------- nothing is written outside the site


def site_urls(policy: str, version: str, language: str) -> list[str]:
    """Every path the site generates for one edition (the URL space of issue 6, lead's pages included)."""
    u, a = "policies", "api/v1"
    pages = [
        "index.md",
        f"{policy}/{language}.md",
        f"{policy}/{version}/{language}.md",
        f"{policy}/{version}/{language}/changes.md",
        f"{policy}/{language}/history.md",
        "feed.xml",
        f"{policy}/feed.xml",
        f"{policy}/{language}/feed.xml",
    ]
    html = [p.removesuffix(".md") + ("/index.html" if not p.endswith("index.md") else ".html") for p in pages]
    json_files = [
        "index.json",
        f"policies/{policy}/{version}/{language}.json",
        f"policies/{policy}/latest/{language}.json",
        "schema/catalog.schema.json",
        "schema/manifest.schema.json",
    ]
    return [f"{u}/{p}" for p in pages + html] + [f"{a}/{j}" for j in json_files]


@pytest.mark.parametrize(
    "path",
    [
        "../x",
        "a/../../x",
        "/etc/passwd",
        "C:/Windows/x",
        "a//b",
        "a/./b",
        ".hidden/x",
        "a/.git/config",
        "a\\..\\b",
        "con/x.html",
        "a/nul.json",
        "a/COM1.txt",
        "a/x.",
        "a/x ",
        "a/x\x00.json",
        "a/<x>.json",
        "a/" + "x" * 256,
        "",
    ],
)
def test_unsafe_generated_paths_are_refused(path: str) -> None:
    with pytest.raises(UnsafePathError):
        site_path(path)


# The names an author writes that become parts of the site's paths, with their schemas.
PATH_NAMES = {
    "policy": SCHEMA["$defs"]["id"],
    "version": SCHEMA["properties"]["version"],
    "language": SCHEMA["$defs"]["language"],
}


def schema_accepts(field: str, value: str) -> bool:
    """What the schema's checks of `field` accept: its pattern (ECMA-262 `$`) and its maxLength."""
    schema = PATH_NAMES[field]
    fits = len(value) <= schema.get("maxLength", len(value))
    return fits and re.search(schema["pattern"].replace("$", r"\Z"), value, re.ASCII) is not None


@dataclass(frozen=True)
class Edition:
    policy: str
    version: str
    language: str


def every_path(paths: SitePaths, policy: str, version: str, language: str) -> list[str]:
    """Every path the site's URL scheme gives an edition (pages as MkDocs writes them, compressed copies)."""
    edition = Edition(policy, version, language)
    sources = [
        paths.page(edition),
        paths.version_page(edition),
        paths.changes_page(edition),
        paths.history(policy, language),
        paths.language_index(language),
    ]
    files = [
        paths.feed(policy, language),
        paths.manifest(edition),
        paths.latest_manifest(policy, language),
        paths.notice(edition),
        paths.versions(policy),
    ]
    pages = [paths.url(source) + ("index.html" if paths.directory_urls else "") for source in sources]
    return [*sources, *pages, *files, *(f"{file}{suffix}" for file in files for suffix in (".gz", ".br"))]


def longest(field: str) -> str:
    """The longest value of `field` the schema accepts, built of its pattern's widest parts."""
    limit = PATH_NAMES[field].get("maxLength")
    assert isinstance(limit, int), f"{field} becomes part of file names: its schema needs a maxLength"
    shapes = {"policy": ("a", "a"), "version": ("1", ".1"), "language": ("abc", "-abcdefgh")}
    first, more = shapes[field]
    value = first
    while len(value) + len(more) <= limit and (field != "version" or value.count(".") < 3):
        value += more
    value += "1" * (limit - len(value)) if field == "version" else ""
    assert schema_accepts(field, value), value
    return value


def test_every_name_in_a_path_has_a_maximum_length_a_file_system_can_hold() -> None:
    """The longest policy id, version and language tag the checks accept still make file names of
    at most 255 bytes (a longer one made publishing fail with UnsafePathError, not a located error)."""
    policy, version, language = longest("policy"), longest("version"), longest("language")
    for directory_urls in (True, False):
        for path in every_path(SitePaths(directory_urls=directory_urls), policy, version, language):
            assert site_path(path) == path
            assert max(len(part.encode()) for part in path.split("/")) <= 255


# A valid BCP 47 tag (private use) whose manifest name `<tag>.notice.json` is longer than 255 bytes.
LONG_TAG = "en-x-" + "-".join(["abcdefgh"] * 27)


@pytest.mark.parametrize(("field", "too_long"), [("language", LONG_TAG), ("policy", "a" * 300)])
def test_a_name_too_long_for_a_file_name_is_a_located_error(field: str, too_long: str) -> None:
    assert field != "language" or semantics.language_problem(too_long) is None, "only its length is wrong"
    doc = _doc("policies/example/1/en.yaml", **{field: too_long})
    found = [(d.code, d.pointer) for d in validate_document(doc) if d.pointer == f"/{field}"]
    assert found == [(Code.SCHEMA, f"/{field}")]


@settings(max_examples=300, deadline=None)
@given(
    st.from_regex(ID, fullmatch=True),
    st.from_regex(VERSION, fullmatch=True),
    st.from_regex(LANGUAGE, fullmatch=True),
)
def test_names_the_checks_accept_give_paths_inside_the_site(policy: str, version: str, language: str) -> None:
    names = {"policy": policy, "version": version, "language": language}
    if not all(schema_accepts(field, value) for field, value in names.items()) or codes(names):
        return
    for path in site_urls(policy, version, language) + every_path(SitePaths(), policy, version, language):
        assert site_path(path) == path
        assert ".." not in path.split("/") and not path.startswith("/")


def test_every_reserved_id_would_otherwise_be_a_problem() -> None:
    """Each reserved id is either a site name or a name site_path refuses: the list has no filler."""
    for name in RESERVED_POLICY_IDS - SITE_NAMES:
        with pytest.raises(UnsafePathError):
            site_path(f"policies/{name}/en.md")
    assert {"con", "nul", "aux", "prn"} <= WINDOWS_DEVICES


def test_a_symbolic_link_cannot_lead_a_write_outside(tmp_path: Path) -> None:
    site, outside = tmp_path / "site", tmp_path / "outside"
    site.mkdir()
    outside.mkdir()
    (site / "api").symlink_to(outside, target_is_directory=True)
    assert inside(site, "policies/x/en.json") == (site / "policies/x/en.json").resolve()
    with pytest.raises(UnsafePathError, match="outside"):
        inside(site, "api/v1/index.json")


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_a_site_folder_writes_nothing_through_a_link_out_of_it(tmp_path: Path) -> None:
    site, outside = tmp_path / "site", tmp_path / "outside"
    site.mkdir()
    outside.mkdir()
    (outside / "victim.json").write_bytes(b"theirs")
    (site / "api").symlink_to(outside, target_is_directory=True)  # a folder on the way
    (site / "policies").mkdir()
    (site / "policies" / "en.json").symlink_to(outside / "victim.json")  # the file's own place
    (site / "real").mkdir()
    (site / "here").symlink_to(site / "real", target_is_directory=True)  # a link that stays inside
    folder = SiteFolder(site)
    for path in ("api/v1/index.json", "policies/en.json"):
        with pytest.raises(UnsafePathError, match="outside"):
            folder.write(path, b"ours")
    assert sorted(p.name for p in outside.iterdir()) == ["victim.json"]
    assert (outside / "victim.json").read_bytes() == b"theirs"
    folder.write("here/x/1/en.json", b"one")
    folder.write("a/b/c.json", b"two")
    folder.write("a/b/c.json", b"three")  # written again: replaced
    assert (site / "real/x/1/en.json").read_bytes() == b"one"
    assert (site / "a/b/c.json").read_bytes() == b"three"
    with pytest.raises(UnsafePathError):
        folder.write("../escape.json", b"no")


def test_the_plugin_refuses_a_site_folder_windows_cannot_hold(tmp_path: Path) -> None:
    root = write_site(tmp_path / "src", {"example/1/en.yaml": POLICY_EN}, plugin={"url_prefix": "legal/con"})
    run = build(root, tmp_path / "site")
    assert run.returncode != 0
    assert any("url_prefix" in line and "device" in line for line in logged(run.stderr)), run.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_the_plugin_never_writes_through_a_link_out_of_the_site(tmp_path: Path) -> None:
    """A site folder whose api/ is a link elsewhere (left by a script, say): the build writes
    into a staging folder of its own (plugin/sitestage.py), which then replaces the whole site
    folder, link and all; nothing is ever written through the link."""
    root = write_site(tmp_path / "src", {"example/1/en.yaml": POLICY_EN})
    site, outside = tmp_path / "site", tmp_path / "outside"
    outside.mkdir()
    site.mkdir()
    (site / "api").symlink_to(outside, target_is_directory=True)
    run = build(root, site)
    assert run.returncode == 0, run.stderr
    assert list(outside.iterdir()) == []
    assert not (site / "api").is_symlink() and (site / "api/v1/index.json").is_file()
