"""The `policypress` command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .diagnostics import format_json, format_text
from .validate import validate_paths
from .yamlload import DEFAULT_MAX_BYTES

EXIT_VALID, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
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
    validate.add_argument(
        "--max-bytes",
        type=_positive,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"largest policy file accepted, in bytes (default: {DEFAULT_MAX_BYTES:,})",
    )
    return parser


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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
