"""`policypress fmt`: the schema's key order, quotes where YAML 1.1 would misread, comments kept,
idempotent, and never a change to what a file says."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml as pyyaml
from hypothesis import given, settings
from hypothesis import strategies as st

from policypress import schemaorder
from policypress.cli import main
from policypress.fmt import FormatError, format_text
from policypress.yamlload import load_text
from policypress.yamlwrite import dump

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "site" / "policies"
FILES = sorted(FIXTURES.rglob("*.yaml"))


def shuffled(value: Any, rng: random.Random) -> Any:
    if isinstance(value, dict):
        items = list(value.items())
        rng.shuffle(items)
        return {key: shuffled(item, rng) for key, item in items}
    if isinstance(value, list):
        return [shuffled(item, rng) for item in value]
    return value


def with_comments(text: str, rng: random.Random) -> tuple[str, list[str]]:
    """`text` with comment lines before some of its top-level keys, and those comments."""
    lines, notes = [], []
    for line in text.splitlines(keepends=True):
        if line[:1].isalpha() and rng.random() < 0.4:
            notes.append(f"# note {len(notes)}: keep me")
            lines.append(notes[-1] + "\n")
        lines.append(line)
    return "".join(lines), notes


@settings(max_examples=8, deadline=None)
@given(st.sampled_from(FILES), st.randoms(use_true_random=False))
def test_fmt_is_idempotent_keeps_the_data_and_the_comments(path: Path, rng: random.Random) -> None:
    data = load_text(path.read_text(encoding="utf-8"), "x.yaml").data
    text, notes = with_comments(dump(shuffled(data, rng)), rng)
    formatted = format_text(text)
    assert load_text(formatted, "x.yaml").data == data
    assert format_text(formatted) == formatted
    for note in notes:
        assert note in formatted
    assert list(load_text(formatted, "x.yaml").data) == [
        key for key in schemaorder.keys(schemaorder.root()) if key in data
    ]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_fmt_of_a_seed_keeps_its_data_and_is_stable(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    formatted = format_text(text)
    assert load_text(formatted, "x.yaml").data == load_text(text, "x.yaml").data
    assert format_text(formatted) == formatted
    assert formatted.startswith("# yaml-language-server:")  # the first comment stays first


def test_values_yaml_1_1_would_misread_are_quoted_so_every_reader_agrees() -> None:
    text = (
        FILES[0]
        .read_text(encoding="utf-8")
        .replace(
            "\ntitle: ",
            "\ntitle: no\ninternal:\n  - on\n  - 0755\n  - 1.10\n  - 1:30\n  - yes\n  - ~x\nx-title: ",
            1,
        )
    )
    text = text.replace("\nx-title: ", "\n# the title\nx-title: ", 1)
    ours = load_text(text, "x.yaml").data
    formatted = format_text(text)
    theirs = pyyaml.safe_load(formatted)  # a YAML 1.1 reader
    assert ours["title"] == "no" and theirs["title"] == "no"
    assert theirs["internal"] == ours["internal"] == ["on", "0755", "1.10", "1:30", "yes", "~x"]
    assert "# the title\n" in formatted  # the comment is kept
    assert "\ninternal: " not in formatted.split("\nsections:")[0].split("\ntitle:")[0]  # schema order


def test_a_file_that_does_not_load_is_not_formatted() -> None:
    with pytest.raises(FormatError) as caught:
        format_text("policy: [unclosed\n", "bad.yaml")
    assert caught.value.diagnostics[0].code.value == "PP101"


def test_check_lists_the_files_it_would_change_and_fmt_changes_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "policies" / "zte" / "1"
    folder.mkdir(parents=True)
    messy = folder / "en.yaml"
    data = load_text((FIXTURES / "zte" / "1" / "en.yaml").read_text(encoding="utf-8"), "x").data
    messy.write_text(dump(dict(reversed(list(data.items())))), encoding="utf-8")
    tidy = tmp_path / "policies" / "tidy.yaml"
    tidy.write_text(format_text(messy.read_text(encoding="utf-8")), encoding="utf-8")
    before = messy.read_bytes()
    assert main(["fmt", "--check", str(tmp_path / "policies")]) == 1
    out = capsys.readouterr().out
    assert "would reformat:" in out and "en.yaml" in out and "tidy.yaml" not in out
    assert messy.read_bytes() == before  # --check changes nothing
    assert main(["fmt", str(tmp_path / "policies")]) == 0
    assert messy.read_bytes() != before
    assert main(["fmt", "--check", str(tmp_path / "policies")]) == 0
    broken = tmp_path / "policies" / "broken.yaml"
    broken.write_text("policy: [\n", encoding="utf-8")
    assert main(["fmt", "--check", str(broken)]) == 2
    assert "PP101" in capsys.readouterr().err
