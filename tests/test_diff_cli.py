"""`policypress diff OLD NEW`: formats, and exit status like diff(1) — 0 same, 1 different, 2 trouble."""

from __future__ import annotations

import html
import json
import shutil
import subprocess
import sys
from pathlib import Path

import markdown
import pytest

from policypress.cli import main
from policypress.diff import diff_policies, diff_text

from .diffcases import FIXTURES, fixture
from .test_invalid_corpus import DIAGNOSTIC

V1, V2, V3 = (str(FIXTURES / f"example/{n}/en.yaml") for n in (1, 2, 3))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["diff", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_no_differences_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, V2, V2)
    # Two texts of one version (an edited file and its earlier text, e.g. the base branch's in CI)
    assert (code, out, err) == (
        0,
        "Changes within version 2 (two texts of the same version)\n\nNo change.\n",
        "",
    )
    code, out, _ = run(capsys, V2, V2, "--format", "json")
    assert code == 0 and json.loads(out)["changes"] == [] and json.loads(out)["sections"] == []
    assert run(capsys, V2, V2, "--format", "markdown")[:2] == (0, "No change.\n")


def test_only_metadata_differs_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = Path(V2).read_text(encoding="utf-8").replace('published: "2024-06-10"', 'published: "2024-06-11"')
    (tmp_path / "again.yaml").write_text(text, encoding="utf-8")
    assert run(capsys, V2, str(tmp_path / "again.yaml"))[0] == 0


@pytest.mark.parametrize("form", ["text", "json", "markdown"])
def test_differences_exit_1_on_stdout_only(form: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, V1, V2, "--format", form)
    assert (code, err) == (1, "")
    assert out.endswith("\n") and out
    if form == "json":
        assert (
            json.loads(out)
            == diff_policies(fixture("example/1/en.yaml"), fixture("example/2/en.yaml")).to_json()
        )
    elif form == "markdown":
        assert out.startswith("## Changes to the structured facts {#changes-structured}\n")
        assert "\n## Changes to the text {#changes-text}\n" in out
    else:
        assert out == diff_text(
            diff_policies(fixture("example/1/en.yaml"), fixture("example/2/en.yaml")), "en"
        )


def test_text_is_the_default_and_chinese_policies_get_chinese_words(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(capsys, V2, V3)[1] == run(capsys, V2, V3, "--format", "text")[1]
    code, out, _ = run(capsys, str(FIXTURES / "shili/1/zh-CN.yaml"), str(FIXTURES / "shili/2/zh-CN.yaml"))
    assert code == 1 and out.startswith("第 1 版至第 2 版的变更\n\n结构化信息的变更\n")


def test_the_output_is_the_same_every_time(capsys: pytest.CaptureFixture[str]) -> None:
    for form in ("text", "json", "markdown"):
        assert run(capsys, V1, V2, "--format", form) == run(capsys, V1, V2, "--format", form)


def test_missing_file_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, V1, str(tmp_path / "missing.yaml"))
    assert (code, out) == (2, "")
    assert err == f"policypress: no such file: {tmp_path / 'missing.yaml'}\n"
    code, _, err = run(capsys, str(tmp_path), V1)
    assert code == 2 and "not a file" in err


def test_an_invalid_file_exit_2_with_located_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        Path(V2).read_text(encoding="utf-8").replace("    data: [location]", "    data: [locaton]"),
        encoding="utf-8",
    )
    code, out, err = run(capsys, V1, str(bad))
    assert (code, out) == (2, "")
    *lines, last = err.splitlines()
    assert last == "policypress: fix these problems before comparing the files"
    assert lines and all(DIAGNOSTIC.fullmatch(line) for line in lines)
    assert lines[0].startswith(f"{bad}:") and " PP302 " in lines[0]


def test_an_unreadable_file_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_bytes(b"policy: [\n")
    code, out, err = run(capsys, str(broken), V1)
    assert (code, out) == (2, "")
    assert err.startswith(f"{broken}:2:1: PP101 ")
    both = tmp_path / "utf16.yaml"
    both.write_bytes("policy: x\n".encode("utf-16"))
    code, _, err = run(capsys, str(broken), str(both))
    assert code == 2 and " PP101 " in err and " PP100 " in err  # both files' problems at once


def test_warnings_do_not_stop_a_diff(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    warned = tmp_path / "warned.yaml"
    warned.write_text(
        Path(V2).read_text(encoding="utf-8").replace("    shows: [cross_border]\n", ""), "utf-8"
    )
    code, _, err = run(capsys, V2, str(warned))
    assert (code, err) == (0, "")  # PP308 warns about the unshown part; the content is the same


def test_max_bytes(capsys: pytest.CaptureFixture[str]) -> None:
    size = Path(V2).stat().st_size
    assert run(capsys, V2, V2, "--max-bytes", str(size))[0] == 0
    code, _, err = run(capsys, V2, V2, "--max-bytes", str(size - 1))
    assert code == 2 and " PP105 " in err


@pytest.mark.parametrize(
    "argv",
    [
        ["diff"],
        ["diff", V1],
        ["diff", V1, V2, V3],
        ["diff", V1, V2, "--format", "html"],
        ["diff", "--max-bytes", "x"],
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert "usage:" in capsys.readouterr().err


class _ClosedPipe:
    """Standard output whose reader has gone (`policypress diff … | head -1`)."""

    def __init__(self, spare: Path) -> None:
        self.file = spare.open("wb")

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    def fileno(self) -> int:
        return self.file.fileno()


def test_a_closed_pipe_is_quiet_status_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    stdout = _ClosedPipe(tmp_path / "spare")
    monkeypatch.setattr(sys, "stdout", stdout)
    try:
        assert main(["diff", V1, V2]) == 2
    finally:
        stdout.file.close()
    assert capsys.readouterr().err == ""


def test_the_installed_command(tmp_path: Path) -> None:
    command = shutil.which("policypress", path=str(Path(sys.executable).parent))
    assert command is not None
    done = subprocess.run([command, "diff", V2, V3], capture_output=True, text=True, check=False)
    assert done.returncode == 1 and done.stdout.startswith("Changes from version 2 to version 3\n")


def test_json_output_escapes_what_a_terminal_would_obey(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A policy may hold bidirectional controls (U+202E turns the rest of a line around): the JSON
    on the console carries them as \\u escapes, as `validate` shows them, and reads back the same."""
    text = (
        Path(V2)
        .read_text(encoding="utf-8")
        .replace("title: Example Privacy Policy", 'title: "Example \\u202e Policy \\u2066x\\u2069"')
    )
    (tmp_path / "bidi.yaml").write_text(text, encoding="utf-8")
    code, out, err = run(capsys, V2, str(tmp_path / "bidi.yaml"), "--format", "json")
    assert (code, err) == (1, "")
    assert "\u202e" not in out and "\u2066" not in out and "\\u202e" in out
    assert "Example \u202e Policy \u2066x\u2069" in json.dumps(json.loads(out), ensure_ascii=False)


def test_console_json_escapes_del_c1_and_line_separators() -> None:
    from policypress.diagnostics import console_json

    value = {"t": "a\x7fb\x85c\x9bd\u2028e 中文 é\tf"}
    out = console_json(value)
    assert all(c not in out for c in "\x7f\x85\x9b\u2028\t")
    assert "中文 é" in out and json.loads(out) == value


def test_markdown_output_writes_what_a_terminal_would_obey_as_character_references(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The Markdown report on the console holds no raw bidirectional control (nor DEL, C1 or line
    separator): each is a numeric character reference, which the rendered Markdown shows as the
    character the policy holds."""
    hostile = "Example \u202e Policy \u2066x\u2069 \u2028"  # DEL and C1 are refused (PP207)
    text = Path(V2).read_text(encoding="utf-8")
    text = text.replace("title: Example Privacy Policy", f"title: {json.dumps(hostile)}")
    text = text.replace("text: We never sell your information.", f"text: {json.dumps(hostile + ' We sell.')}")
    (tmp_path / "bidi.yaml").write_text(text, encoding="utf-8")
    code, out, err = run(capsys, V2, str(tmp_path / "bidi.yaml"), "--format", "markdown")
    assert (code, err) == (1, "")
    assert "&#x202e;" in out, out
    assert not any(c in out for c in "\u202e\u2066\u2069\u2028")
    assert "\u202e Policy \u2066x\u2069" in html.unescape(markdown.markdown(out))  # as a browser reads it
