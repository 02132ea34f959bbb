"""The hostile-YAML corpus (tests/hostile/): its cases, and what the loader makes of each.

A case is a file committed under tests/hostile/, or one generated here at test time
(`generated/…`) because it is megabytes big or many levels deep. tests/hostile/EXPECTED.txt
says what the loader must do with each; `outcome` says what it did, in the same words.

Run as a script (`python -m tests.hostile_corpus FOLDER NAME…`), it prints one JSON line
per case with its outcome: the tests run it in a child process with a timeout, so that a
hang, a C stack overflow or a memory blow-up fails the tests instead of killing them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from policypress.diagnostics import Diagnostic
from policypress.yamlload import DEFAULT_MAX_BYTES, LoadError, load_file

HOSTILE = Path(__file__).resolve().parent / "hostile"
EXPECTED_FILE = HOSTILE / "EXPECTED.txt"
GENERATED = "generated/"
LEVELS = 100_000  # deep enough that a recursive reader would overflow Python's or C's stack
BIG = DEFAULT_MAX_BYTES - 64  # just under the size limit, whatever the generator adds

_SAMPLE = "title: Privacy\n"


def _deep_block_maps() -> str:
    """Block mappings nested by indentation as deep as fits under the size limit (~2,000 levels)."""
    lines, size, level = [], 0, 0
    while size + level + 4 < BIG:
        lines.append(" " * level + "k:\n")
        size += level + 3
        level += 1
    return "".join(lines)


GENERATORS: dict[str, Callable[[], bytes | str]] = {
    # Encodings: refused by name, with or without a byte order mark.
    "utf-16-le-bom.yaml": lambda: ("\ufeff" + _SAMPLE).encode("utf-16-le"),
    "utf-16-be-bom.yaml": lambda: ("\ufeff" + _SAMPLE).encode("utf-16-be"),
    "utf-16-le.yaml": lambda: _SAMPLE.encode("utf-16-le"),
    "utf-16-be.yaml": lambda: _SAMPLE.encode("utf-16-be"),
    "utf-32-le-bom.yaml": lambda: ("\ufeff" + _SAMPLE).encode("utf-32-le"),
    "utf-32-be-bom.yaml": lambda: ("\ufeff" + _SAMPLE).encode("utf-32-be"),
    "utf-32-le.yaml": lambda: _SAMPLE.encode("utf-32-le"),
    "utf-32-be.yaml": lambda: _SAMPLE.encode("utf-32-be"),
    # Depth: refused at the first level past the limit, never by a stack overflow.
    "deep-flow-lists.yaml": lambda: "title: " + "[" * LEVELS + "]" * LEVELS + "\n",
    "deep-flow-maps.yaml": lambda: "title: " + "{a: " * LEVELS + "b" + "}" * LEVELS + "\n",
    "deep-flow-unclosed.yaml": lambda: "title: " + "[" * LEVELS,
    "deep-block-lists.yaml": lambda: "title:\n" + "- " * LEVELS + "x\n",
    "deep-block-maps.yaml": _deep_block_maps,
    # Size: read up to the limit, refused past it.
    "huge-plain-scalar.yaml": lambda: "title: " + "x" * (BIG - 8) + "\n",
    "huge-quoted-scalar.yaml": lambda: 'title: "' + "\\u00e9" * ((BIG - 10) // 6) + '"\n',
    "huge-block-scalar.yaml": lambda: "title: |\n" + ("  " + "y" * 98 + "\n") * ((BIG - 9) // 101),
    "over-the-limit.yaml": lambda: "title: " + "x" * (DEFAULT_MAX_BYTES - 7) + "\n",
    "very-long-key.yaml": lambda: "? " + "k" * (BIG - 10) + "\n: 1\n",
    "very-long-line.yaml": lambda: "title: [" + "a, " * ((BIG - 10) // 3) + "]\n",
    "many-keys.yaml": lambda: "".join(f"k{i:06}: {i}\n" for i in range(BIG // 16)),
    "many-items.yaml": lambda: "title:\n" + "- x\n" * ((BIG - 7) // 4),
    "many-duplicate-keys.yaml": lambda: "title: a\n" * (BIG // 9),
    "many-documents.yaml": lambda: "title: a\n---\n" * (BIG // 13),
    "many-aliases.yaml": lambda: "a: &x y\nb: [" + "*x, " * ((BIG - 16) // 4) + "]\n",
}


def case_names() -> list[str]:
    """Every case: the committed files (by name) and the generated ones (generated/<name>)."""
    committed = sorted(p.name for p in HOSTILE.glob("*.yaml"))
    return committed + [GENERATED + name for name in GENERATORS]


def materialize(folder: Path) -> Path:
    """Every case as a file under `folder` (generated ones under folder/generated/)."""
    (folder / GENERATED).mkdir(parents=True, exist_ok=True)
    for path in HOSTILE.glob("*.yaml"):
        (folder / path.name).write_bytes(path.read_bytes())
    for name, generate in GENERATORS.items():
        content = generate()
        (folder / GENERATED / name).write_bytes(
            content.encode("utf-8") if isinstance(content, str) else content
        )
    return folder


def shown(value: Any) -> Any:
    """`value` made short enough to read in EXPECTED.txt: long texts and collections are summed up."""
    if isinstance(value, str) and len(value) > 80:
        return f"{value[:20]}…({len(value):,} characters)…{value[-20:]}"
    if isinstance(value, list):
        items = [shown(item) for item in value[:3]]
        return items if len(value) <= 10 else [*items, f"…({len(value):,} items)"]
    if isinstance(value, dict):
        pairs = list(value.items())
        summed = {shown(key): shown(item) for key, item in pairs[: 3 if len(pairs) > 10 else None]}
        if len(pairs) > 10:
            summed["…"] = f"({len(pairs):,} keys)"
        return summed
    return value


def outcome(path: Path, name: str) -> list[str]:
    """What the loader did with a case, as EXPECTED.txt writes it: `NAME: reads as JSON` followed
    by the problems it found in a file it read, or the diagnostics that refused the file."""
    try:
        document = load_file(path, name)
    except LoadError as refused:
        return _folded(name, refused.diagnostics)
    data = json.dumps(shown(document.data), ensure_ascii=True)
    return [f"{name}: reads as {data}", *_folded(name, document.problems)]


def _folded(name: str, diagnostics: list[Diagnostic]) -> list[str]:
    """Diagnostics as lines; a run of three or more alike (code and message) is its first line
    and `NAME: … N more like it, the last at LINE:COL`."""
    lines: list[str] = []
    run: list[Diagnostic] = []
    for diagnostic in [*diagnostics, None]:
        if run and (
            diagnostic is None or (diagnostic.code, diagnostic.message) != (run[0].code, run[0].message)
        ):
            lines.append(run[0].format())
            if len(run) == 2:
                lines.append(run[1].format())
            elif len(run) > 2:
                lines.append(
                    f"{name}: … {len(run) - 1} more like it, the last at {run[-1].line}:{run[-1].column}"
                )
            run = []
        if diagnostic is not None:
            run.append(diagnostic)
    return lines


def read_expected() -> dict[str, list[str]]:
    """EXPECTED.txt as {case: its lines}; a line belongs to the case whose name starts it."""
    expected: dict[str, list[str]] = {}
    names = sorted(case_names(), key=len, reverse=True)  # longest first: a name may prefix another
    for number, line in enumerate(EXPECTED_FILE.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        name = next((n for n in names if line.startswith((n + ":", n + " "))), None)
        if name is None:
            raise ValueError(f"EXPECTED.txt:{number}: no case of that name: {line[:80]!r}")
        expected.setdefault(name, []).append(line)
    return expected


def main(argv: list[str]) -> None:
    folder = Path(argv[0])
    for name in argv[1:]:
        print(json.dumps({"case": name, "lines": outcome(folder / name, name)}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
