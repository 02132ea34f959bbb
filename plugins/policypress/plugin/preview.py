"""`policypress preview FILE`: one policy, every version and language of it, served with the site's
theme in about a second, without building the rest of the site.

It runs MkDocs' own development server (`mkdocs serve --dirty`) on the site's `mkdocs.yml` with a
few settings replaced: the policypress plugin alone (search and other plugins would index or
process the whole site), publishing only FILE's policy, drafts included; the site's own pages
left out (their assets stay), and the policies index as the only page of the nav. The theme,
its options, the Markdown extensions and the plugin's other options are the site's. Without a
`mkdocs.yml` the preview uses mkdocs-material's defaults. Saving the file shows the edit, as
under `mkdocs serve` (serve.py); an invalid file's problems are printed, and the page keeps its
last good version. Warnings are printed, but never keep a page out of view, even if the site is
strict: a draft in progress is what one previews.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path
from typing import Any

from ..layout import SUFFIX

# A site without mkdocs.yml: mkdocs-material with no request to another host.
DEFAULT_SITE = {"site_name": "PolicyPress preview", "theme": {"name": "material", "font": False}}


class PreviewError(Exception):
    """A usage problem, said in words (exit status 2)."""


def run(args: argparse.Namespace) -> int:
    from mkdocs.commands.serve import serve

    try:
        site, options = _site(args.config_file)
        root, policy = policy_folder(args.file, Path(options.get("policies_dir", "policies")), site)
    except PreviewError as exc:
        print(f"policypress: {exc}", file=sys.stderr)
        return 2
    options.update(policies_dir=str(root), only_policies=[policy], drafts=not args.no_drafts)
    if args.date is not None:
        options["build_date"] = args.date.isoformat()
    prefix = str(options.get("url_prefix", "policies")).strip("/")
    languages = sorted({path.stem for path in (root / policy).glob(f"*/*{SUFFIX}")})
    _log_to_console()
    print(f"policypress: previewing {policy} from {root / policy}", file=sys.stderr)
    for language in languages:
        print(f"  {language}: http://{args.dev_addr}/{prefix}/{policy}/{language}/", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="policypress-preview-") as scratch:
        config_file = site if site is not None else _default_site(Path(scratch))
        try:
            serve(
                config_file=str(config_file),
                livereload=True,
                build_type="dirty",
                open_in_browser=args.open,
                dev_addr=args.dev_addr,
                # A draft's warnings (its TODOs) are shown, and do not keep its pages out of view.
                strict=False,
                plugins=[{"policypress": options}],
                # The site's own pages are left out (not their assets): the policies index alone.
                nav=[f"{prefix}/index.md"],
                exclude_docs=f"*.md\n!/{prefix}/index.md\n",
            )
        except SystemExit as exc:  # MkDocs' Abort: a configuration problem, already logged
            return int(exc.code) if isinstance(exc.code, int) else 1
    return 0


def policy_folder(target: Path, policies_dir: Path, site: Path | None) -> tuple[Path, str]:
    """(the policies folder, the policy's id) for a policy file or a policy's folder.

    Inside the site's policies folder, the policy is the folder under it; elsewhere, the file is
    taken to sit at <policies>/<policy>/<version>/<language>.yaml (a folder: <policies>/<policy>).
    """
    if not target.exists():
        raise PreviewError(f"no such file or folder: {target}")
    target = target.resolve()
    base = (site.parent if site is not None else Path.cwd()) / policies_dir
    policies = base.resolve()
    if target.is_relative_to(policies) and target != policies:
        return policies, target.relative_to(policies).parts[0]
    if target.is_dir():
        return target.parent, target.name
    if target.suffix != SUFFIX:
        raise PreviewError(f"{target} is not a policy file (<policy>/<version>/<language>{SUFFIX})")
    return target.parents[2], target.parents[1].name


def _site(config_file: Path | None) -> tuple[Path | None, dict[str, Any]]:
    """The site's mkdocs.yml (None: there is none) and its policypress options."""
    from mkdocs.utils.yaml import yaml_load

    path = config_file if config_file is not None else Path("mkdocs.yml")
    if not path.is_file():
        if config_file is not None:
            raise PreviewError(f"no such file: {config_file}")
        return None, {}
    with path.open(encoding="utf-8") as file:
        config = yaml_load(file) or {}
    for plugin in config.get("plugins") or []:
        if plugin == "policypress":
            return path.resolve(), {}
        if isinstance(plugin, dict) and "policypress" in plugin:
            return path.resolve(), dict(plugin["policypress"] or {})
    return path.resolve(), {}


def _default_site(folder: Path) -> Path:
    import json

    (folder / "docs").mkdir()
    config = folder / "mkdocs.yml"
    config.write_text(json.dumps(DEFAULT_SITE), encoding="utf-8")  # JSON is YAML
    return config


def _log_to_console() -> None:
    """MkDocs' messages on the console, as its own command line prints them."""
    from mkdocs.__main__ import ColorFormatter

    logger = logging.getLogger("mkdocs")
    if not any(getattr(handler, "name", None) == "PolicyPressPreview" for handler in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(ColorFormatter())
        handler.name = "PolicyPressPreview"
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
