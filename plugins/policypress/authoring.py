"""The authors' commands behind the CLI: import, new, new-version, fmt and init.

Kept apart from cli.py so that `policypress validate`, which a pre-commit hook runs on every
commit, never pays for importing the readers of Word and HTML or the YAML writer.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from .diagnostics import format_text, has_errors
from .langtags import language_problem
from .layout import discover, display_path
from .validate import validate_document
from .yamlload import LoadError, load_file, load_text

EXIT_OK, EXIT_FAILED, EXIT_TROUBLE = 0, 1, 2
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _refuse(message: str) -> int:
    _say(f"policypress: {message}")
    return EXIT_TROUBLE


def _id_problem(policy: str) -> str | None:
    if not _ID.match(policy) or len(policy) > 64:
        return (
            f"{policy!r} is not a policy id: use lower-case letters, digits and single hyphens, e.g. acme-app"
        )
    return None


def _schema_reference(output: Path) -> str | None:
    """The schema's path from `output`, when a schema/policy.schema.json is above it (for editors)."""
    folder = output.resolve().parent
    for parent in (folder, *folder.parents):
        candidate = parent / "schema" / "policy.schema.json"
        if candidate.is_file():
            return Path(os.path.relpath(candidate, folder)).as_posix()
    return None


def _write_new(path: Path, text: str, *, force: bool = False) -> bool:
    if path.exists() and not force:
        _say(f"policypress: {path} already exists; choose another file (or --force)")
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    return True


def _report(text: str, display: str) -> int:
    """Validate what was written and say what is left to do; 1 if it has errors."""
    document = load_text(text, display)
    problems = validate_document(document)
    todos = text.count("TODO")
    if problems:
        sys.stderr.write(format_text(problems))
    _say(f"{display}: {todos} TODO(s) to fill; then run policypress validate {display}")
    return EXIT_FAILED if has_errors(problems) else EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    from .importer import ImportProblem, Options, import_source

    source: Path = args.source
    if not source.is_file():
        return _refuse(f"no such file: {source}")
    policy = args.policy or re.sub(r"[^a-z0-9]+", "-", source.stem.lower()).strip("-") or "imported-policy"
    problem = _id_problem(policy) or (language_problem(args.language) if args.language else None)
    if problem:
        return _refuse(problem)
    output: Path | None = args.output
    if output is not None and output.exists() and not args.force:
        return _refuse(f"{output} already exists; choose another file (or --force)")
    options = Options(
        policy=policy,
        source_name=source.name,
        language=args.language,
        version=args.version,
        org=args.org,
        schema_reference=_schema_reference(output) if output is not None else None,
    )
    try:
        text = import_source(source, options, args.kind)
    except ImportProblem as exc:
        return _refuse(str(exc))
    if output is None:
        sys.stdout.write(text)
        return _report(text, "<stdout>")
    _write_new(output, text, force=True)
    return _report(text, display_path(output))


def run_new(args: argparse.Namespace) -> int:
    from .scaffold import new_policy

    problem = _id_problem(args.policy) or language_problem(args.language)
    if problem:
        return _refuse(problem)
    path: Path = args.output or args.root / args.policy / args.version / f"{args.language}.yaml"
    text = new_policy(args.policy, args.language, org=args.org, version=args.version)
    if not _write_new(path, text):
        return EXIT_TROUBLE
    return _report(text, display_path(path))


def run_new_version(args: argparse.Namespace) -> int:
    from .scaffold import new_version, version_path

    try:
        document = load_file(args.path, display_path(args.path))
    except LoadError as exc:
        sys.stderr.write(format_text(exc.diagnostics))
        return _refuse("fix the file before starting its next version")
    try:
        version, text = new_version(document.text)
    except ValueError as exc:
        return _refuse(f"{args.path}: {exc}")
    path: Path = args.output or version_path(args.path, version)
    if not _write_new(path, text):
        return EXIT_TROUBLE
    _say(f"{display_path(path)}: version {version}, superseding {document.data.get('version')}")
    return _report(text, display_path(path))


def run_fmt(args: argparse.Namespace) -> int:
    from .fmt import format_file

    paths: list[Path] = args.paths or [Path("policies")]
    missing = [path for path in paths if not path.exists()]
    if missing:
        return _refuse(f"no such file or folder: {', '.join(map(str, missing))}")
    files = discover(paths)
    if not files:
        return _refuse(f"no policy files (*.yaml) in {', '.join(map(str, paths))}")
    changed, troubled = [], False
    for path in files:
        outcome = format_file(path, display_path(path), write=not args.check, max_bytes=args.max_bytes)
        if outcome.problems:
            sys.stderr.write(format_text(outcome.problems))
            troubled = True
        elif outcome.changed:
            changed.append(display_path(path))
            print(f"{'would reformat' if args.check else 'reformatted'}: {display_path(path)}")
    verb = "would be reformatted" if args.check else "reformatted"
    _say(
        f"{len(files)} file(s) checked: {len(changed)} {verb}"
        + (", some could not be read" if troubled else "")
    )
    if troubled:
        return EXIT_TROUBLE
    return EXIT_FAILED if args.check and changed else EXIT_OK


def run_init(args: argparse.Namespace) -> int:
    from .siteinit import InitProblem, init_site, refresh_schema

    if args.refresh_schema:
        _say(f"wrote {refresh_schema(args.directory)}")
        return EXIT_OK
    try:
        written = init_site(args.directory)
    except InitProblem as exc:
        return _refuse(str(exc))
    _say(f"wrote {len(written)} files into {args.directory}; next:")
    _say(f"  cd {args.directory} && mkdocs serve      # preview at http://127.0.0.1:8000")
    _say("  policypress new NAME --language en --org 'Your company'   # or: policypress import FILE -o …")
    return EXIT_OK
