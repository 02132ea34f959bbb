"""Validation speed: PolicyPress against the floor of parsing with C YAML and a Rust schema validator.

    python benchmarks/validate_speed.py [--n 1000] [--repeat 5] [--naive-n 50] [--seed 0]
                                        [--dir DIR] [--profile]

Generates N policies (benchmarks/generate.py) into a temporary folder, then times, in the same
run, interleaved per repeat (the order alternates), the wall time for the whole set:

  a. baseline: for each file, read the bytes, decode them, yaml.load(text, Loader=yaml.CSafeLoader)
     (PyYAML on libyaml) and validator.is_valid(data) with a jsonschema-rs validator built once
     (validate_formats=False). jsonschema-rs refuses datetime.date values, which PyYAML makes of
     unquoted dates: a file that has any is converted to ISO strings and validated again, and that
     time is part of the baseline (the generated files quote their dates, so it never happens).
  b. PolicyPress: policypress.validate.validate_paths([dir], root=dir), the real validation pass
     (discover the files, load them with positions, schema, semantic checks, file place).

Both are warmed up first (schema compiled, caches filled) and the median over the repeats is
reported. For context it also times (c) the naive approach on a subset: ruamel.yaml round-trip
load + jsonschema Draft202012Validator(schema).iter_errors, per policy.

The acceptance bar: PolicyPress at most 1.5x the baseline. This prints PASS or FAIL but always
exits 0: it is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import io
import json
import os
import platform
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import ruamel.yaml
import ruamel.yaml.main
import yaml

from policypress.validate import validate_paths

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate

BAR = 1.5
SCHEMA = Path(__file__).resolve().parents[1] / "schema" / "policy.schema.json"


# ---------------------------------------------------------------------------------------------
# The three approaches
# ---------------------------------------------------------------------------------------------


def _iso_dates(value: Any) -> Any:
    """PyYAML turns unquoted dates into date/datetime objects: make them ISO strings again."""
    if isinstance(value, dict):
        return {k: _iso_dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_iso_dates(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def run_baseline(files: list[Path], validator: Any) -> dict[str, int]:
    """Parse with PyYAML's C loader and check with jsonschema-rs; count valid and converted files."""
    valid = converted = 0
    for path in files:
        data = yaml.load(path.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)
        try:
            ok = validator.is_valid(data)
        except ValueError:  # "Unsupported type: 'date'"
            converted += 1
            try:
                ok = validator.is_valid(_iso_dates(data))
            except ValueError:
                ok = False
        valid += bool(ok)
    return {"valid": valid, "converted": converted}


def run_policypress(directory: Path) -> dict[str, int]:
    result = validate_paths([directory], root=directory)
    return {"files": result.files, "errors": len(result.errors), "warnings": len(result.warnings)}


def run_naive(files: list[Path], schema: dict[str, Any]) -> dict[str, int]:
    """ruamel round-trip load + the reference jsonschema validator (built once): the slow way."""
    loader = ruamel.yaml.YAML(typ="rt")
    validator = jsonschema.Draft202012Validator(schema)
    errors = 0
    for path in files:
        data = loader.load(path.read_bytes().decode("utf-8"))
        errors += sum(1 for _ in validator.iter_errors(data))
    return {"errors": errors}


def _timed(run: Callable[[], dict[str, int]]) -> tuple[float, dict[str, int]]:
    gc.collect()
    start = time.perf_counter()
    outcome = run()
    return time.perf_counter() - start, outcome


# ---------------------------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------------------------


def package_version(dist: str) -> str:
    """The installed version of `dist`, for the report's header (shared by the benchmarks)."""
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def environment() -> list[str]:
    libyaml = getattr(yaml, "__with_libyaml__", False)
    try:
        libyaml_version = yaml._yaml.get_version_string() if libyaml else "-"  # type: ignore[attr-defined]
    except AttributeError:  # pragma: no cover
        libyaml_version = "?"
    ruamel_c = ruamel.yaml.main.CParser is not None
    return [
        f"Python {platform.python_version()} ({platform.python_implementation()}) on {platform.platform()}",
        f"CPU: {platform.processor() or platform.machine()}, {os.cpu_count()} logical cores",
        f"PyYAML {package_version('PyYAML')} (libyaml {libyaml_version}, "
        f"CSafeLoader {'yes' if libyaml else 'NO'}), "
        f"jsonschema-rs {package_version('jsonschema-rs')}, jsonschema {package_version('jsonschema')}",
        f"ruamel.yaml {package_version('ruamel.yaml')}, "
        f"ruamel.yaml.clib {package_version('ruamel.yaml.clib')} "
        f"(ruamel C parser in use: {'yes' if ruamel_c else 'NO'}), langcodes {package_version('langcodes')}, "
        f"policypress {package_version('policypress')}",
    ]


def table(rows: list[list[str]], left: int = 1) -> str:
    """Rows as aligned text: the first `left` columns to the left, figures to the right."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        lines.append(
            "  ".join(
                cell.ljust(w) if i < left else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def profile_policypress(directory: Path, top: int = 20) -> str:
    """One validate_paths pass under cProfile: where the time goes (cProfile inflates Python calls)."""
    profiler = cProfile.Profile()
    profiler.enable()
    validate_paths([directory], root=directory)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time PolicyPress validation against a C-YAML + Rust floor.")
    parser.add_argument("--n", type=int, default=1000, help="number of policies (default 1000)")
    parser.add_argument("--repeat", type=int, default=5, help="timed repeats of each approach (default 5)")
    parser.add_argument(
        "--naive-n", type=int, default=50, help="policies for the naive approach (default 50)"
    )
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument(
        "--dir", type=Path, help="generate into this folder and keep it (default: a temp dir)"
    )
    parser.add_argument("--profile", action="store_true", help="also profile one PolicyPress pass (cProfile)")
    args = parser.parse_args(argv)

    print("PolicyPress validation speed")
    for line in environment():
        print("  " + line)

    with tempfile.TemporaryDirectory(prefix="policypress-bench-") as tmp:
        directory = (args.dir or Path(tmp)).resolve()
        start = time.perf_counter()
        generate(directory, args.n, args.seed)
        files = sorted(directory.rglob("*.yaml"))
        sizes = [p.stat().st_size for p in files]
        if len(files) != args.n:
            print(f"error: {directory} holds {len(files)} policy files, expected {args.n}", file=sys.stderr)
            return 2
        langs = {lang: sum(p.stem == lang for p in files) for lang in ("en", "zh-CN")}
        print(
            f"\nGenerated {len(files)} policies ({langs['en']} en, {langs['zh-CN']} zh-CN), "
            f"{min(sizes) / 1024:.1f}-{max(sizes) / 1024:.1f} KB, "
            f"mean {statistics.mean(sizes) / 1024:.1f} KB, "
            f"{sum(sizes) / 1024 / 1024:.1f} MB in all, in {time.perf_counter() - start:.1f} s ({directory})"
        )

        schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
        validator = jsonschema_rs.validator_for(schema, validate_formats=False)
        # Warm up both paths: compiled schema, langcodes caches, imports, page cache.
        run_baseline(files[:20], validator)
        validate_paths(files[:20], root=directory)

        approaches: dict[str, Callable[[], dict[str, int]]] = {
            "baseline": lambda: run_baseline(files, validator),
            "policypress": lambda: run_policypress(directory),
        }
        times: dict[str, list[float]] = {name: [] for name in approaches}
        outcomes: dict[str, dict[str, int]] = {}
        print(f"\nTiming {args.repeat} interleaved repeats of each over all {len(files)} files ...")
        for r in range(args.repeat):
            order = list(approaches) if r % 2 == 0 else list(reversed(approaches))
            for name in order:
                seconds, outcomes[name] = _timed(approaches[name])
                times[name].append(seconds)
            print(
                f"  repeat {r + 1}: baseline {times['baseline'][-1]:.2f} s, "
                f"PolicyPress {times['policypress'][-1]:.2f} s"
            )

        naive_files = files[: max(0, min(args.naive_n, len(files)))]
        naive_times: list[float] = []
        if naive_files:
            run_naive(naive_files[:2], schema)  # warm-up
            for _ in range(3):
                seconds, outcomes["naive"] = _timed(lambda: run_naive(naive_files, schema))
                naive_times.append(seconds)

        n = len(files)
        base = statistics.median(times["baseline"])
        press = statistics.median(times["policypress"])
        ratio = press / base
        rows = [["approach", "files", "median s", "min s", "max s", "ms/policy", "x baseline"]]
        rows.append(
            [
                "a. baseline: PyYAML CSafeLoader + jsonschema-rs is_valid",
                str(n),
                f"{base:.3f}",
                f"{min(times['baseline']):.3f}",
                f"{max(times['baseline']):.3f}",
                f"{base / n * 1e3:.2f}",
                "1.00",
            ]
        )
        rows.append(
            [
                "b. PolicyPress validate_paths",
                str(n),
                f"{press:.3f}",
                f"{min(times['policypress']):.3f}",
                f"{max(times['policypress']):.3f}",
                f"{press / n * 1e3:.2f}",
                f"{ratio:.2f}",
            ]
        )
        if naive_times:
            naive = statistics.median(naive_times)
            per = naive / len(naive_files)
            rows.append(
                [
                    "c. naive: ruamel round-trip + jsonschema (subset)",
                    str(len(naive_files)),
                    f"{naive:.3f}",
                    f"{min(naive_times):.3f}",
                    f"{max(naive_times):.3f}",
                    f"{per * 1e3:.2f}",
                    f"{per / (base / n):.2f}",
                ]
            )
        print(
            f"\nResults (median of {args.repeat} repeats; naive: median of 3 on a subset, "
            "scaled per policy)\n"
        )
        print(table(rows))

        checks = outcomes["baseline"], outcomes["policypress"]
        print(
            f"\nSanity: baseline found {checks[0]['valid']}/{n} schema-valid "
            f"({checks[0]['converted']} needed date conversion); "
            f"PolicyPress checked {checks[1]['files']} files: "
            f"{checks[1]['errors']} error(s), {checks[1]['warnings']} warning(s)"
            + (f"; naive found {outcomes['naive']['errors']} schema error(s)" if "naive" in outcomes else "")
        )
        fair = checks[0]["valid"] == n and checks[1]["files"] == n and not checks[1]["errors"]
        if not fair:
            print("warning: not every generated file is valid, so the two passes do different work")

        verdict = "PASS" if ratio <= BAR else "FAIL"
        print(f"\nRatio PolicyPress / baseline = {ratio:.2f}x (bar: at most {BAR:.1f}x) -> {verdict}")

        if args.profile:
            print("\nProfile of one PolicyPress pass (cProfile; absolute times are inflated by profiling)\n")
            print(profile_policypress(directory))
    return 0


if __name__ == "__main__":
    sys.exit(main())
