"""The invalid-policy corpus (tests/invalid/) through the command line.

Every file there is the minimal valid policy `_valid.yaml.txt` with one problem
(or, under multi/, several); tests/invalid/EXPECTED.txt lists the diagnostics each
must produce, as `relative/path.yaml:LINE:COL: CODE`, in the order they must be
printed. Between them the cases cover every code in `diagnostics.Code`.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from policypress.cli import main
from policypress.diagnostics import Code

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "invalid"
EXPECTED_FILE = CORPUS / "EXPECTED.txt"
VALID = CORPUS / "_valid.yaml.txt"
LAYOUT = "layout/policies"  # validated as one folder, with --root pointing at it
VERSIONS = "versions/policies"  # likewise: checks across the files of a policy
TRANSLATIONS = "translations/policies"  # the same: files checked against each other
FOLDERS = (LAYOUT, VERSIONS, TRANSLATIONS)

# One printed diagnostic: FILE:LINE:COL: CODE [warning: ]message [(at /pointer)]
DIAGNOSTIC = re.compile(
    r"(?P<file>[^\s:][^:]*):(?P<line>[1-9][0-9]*):(?P<col>[1-9][0-9]*): "
    r"(?P<code>PP[0-9]{3}) (?P<warning>warning: )?(?P<message>\S.*)"
)
SUMMARY = re.compile(
    r"(?P<files>[0-9]+) file\(s\) checked: (?P<errors>[0-9]+) error\(s\), "
    r"(?P<warnings>[0-9]+) warning\(s\) — (?P<verdict>valid|invalid)"
)
EXPECTED_LINE = re.compile(r"(?P<file>[^:\s]+):[1-9][0-9]*:[1-9][0-9]*: PP[0-9]{3}(?: warning)?")


def read_expected() -> dict[str, list[str]]:
    """EXPECTED.txt as {file: [its expected lines, in order]}; `path: valid` gives []."""
    expected: dict[str, list[str]] = {}
    for number, raw in enumerate(EXPECTED_FILE.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith(": valid"):
            assert line[: -len(": valid")] not in expected, f"EXPECTED.txt:{number}: listed twice"
            expected[line[: -len(": valid")]] = []
            continue
        match = EXPECTED_LINE.fullmatch(line)
        assert match, f"EXPECTED.txt:{number}: not `path:LINE:COL: CODE [warning]`: {raw!r}"
        expected.setdefault(match["file"], []).append(line)
    return expected


EXPECTED = read_expected()
SINGLE_CASES = sorted(name for name in EXPECTED if not name.startswith(tuple(f + "/" for f in FOLDERS)))
LAYOUT_CASES = [name for name in EXPECTED if name.startswith(LAYOUT + "/")]


def folder_cases(folder: str) -> list[str]:
    return [name for name in EXPECTED if name.startswith(folder + "/")]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def parse_text(err: str) -> tuple[list[str], re.Match[str]]:
    """The diagnostics of a text report as `file:line:col: CODE [warning]`, and its summary."""
    lines = err.splitlines()
    assert lines, "nothing printed"
    summary = SUMMARY.fullmatch(lines[-1])
    assert summary, f"the last line is not the summary: {lines[-1]!r}"
    found = []
    for line in lines[:-1]:
        match = DIAGNOSTIC.fullmatch(line)
        assert match, f"not a one-line FILE:LINE:COL: CODE message: {line!r}"
        warning = " warning" if match["warning"] else ""
        found.append(f"{match['file']}:{match['line']}:{match['col']}: {match['code']}{warning}")
    return found, summary


def errors_and_warnings(expected: list[str]) -> tuple[int, int]:
    warnings = sum(line.endswith(" warning") for line in expected)
    return len(expected) - warnings, warnings


@pytest.fixture
def in_corpus(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(CORPUS)
    return CORPUS


# --- the corpus itself ---------------------------------------------------------------


# Codes no validation reports: `policypress export` reports PP312 (tests/test_platforms.py).
NOT_FROM_VALIDATE = {Code.NOT_STATED_FOR_PLATFORM.value}


def test_corpus_covers_every_code() -> None:
    codes = {line.split(": ")[1].split()[0] for lines in EXPECTED.values() for line in lines}
    # PP108 is a symbolic link out of the folder, which a corpus of files cannot hold:
    # tests/test_links_outside.py has its cases.
    assert codes == {code.value for code in Code} - NOT_FROM_VALIDATE - {Code.OUTSIDE_FOLDER.value}


def test_every_corpus_file_has_expectations() -> None:
    on_disk = {
        path.relative_to(CORPUS).as_posix()
        for path in CORPUS.rglob("*")
        if path.is_file() and path.suffix in (".yaml", ".yml")
    }
    assert on_disk == set(EXPECTED)


def test_multi_error_files_hold_several_problems() -> None:
    multi = {name: lines for name, lines in EXPECTED.items() if name.startswith("multi/")}
    assert len(multi) >= 3
    for name, lines in multi.items():
        assert len({line.split(": ")[1] for line in lines}) >= 3, name


# --- one file at a time ---------------------------------------------------------------


@pytest.mark.parametrize("name", SINGLE_CASES)
def test_case(name: str, in_corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, name, "--root", LAYOUT)
    found, summary = parse_text(err)
    assert found == EXPECTED[name]
    errors, warnings = errors_and_warnings(EXPECTED[name])
    assert (summary["files"], summary["errors"], summary["warnings"]) == ("1", str(errors), str(warnings))
    assert code == (1 if errors else 0)
    assert summary["verdict"] == ("invalid" if errors else "valid")
    assert out == ""


@pytest.mark.parametrize("name", SINGLE_CASES)
def test_case_as_json(name: str, in_corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text_code, _, text_err = run(capsys, name, "--root", LAYOUT)
    code, out, err = run(capsys, name, "--root", LAYOUT, "--format", "json")
    assert code == text_code
    items = json.loads(out)
    assert [
        f"{d['file']}:{d['line']}:{d['column']}: {d['code']}"
        + (" warning" if d["severity"] == "warning" else "")
        for d in items
    ] == EXPECTED[name]
    # The same diagnostics as the text report, field for field.
    rebuilt = [
        f"{d['file']}:{d['line']}:{d['column']}: {d['code']} "
        + ("warning: " if d["severity"] == "warning" else "")
        + d["message"]
        + (f" (at {d['pointer']})" if d["pointer"] else "")
        for d in items
    ]
    assert rebuilt == text_err.splitlines()[:-1]
    for d in items:
        assert set(d) == {"file", "line", "column", "code", "message", "pointer", "severity"}
        assert d["pointer"] == "" or d["pointer"].startswith("/")
    # Only the summary goes to stderr.
    assert SUMMARY.fullmatch(err.rstrip("\n"))


@pytest.mark.parametrize("folder", FOLDERS)
def test_folder(folder: str, in_corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, folder, "--root", folder)
    found, summary = parse_text(err)
    cases = folder_cases(folder)
    expected = [line for name in cases for line in EXPECTED[name]]
    assert found == expected
    errors, warnings = errors_and_warnings(expected)
    assert (summary["files"], summary["errors"], summary["warnings"]) == (
        str(len(cases)),
        str(errors),
        str(warnings),
    )
    assert code == 1


def test_one_version_is_checked_against_the_others_on_disk(
    in_corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Validating one file of a policy still checks its chain: the other files are on disk."""
    code, _, err = run(capsys, f"{VERSIONS}/chain/3/en.yaml", "--root", VERSIONS)
    found, _ = parse_text(err)
    assert found == EXPECTED[f"{VERSIONS}/chain/3/en.yaml"]
    code, _, err = run(capsys, f"{VERSIONS}/chain/3/en.yaml", "--root", LAYOUT)
    assert parse_text(err)[0] == [] and code == 0  # not under its root: no chain to check


def test_a_translation_validated_alone_is_compared_with_the_files_beside_it(
    in_corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Named alone, a translation is still compared with its original in its version folder,
    and only its own problems are reported: the same as when the folder is validated."""
    folder = f"{TRANSLATIONS}/differs/1"
    _, _, err = run(capsys, folder, "--root", TRANSLATIONS)
    together, _ = parse_text(err)
    code, _, err = run(capsys, f"{folder}/zh-CN.yaml", "--root", TRANSLATIONS)
    alone, _ = parse_text(err)
    assert alone == [line for line in together if line.startswith(f"{folder}/zh-CN.yaml:")] != []
    assert code == 1
    code, _, err = run(capsys, f"{folder}/en.yaml", "--root", TRANSLATIONS)
    assert parse_text(err)[0] == [] and code == 0


def test_layout_checks_need_the_root(in_corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Outside --root no file has a place to check: only what needs no place remains."""
    code, _, err = run(capsys, LAYOUT, "--root", "elsewhere")
    found, _ = parse_text(err)
    assert found == [line for name in LAYOUT_CASES for line in EXPECTED[name] if not line.endswith("PP307")]
    assert found
    assert code == 1


def test_several_files_are_reported_together_and_sorted(
    in_corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = [
        "semantics/pp303-invalid-date.yaml",
        "multi/schema-and-semantics.yaml",  # language EN: another policy identity
        "load/pp101-unclosed-quote.yaml",  # does not load: no identity
        "semantics/pp302-unresolved-reference.yaml",
    ]
    code, _, err = run(capsys, *names, "--root", LAYOUT)
    found, summary = parse_text(err)
    expected = [line for name in sorted(names) for line in EXPECTED[name]]
    # pp302 and pp303 both claim policy example, version 1, in en: the second one found
    # (in sorted order) gets PP310, at its policy id on line 2.
    first_of_pp303 = next(i for i, line in enumerate(expected) if line.startswith(names[0]))
    expected.insert(first_of_pp303, f"{names[0]}:2:9: PP310")
    assert found == expected
    assert summary["files"] == "4"
    assert code == 1


# --- exit codes, summary, options -------------------------------------------------------


@pytest.fixture
def valid_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A policies folder holding the valid policy in its place; the current folder is its parent."""
    place = tmp_path / "policies" / "example" / "1" / "en.yaml"
    place.parent.mkdir(parents=True)
    shutil.copyfile(VALID, place)
    monkeypatch.chdir(tmp_path)
    return place


def test_valid_copy_passes(valid_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "policies", "--root", "policies")
    assert (code, out, err) == (0, "", "1 file(s) checked: 0 error(s), 0 warning(s) — valid\n")


def test_default_path_is_the_policies_folder(valid_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (valid_tree.parent / "de.yaml").write_text("policy: [\n", encoding="utf-8")
    code, _, err = run(capsys)
    found, summary = parse_text(err)
    assert found == ["policies/example/1/de.yaml:2:1: PP101"]
    assert summary["files"] == "2"
    assert code == 1


def test_valid_copy_passes_as_json(valid_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--format", "json")
    assert (code, json.loads(out)) == (0, [])
    assert err == "1 file(s) checked: 0 error(s), 0 warning(s) — valid\n"


def test_valid_copy_passes_strict(valid_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--strict")[0] == 0


@pytest.mark.parametrize("name", [n for n in SINGLE_CASES if errors_and_warnings(EXPECTED[n]) == (0, 1)])
def test_strict_fails_on_warnings(name: str, in_corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, name)[0] == 0
    code, _, err = run(capsys, name, "--strict")
    found, summary = parse_text(err)
    assert found == EXPECTED[name]
    assert code == 1
    assert (summary["errors"], summary["warnings"], summary["verdict"]) == ("0", "1", "invalid")


def test_there_are_warning_only_cases() -> None:
    assert [n for n in SINGLE_CASES if errors_and_warnings(EXPECTED[n]) == (0, 1)]


def test_max_bytes(valid_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    size = valid_tree.stat().st_size
    assert run(capsys, "--max-bytes", str(size))[0] == 0
    code, _, err = run(capsys, "--max-bytes", str(size - 1))
    found, _ = parse_text(err)
    assert found == ["policies/example/1/en.yaml:1:1: PP105"]
    assert f"{size:,}" in err
    assert code == 1


def test_usage_error_no_such_path(valid_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "policies", "missing.yaml")
    assert code == 2
    assert out == ""
    assert "missing.yaml" in err
    assert "Traceback" not in err


def test_usage_error_default_folder_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys)
    assert code == 2
    assert "policies" in err


def test_usage_error_no_policy_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("not a policy\n", encoding="utf-8")
    (tmp_path / "empty" / ".hidden").mkdir()
    (tmp_path / "empty" / ".hidden" / "x.yaml").write_text("a: [\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "empty")
    assert code == 2
    assert "no policy files" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "--no-such-option"],
        ["validate", "--format", "xml"],
        ["validate", "--max-bytes", "many"],
        ["validate", "--max-bytes", "0"],
        ["validate", "--max-bytes", "-5"],
        ["publish"],
        [],
    ],
)
def test_usage_error_bad_option(argv: list[str], in_corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert "usage:" in capsys.readouterr().err


# --- known bugs (strict xfail: they start failing once fixed, then drop the mark) ------


def _policy(tmp_path: Path, name: str, text: str) -> str:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return name


def test_files_without_identity_are_not_duplicates(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    a = _policy(tmp_path, "a.yaml", "title: A\n")
    b = _policy(tmp_path, "b.yaml", "title: B\n")
    _, _, err = run(capsys, a, b)
    assert "PP310" not in err
    assert "None" not in err


def test_each_missing_field_reported_once(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    name = _policy(tmp_path, "a.yaml", "title: A\n")
    _, _, err = run(capsys, name)
    found, _ = parse_text(err)
    assert len(found) == len(set(err.splitlines()[:-1])) == 8  # 8 required fields missing, once each


def test_a_cut_list_is_in_file_order_and_keeps_the_missing_fields(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """300 unknown keys after the rest and no title: the first unknown keys as the file has
    them (k0, k1, k2, …, not k0, k1, k10, k100, …), and the missing title kept."""
    monkeypatch.chdir(tmp_path)
    text = VALID.read_text(encoding="utf-8").replace("title: Example Privacy Policy\n", "")
    text = text.replace("  - id: support\n", "  - label: Again\n    data: [contact-info]\n  - id: support\n")
    text += "".join(f"k{i}: x\n" for i in range(300))
    _, _, err = run(capsys, _policy(tmp_path, "a.yaml", text))
    parse_text(err)
    found = err.splitlines()[:-1]
    assert len(found) == 101 and " PP107 " in found[0]
    shown = found[1:]
    assert shown == sorted(shown, key=lambda line: [int(n) for n in line.split(":")[1:3]])
    missing = [line for line in shown if " PP202 " in line]
    assert len(missing) == 2 and "'title'" in missing[0] and "'id'" in missing[1]
    unknown = [re.search(r"unknown field '(k\d+)'", line) for line in shown if " PP201 " in line]
    assert [match.group(1) for match in unknown if match] == [f"k{i}" for i in range(98)]


@pytest.mark.parametrize("missing", ["policy: example\n", 'version: "1"\n', "language: en\n"])
def test_a_place_is_never_suggested_with_a_missing_part(
    missing: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "policies" / "other" / "2"
    folder.mkdir(parents=True)
    (folder / "de.yaml").write_text(VALID.read_text(encoding="utf-8").replace(missing, ""), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _, _, err = run(capsys, "--root", "policies", "policies")
    parse_text(err)
    found = err.splitlines()[:-1]
    assert any(" PP202 " in line for line in found) and any(" PP307 " in line for line in found)
    assert "None" not in err
    field = missing.split(":")[0]
    assert all(f"<{field}>" in line for line in found if " PP307 " in line)


@pytest.mark.xfail(
    strict=True, reason="schema error on an aliased value is located at the anchor, not the alias"
)
def test_alias_value_located_at_the_alias(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    text = VALID.read_text(encoding="utf-8")
    text = text.replace("label: Contact information", "label: &contact Contact information")
    text = text.replace("label: Answering questions", "label: *contact")
    name = _policy(tmp_path, "a.yaml", text)
    _, _, err = run(capsys, name)
    found, _ = parse_text(err)
    lines = text.splitlines()
    anchor_line = next(i for i, line in enumerate(lines, 1) if "&contact" in line)
    assert found  # the alias is reported ...
    assert all(f":{anchor_line}:" not in line for line in found)  # ... but nothing on the anchor's line


def test_effective_date_in_wrong_form_says_how_to_write_it(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    text = VALID.read_text(encoding="utf-8").replace("effective: 2024-02-01", "effective: 2024-2-1")
    _, _, err = run(capsys, _policy(tmp_path, "a.yaml", text))
    assert "YYYY-MM-DD" in err


@pytest.mark.parametrize("field", ["version", "policy"])
def test_trailing_line_break_is_not_accepted(field: str, tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    old = {"version": 'version: "1"', "policy": "policy: example"}[field]
    new = {"version": 'version: "1\\n"', "policy": 'policy: "example\\n"'}[field]
    text = VALID.read_text(encoding="utf-8").replace(old, new)
    code, _, err = run(capsys, _policy(tmp_path, "a.yaml", text))
    assert code == 1
    assert f"(at /{field})" in err


@pytest.mark.parametrize("country", ["SU", "UK"])
def test_reserved_country_code_is_rejected(country: str, tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    text = VALID.read_text(encoding="utf-8").replace("jurisdiction: DE", f"jurisdiction: {country}")
    _, _, err = run(capsys, _policy(tmp_path, "a.yaml", text))
    assert "PP306" in err


def test_a_report_line_cannot_be_turned_around_by_bidirectional_controls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A RIGHT-TO-LEFT OVERRIDE in a policy would reorder the rest of the line on a terminal."""
    text = VALID.read_text(encoding="utf-8").replace(
        "language: en\n", "language: en\nnot_a_field\u202e: x\n", 1
    )
    (tmp_path / "p.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _, _, err = run(capsys, "p.yaml")
    assert "\u202e" not in err
    assert "not_a_field\\u202e" in err
