"""The benchmarks measure what they claim: valid policies, and sites that differ only in the plugin."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from policypress.validate import validate_paths

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import build_phases
import build_speed
from generate import generate


def test_generated_policies_are_valid_without_warnings_and_deterministic(tmp_path: Path) -> None:
    files = generate(tmp_path / "a", 4, seed=3)
    again = generate(tmp_path / "b", 4, seed=3)
    assert [f.read_bytes() for f in files] == [f.read_bytes() for f in again]
    result = validate_paths([tmp_path / "a"], root=tmp_path / "a")
    assert result.files == 4 and result.diagnostics == []
    assert {f.stem for f in files} == {"en", "zh-CN"}
    assert all(15_000 <= f.stat().st_size <= 26_000 for f in files)


def test_build_benchmark_smoke_run_reports_figures_and_verdicts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tiny real run (N = 2 and 4, one build each): both sites build and the report is complete."""
    assert build_speed.main(["--quick", "--keep", str(tmp_path / "work")]) == 0
    out = capsys.readouterr().out
    for site in ("plugin", "plain"):
        # median, min, max s, x plain, CPU s, x plain, max RSS MiB, all MiB, site MB, files
        assert re.search(rf"^4\s+{site}(\s+[\d.]+){{10}}$", out, re.M)
    assert re.search(r"N=4: validate_paths [\d.]+ s \+ publish [\d.]+ s", out)
    verdict = r"x \(bar: at most {}x\) -> (PASS|FAIL)"
    assert re.search(r"Overhead at N=4: plugin / plain = [\d.]+" + verdict.format(r"1\.10"), out)
    assert re.search(r"Growth N=2 -> N=4 .* plugin [\d.]+" + verdict.format(r"2\.20"), out)
    # The plain site holds the very pages the plugin generated, and no JSON.
    plugin, plain = tmp_path / "work" / "n4" / "plugin" / "site", tmp_path / "work" / "n4" / "plain" / "site"
    pages = sorted(p.relative_to(plugin) for p in (plugin / "policies").rglob("index.html"))
    # The index and one per language (en, zh-CN), and per edition (2 policies x 2 languages, one
    # version each): the page at the policy's own URL, the version's permanent page and the history;
    # and China's lists of the Chinese editions that state what they hold.
    lists = [p for p in pages if p.parent.name in ("collected", "shared")]
    assert lists and len(pages) == 3 + 4 * 3 + len(lists)
    assert pages == sorted(p.relative_to(plain) for p in (plain / "policies").rglob("index.html"))
    # The plain site has only the files its pages link to (the lists' CSV and JSON): no manifest.
    assert list((plugin / "api").rglob("*.json"))
    assert all(p.name.endswith(".lists.json") for p in (plain / "api").rglob("*.json"))

    # The phase-by-phase look at one build works on the sites the benchmark keeps. It builds in
    # this process, changing its folder and wrapping methods: both are undone after the test.
    import material.plugins.search.plugin as search
    import mkdocs.commands.build as mkdocs_build

    from policypress.plugin.plugin import PolicyPressPlugin

    monkeypatch.chdir(tmp_path)
    for owner, names in (
        (PolicyPressPlugin, ("on_pre_build", "on_post_build", "on_page_read_source")),
        (mkdocs_build, ("_populate_page", "_build_page")),
        (search.SearchPlugin, ("on_post_build",)),
    ):
        for name in names:
            monkeypatch.setattr(owner, name, vars(owner)[name])
    capsys.readouterr()
    assert build_phases.main([str(plugin.parent), str(plain.parent)]) == 0
    phases = capsys.readouterr().out
    for mark in ("on_pre_build ends", "reading phase starts", "building phase starts", "build done"):
        assert mark in phases
    assert re.search(r"MkDocs waited [\d.]+ s for generated pages; worker processes used [\d.]+ s", phases)


def test_build_benchmark_deletes_older_builds_only_at_the_end(tmp_path: Path) -> None:
    """Builds go to new folders (a deletion just before a build would slow its file creation);
    when the run is over, each site keeps its last build as `site`."""
    for site in build_speed.SITES:
        for run in (1, 2, 3):
            (tmp_path / site / f"site-{run}").mkdir(parents=True)
            (tmp_path / site / f"site-{run}" / "index.html").write_text(str(run))
    build_speed.keep_last_builds(tmp_path, 3)
    for site in build_speed.SITES:
        assert sorted(p.name for p in (tmp_path / site).iterdir()) == ["site"]
        assert (tmp_path / site / "site" / "index.html").read_text() == "3"


def test_build_benchmark_refuses_bad_arguments() -> None:
    with pytest.raises(SystemExit) as exit_:
        build_speed.main(["0"])
    assert exit_.value.code == 2


def test_diff_benchmark_smoke_run_reports_every_figure(capsys: pytest.CaptureFixture[str]) -> None:
    import diff_speed

    assert diff_speed.main(["--n", "2", "--repeat", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2 pairs of ~20 KB policies, 1 repeats; ")
    for name in ("load both versions", "diff_policies", "diff_markdown", "diff_policies, all text rewritten"):
        assert re.search(rf"^{re.escape(name)}\s+[\d.]+\s+[\d.]+\s+[\d.]+$", out, re.M), name


def test_authoring_benchmark_smoke_run(capsys: pytest.CaptureFixture[str]) -> None:
    """One run of each measurement: the report has every figure and the import bar's verdict."""
    import authoring_speed

    assert authoring_speed.main(["--runs", "1", "--import-runs", "1", "--importtime"]) == 0
    out = capsys.readouterr().out
    for variant in ("this checkout", "this checkout, no .pyc"):
        row = rf"^  {re.escape(variant)} +validate ONE\.yaml +[\d.]+s +[\d.]+s"
        assert re.search(row, out, re.M), variant
    assert re.search(r"^\s+[\d.]+\s+policypress\.validate$", out, re.M)
    assert re.search(r"bar: at most 30 s -> (PASS|FAIL); identical output every run: True", out)


def test_edit_benchmark_smoke_run_reports_every_figure(capsys: pytest.CaptureFixture[str]) -> None:
    """A tiny real run (N = 4, two edits): serve shows each edit, and the report is complete."""
    import edit_speed

    assert edit_speed.main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert re.search(
        r"^  serve --dirty: first build and page [\d.]+ s; edit to page [\d.]+, [\d.]+ s", out, re.M
    )
    assert re.search(r"^4\s+serve --dirty(\s+[\d.]+){6}$", out, re.M)


def test_the_edit_benchmark_keeps_the_policy_valid(tmp_path: Path) -> None:
    import edit_speed

    generate(tmp_path, 4, seed=3)
    (path, page), *_ = edit_speed.edited_pages(tmp_path, 1)
    before = path.read_text(encoding="utf-8")
    edit_speed.edit(path, "Edited1")
    after = path.read_text(encoding="utf-8")
    assert after.count("Edited1") == 1 and len(after) == len(before) + len(" Edited1")
    assert page == f"policies/{path.parent.parent.name}/en/"
    assert validate_paths([tmp_path], root=tmp_path).diagnostics == []


def test_the_standard_library_pool_builds_the_same_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pool_speed.py compares like with like: with StdlibPool in place of the plugin's pool, the
    build writes the very same site."""
    import stdlib_pool
    from policypress.plugin import plugin

    from .sites import build, snapshot, write_site

    policies = {str(p.relative_to(tmp_path / "p")): p.read_text("utf-8") for p in generate(tmp_path / "p", 4)}
    source = write_site(tmp_path / "src", policies, plugin={"workers": 2})
    assert build(source, tmp_path / "ours").returncode == 0
    monkeypatch.setattr(plugin, "Workers", stdlib_pool.StdlibPool)
    run = build(source, tmp_path / "stdlib")
    assert run.returncode == 0, run.stderr
    assert snapshot(tmp_path / "ours") == snapshot(tmp_path / "stdlib")


def test_the_site_benchmarks_read_their_command_line_alike(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """benchrun.py: defaults, --quick, one N or several, the smallest N and a --keep folder in use."""
    import edit_speed
    import pool_speed
    import stage_speed
    from benchrun import Sizes, parse, parser

    def run(sizes: Sizes, argv: list[str]) -> tuple[list[int], int]:
        found = parse(parser("test", sizes), sizes, argv)
        return found.ns, found.runs

    assert run(build_speed.SIZES, []) == ([1000, 3000], 3)
    assert run(build_speed.SIZES, ["--quick"]) == ([2, 4], 1)
    assert run(build_speed.SIZES, ["4", "2", "4", "--repeat", "2"]) == ([2, 4], 2)
    assert run(pool_speed.SIZES, ["--quick"]) == ([48], 1)
    assert run(stage_speed.SIZES, []) == ([1000], 2)
    assert run(edit_speed.SIZES, ["--quick", "--edits", "3"]) == ([4], 3)
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "file").write_text("x")
    for sizes, argv, message in (
        (edit_speed.SIZES, ["1"], "each N must be at least 2 (a policy is an English and a Chinese file)"),
        (pool_speed.SIZES, ["--repeat", "0"], "--repeat must be at least 1"),
        (edit_speed.SIZES, ["--edits", "0"], "--edits must be at least 1"),
        (build_speed.SIZES, ["--keep", str(tmp_path / "used")], "not a new or empty folder"),
        (stage_speed.SIZES, ["--quick"], "unrecognized arguments: --quick"),
    ):
        with pytest.raises(SystemExit) as exit_:
            run(sizes, argv)
        assert exit_.value.code == 2 and message in capsys.readouterr().err, argv
