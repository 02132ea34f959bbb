"""The `policypress` command line."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from . import __version__
from .diagnostics import Diagnostic, format_json, format_text, has_errors
from .validate import validate_document, validate_paths
from .yamlload import DEFAULT_MAX_BYTES, Document, LoadError, load_file

EXIT_VALID, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
# `policypress diff` answers like diff(1): the same, different, or trouble.
EXIT_SAME, EXIT_DIFFERENT, EXIT_TROUBLE = 0, 1, 2
DEFAULT_POLICIES = Path("policies")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policypress", description="Validate and publish privacy policies kept as YAML."
    )
    parser.add_argument("--version", action="version", version=f"policypress {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser(
        "validate", help="check policy files and report every problem with its place"
    )
    validate.add_argument("paths", nargs="*", type=Path, help="files or folders (default: ./policies)")
    validate.add_argument(
        "--root",
        type=Path,
        default=DEFAULT_POLICIES,
        help="the policies folder, whose files must sit at <policy>/<version>/<language>.yaml",
    )
    validate.add_argument(
        "--format", choices=("text", "json"), default="text", help="how to print the problems"
    )
    validate.add_argument("--strict", action="store_true", help="fail on warnings too")
    _max_bytes_option(validate)
    diff = commands.add_parser(
        "diff",
        help="compare two versions of a policy: structured facts by id, and the text section by section",
        description="Exit status: 0 no differences, 1 differences, 2 trouble (a missing or invalid file).",
    )
    diff.add_argument("old", type=Path, help="the older version's file")
    diff.add_argument("new", type=Path, help="the newer version's file")
    diff.add_argument(
        "--format", choices=("text", "json", "markdown"), default="text", help="how to print the differences"
    )
    _max_bytes_option(diff)
    return parser


def _max_bytes_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--max-bytes",
        type=_positive,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"largest policy file accepted, in bytes (default: {DEFAULT_MAX_BYTES:,})",
    )


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be more than 0: {text!r}")
    return value


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "diff":
        return _diff(args)
    return _validate(args)


def _validate(args: argparse.Namespace) -> int:
    paths: list[Path] = args.paths or [args.root]
    missing = [p for p in paths if not p.exists()]
    if missing:
        print(f"policypress: no such file or folder: {', '.join(map(str, missing))}", file=sys.stderr)
        return EXIT_USAGE
    result = validate_paths(paths, root=args.root, max_bytes=args.max_bytes)
    if result.files == 0:
        print(f"policypress: no policy files (*.yaml) in {', '.join(map(str, paths))}", file=sys.stderr)
        return EXIT_USAGE
    if args.format == "json":
        sys.stdout.write(format_json(result.diagnostics))
    else:
        sys.stderr.write(format_text(result.diagnostics))
    errors, warnings = len(result.errors), len(result.warnings)
    failed = errors > 0 or (args.strict and warnings > 0)
    summary = f"{result.files} file(s) checked: {errors} error(s), {warnings} warning(s)" + (
        " — invalid" if failed else " — valid"
    )
    print(summary, file=sys.stderr)
    return EXIT_INVALID if failed else EXIT_VALID


def _diff(args: argparse.Namespace) -> int:
    from .diff import diff_markdown, diff_policies, diff_text  # only this command needs them

    documents: list[Document] = []
    problems: list[Diagnostic] = []
    for path in (args.old, args.new):
        if not path.is_file():
            problem = "not a file" if path.exists() else "no such file"
            print(f"policypress: {problem}: {path}", file=sys.stderr)
            return EXIT_TROUBLE
        try:
            doc = load_file(path, str(path), args.max_bytes)
        except LoadError as exc:
            problems.extend(exc.diagnostics)
            continue
        problems.extend(d for d in validate_document(doc) if has_errors([d]))
        documents.append(doc)
    if problems:
        sys.stderr.write(format_text(problems))
        print("policypress: fix these problems before comparing the files", file=sys.stderr)
        return EXIT_TROUBLE
    old, new = (doc.data for doc in documents)
    diff = diff_policies(old, new)
    language = new.get("language", "en")
    if args.format == "json":
        output = json.dumps(diff.to_json(), ensure_ascii=False, indent=2) + "\n"
    elif args.format == "markdown":
        output = _markdown_report(diff_markdown(diff, language), language)
    else:
        output = diff_text(diff, language)
    try:
        sys.stdout.write(output)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader (`| head`) has seen enough; say nothing more at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_TROUBLE
    return EXIT_SAME if diff.is_empty else EXIT_DIFFERENT


def _markdown_report(blocks: dict[str, str], language: str) -> str:
    """Both blocks under the change page's own headings, or the words for no change."""
    from .render.escape import heading
    from .render.labels import CATALOGS, catalog_key

    t = CATALOGS[catalog_key(language)]
    parts = [
        f"{heading(t[title], 2, anchor_id)}\n\n{blocks[key]}"
        for key, title, anchor_id in (
            ("structured", "c_structured", "changes-structured"),
            ("redline", "c_text", "changes-text"),
        )
        if blocks[key]
    ]
    return "\n".join(parts) if parts else f"{t['c_none']}\n"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
