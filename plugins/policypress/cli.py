"""The `policypress` command line."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

from . import __version__
from .diagnostics import (
    Citation,
    Diagnostic,
    console_json,
    console_markdown,
    format_json,
    format_text,
    has_errors,
)
from .validate import Result, validate_document, validate_paths
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
    _authoring_commands(commands)
    _check_command(commands)
    _export_command(commands)
    messages = commands.add_parser(
        "messages",
        help="the site's own words for translators: extract them, start a language, merge, check",
        description=(
            "extract: write the titles of the site's nav (mkdocs.yml) into LOCALES/messages.pot; "
            "init LANGUAGE: start LOCALES/<language>.po; update: merge the template into every catalog; "
            "check: list what each catalog lacks (exit status 1 if anything)."
        ),
    )
    messages.add_argument("action", choices=("extract", "init", "update", "check"))
    messages.add_argument("language", nargs="?", help="for init: the language's BCP 47 tag (zh-Hant, fr)")
    messages.add_argument(
        "--config-file",
        type=Path,
        default=Path("mkdocs.yml"),
        help="the site's mkdocs.yml (default: ./mkdocs.yml)",
    )
    messages.add_argument(
        "--locales",
        type=Path,
        help="the folder of the site's catalogs (default: the plugin's locales_dir, else locales)",
    )
    _preview_command(commands)
    return parser


PREVIEW_ADDRESS = "127.0.0.1:8000"


def _preview_command(commands: Any) -> None:
    """The `preview` command of the policypress command line."""
    preview = commands.add_parser(
        "preview",
        help="serve one policy (every version and language) with the site's theme; edits show at once",
        description="Serves FILE's policy at http://ADDRESS/ until Ctrl-C, with the theme, Markdown "
        "extensions and plugin options of the site's mkdocs.yml; drafts are shown. Saving a file "
        "of the policy rebuilds its pages.",
    )
    preview.add_argument("file", type=Path, help="a policy file, or a policy's folder")
    preview.add_argument(
        "-f", "--config-file", type=Path, help="the site's mkdocs.yml (default: ./mkdocs.yml, if there)"
    )
    preview.add_argument(
        "-a", "--dev-addr", default=PREVIEW_ADDRESS, metavar="ADDRESS", help=f"default: {PREVIEW_ADDRESS}"
    )
    preview.add_argument(
        "--date", type=dt.date.fromisoformat, metavar="YYYY-MM-DD", help="show the site as on this day"
    )
    preview.add_argument(
        "--no-drafts", action="store_true", help="leave out draft versions, as the site does"
    )
    preview.add_argument("--open", action="store_true", help="open the policy's page in a web browser")


def _authoring_commands(commands: Any) -> None:
    """The commands that help authors write policies: import, new, new-version, fmt, init."""
    source = commands.add_parser(
        "import",
        help="turn a policy in Markdown, HTML, Word (.docx) or plain text into a draft policy file",
        description="Every heading becomes a section with its text word for word; dates, e-mail "
        "addresses, phone numbers and postal addresses the text states are offered as fields, "
        "each with the sentence it came from; whatever only you can say is marked TODO.",
    )
    source.add_argument("source", type=Path, help="the policy: .md, .html, .docx or .txt")
    source.add_argument("-o", "--output", type=Path, help="the file to write (default: print it)")
    source.add_argument("--policy", help="the policy's id (default: from the file name)")
    source.add_argument("--language", help="the text's language tag, e.g. en or zh-CN (default: detected)")
    source.add_argument("--version", default="1", help='the version (default: "1")')
    source.add_argument("--org", help="the organization's name, as readers know it")
    source.add_argument(
        "--format",
        dest="kind",
        choices=("markdown", "html", "docx", "text"),
        help="default: by the file name",
    )
    source.add_argument("--force", action="store_true", help="overwrite the output file")
    new = commands.add_parser(
        "new", help="start a new policy: a minimal valid draft whose comments explain each part"
    )
    new.add_argument("policy", help="the policy's id (lower-case letters, digits and hyphens)")
    new.add_argument("--language", required=True, help="the language tag, e.g. en or zh-CN")
    new.add_argument("--org", help="the organization's name, as readers know it")
    new.add_argument("--version", default="1", help='the version (default: "1")')
    new.add_argument(
        "--root", type=Path, default=DEFAULT_POLICIES, help="the policies folder (default: policies)"
    )
    new.add_argument(
        "-o", "--output", type=Path, help="the file to write (default: ROOT/POLICY/VERSION/LANGUAGE.yaml)"
    )
    version = commands.add_parser(
        "new-version",
        help="start the next version of a policy file: supersedes set, dates and status reset, "
        "a changes record to fill",
    )
    version.add_argument("path", type=Path, help="the current version's file, e.g. policies/zte/1/en.yaml")
    version.add_argument(
        "-o",
        "--output",
        type=Path,
        help="the file to write (default: beside it, in the next version's folder)",
    )
    fmt = commands.add_parser(
        "fmt",
        help="lay policy files out the canonical way (schema key order, quoting, indentation; comments kept)",
        description="Exit status: 0 nothing (left) to change, 1 --check found files to change, 2 trouble.",
    )
    fmt.add_argument("paths", nargs="*", type=Path, help="files or folders (default: ./policies)")
    fmt.add_argument(
        "--check", action="store_true", help="change nothing; list the files fmt would change and exit 1"
    )
    _max_bytes_option(fmt)
    init = commands.add_parser(
        "init",
        help="create a new PolicyPress site (mkdocs.yml, docs/, policies/ with an example) "
        "that builds at once",
    )
    init.add_argument("directory", type=Path, help="a new or empty folder")
    init.add_argument(
        "--refresh-schema",
        action="store_true",
        help="only copy the policy schema into DIRECTORY/schema again",
    )


def _check_command(commands: Any) -> None:
    check = commands.add_parser(
        "check",
        help="check policies against requirement packs (GDPR Art. 13/14, PIPL): what the law requires "
        "a notice to state that the policy does not",
        description="Each requirement the policy does not state is reported at the place it belongs, "
        "with its citation code (GDPR13-2-a), as a warning. Without --pack, the packs each policy "
        "declares in requirement_packs. Exit status: 0 (1 with --strict if anything is reported, or "
        "if a file is invalid), 2 usage error.",
    )
    check.add_argument("paths", nargs="*", type=Path, help="files or folders (default: ./policies)")
    check.add_argument(
        "--pack", action="append", default=[], metavar="NAME", help="a pack to check against (repeatable)"
    )
    check.add_argument("--list", action="store_true", help="list the packs and their requirements")
    check.add_argument("--root", type=Path, default=DEFAULT_POLICIES, help="the policies folder")
    check.add_argument("--format", choices=("text", "json"), default="text", help="how to print findings")
    check.add_argument("--strict", action="store_true", help="fail when a requirement is not stated")
    _max_bytes_option(check)


def _export_command(commands: Any) -> None:
    export = commands.add_parser(
        "export",
        help="write an app-store privacy label from a policy: Apple's PrivacyInfo.xcprivacy "
        "collected-data section, or Google Play's Data safety CSV",
        description="Writes the label from the policy's vocabulary terms (terms.apple, terms.play) and what "
        "it states (linked, tracking, ephemeral, required, recipients). What the platform asks and the "
        "policy does not state is left out (Apple) or marked NOT_STATED (Play), never guessed, and reported "
        "as a warning (PP312). Exit status: 0 (1 if the policy is invalid, or with --strict if anything is "
        "not stated), 2 usage error.",
    )
    export.add_argument("policy", type=Path, help="one policy file")
    export.add_argument("--format", choices=("apple", "play"), required=True, help="the platform")
    export.add_argument("--output", "-o", type=Path, help="the file to write (default: standard output)")
    export.add_argument("--strict", action="store_true", help="fail when the policy does not state something")
    _max_bytes_option(export)


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
    if args.command in _AUTHORING:
        from . import authoring  # only these commands need the importers and the YAML writer

        return int(getattr(authoring, _AUTHORING[args.command])(args))
    if args.command == "messages":
        return _messages(args)
    if args.command == "preview":
        from .plugin.preview import run as run_preview  # only this command needs MkDocs

        return run_preview(args)
    if args.command == "check":
        return _check(args)
    if args.command == "export":
        return _export(args)
    return _validate(args)


_AUTHORING = {
    "import": "run_import",
    "new": "run_new",
    "new-version": "run_new_version",
    "fmt": "run_fmt",
    "init": "run_init",
}


def _validated(args: argparse.Namespace) -> Result | None:
    """The files the arguments name, validated; None (having said why) when there are none."""
    paths: list[Path] = args.paths or [args.root]
    missing = [p for p in paths if not p.exists()]
    if missing:
        print(f"policypress: no such file or folder: {', '.join(map(str, missing))}", file=sys.stderr)
        return None
    result = validate_paths(paths, root=args.root, max_bytes=args.max_bytes)
    if result.files == 0:
        print(f"policypress: no policy files (*.yaml) in {', '.join(map(str, paths))}", file=sys.stderr)
        return None
    return result


def _validate(args: argparse.Namespace) -> int:
    result = _validated(args)
    if result is None:
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


def _check(args: argparse.Namespace) -> int:
    from . import compliance

    names: list[str] = args.pack
    unknown = [name for name in names if name not in compliance.available()]
    if unknown:
        print(
            f"policypress check: no requirement pack {', '.join(unknown)} "
            f"(there are: {', '.join(compliance.available())})",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.list:
        sys.stdout.write(compliance.listing(names or compliance.available()))
        return EXIT_VALID
    result = _validated(args)
    if result is None:
        return EXIT_USAGE
    if result.errors:
        sys.stderr.write(format_text(result.errors))
        print("policypress check: fix these problems first (policypress validate)", file=sys.stderr)
        return EXIT_INVALID
    found = (
        compliance.check_documents(result.documents, result.diagnostics, only=names)
        if names
        else [d for d in result.diagnostics if isinstance(d.code, Citation)]
    )
    if args.format == "json":
        sys.stdout.write(format_json(found))
    else:
        sys.stderr.write(format_text(found))
    packs = ", ".join(names) if names else "the packs each declares"
    print(f"{result.files} file(s) checked against {packs}: {len(found)} finding(s)", file=sys.stderr)
    return EXIT_INVALID if args.strict and found else EXIT_VALID


def _export(args: argparse.Namespace) -> int:
    from .platforms import export  # only this command needs it

    if not args.policy.is_file():
        print(f"policypress export: no such file: {args.policy}", file=sys.stderr)
        return EXIT_USAGE
    result = validate_paths([args.policy], max_bytes=args.max_bytes)
    if result.errors or not result.documents:
        sys.stderr.write(format_text(result.errors))
        print("policypress export: fix these problems first (policypress validate)", file=sys.stderr)
        return EXIT_INVALID
    doc = result.documents[0]
    made = export(doc.data, args.format)
    gaps = made.diagnostics(doc)
    sys.stderr.write(format_text(gaps))
    for note in made.notes:
        print(f"policypress export: note: {note}", file=sys.stderr)
    if args.output is None:
        sys.stdout.buffer.write(made.content)
        sys.stdout.flush()
    else:
        args.output.write_bytes(made.content)
    print(
        f"policypress export: {args.format}: {len(gaps)} thing(s) the policy does not state", file=sys.stderr
    )
    return EXIT_INVALID if args.strict and gaps else EXIT_VALID


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
        output = console_json(diff.to_json())
    elif args.format == "markdown":
        output = console_markdown(_markdown_report(diff_markdown(diff, language), language))
    else:
        output = diff_text(diff, language)
    try:
        sys.stdout.write(output)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader (`| head`) has seen enough; say nothing more at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_TROUBLE
    return EXIT_SAME if diff.is_empty else EXIT_DIFFERENT


def _messages(args: argparse.Namespace) -> int:
    from .i18n import catalogs, messages

    wants_config = args.action == "extract" or args.locales is None
    wants_config = wants_config or (args.action == "check" and args.config_file.is_file())
    config = _site_config(args.config_file) if wants_config else {}
    if config is None:
        return EXIT_USAGE
    folder = args.locales or args.config_file.parent / _plugin_option(config, "locales_dir", "locales")
    try:
        if args.action == "extract":
            written = [messages.extract(messages.nav_titles(config.get("nav") or []), folder)]
        elif args.action == "init":
            if not args.language:
                print("policypress messages init: name the language, e.g. zh-Hant", file=sys.stderr)
                return EXIT_USAGE
            written = [messages.init(args.language, folder)]
        elif args.action == "update":
            written = messages.update(folder)
        else:
            nav = messages.nav_titles(config.get("nav") or []) if config else None
            findings = messages.check(folder, nav)
            for finding in findings:
                print(finding.format(), file=sys.stderr)
            print(f"{len(findings)} message(s) to translate in {folder}", file=sys.stderr)
            return EXIT_INVALID if findings else EXIT_VALID
    except (ValueError, catalogs.CatalogError, OSError) as exc:
        print(f"policypress messages {args.action}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    for path in written:
        print(f"wrote {path}", file=sys.stderr)
    return EXIT_VALID


def _site_config(path: Path) -> dict[str, Any] | None:
    """The site's mkdocs.yml as MkDocs reads it (its !ENV and !relative tags too), or None."""
    from mkdocs.utils.yaml import yaml_load  # only this command reads a site's config

    try:
        with path.open(encoding="utf-8") as file:
            config = yaml_load(file)
    except (OSError, ValueError) as exc:
        print(f"policypress messages: cannot read {path}: {exc}", file=sys.stderr)
        return None
    return config if isinstance(config, dict) else {}


def _plugin_option(config: dict[str, Any], name: str, default: str) -> str:
    """An option of the policypress plugin in a site's config, else `default`."""
    for plugin in config.get("plugins") or ():
        if isinstance(plugin, dict) and isinstance(plugin.get("policypress"), dict):
            value = plugin["policypress"].get(name)
            return str(value) if value else default
    return default


def _markdown_report(blocks: dict[str, str], language: str) -> str:
    """Both blocks under the change page's own headings, or the words for no change."""
    from .render.escape import heading
    from .render.labels import labels_for

    t = labels_for(language)
    parts = [
        f"{heading(getattr(t, title), 2, anchor_id)}\n\n{blocks[key]}"
        for key, title, anchor_id in (
            ("structured", "c_structured", "changes-structured"),
            ("redline", "c_text", "changes-text"),
        )
        if blocks[key]
    ]
    return "\n".join(parts) if parts else f"{t.c_none}\n"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
