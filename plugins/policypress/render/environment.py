"""The Jinja environment that lays out policy pages, one per process per site template folder.

Templates come from the site's folder first, then from the package, so a site
overrides the whole page (policy.md.j2) or one part (parts/purposes.md.j2) by
placing a file of the same name; the package's own templates stay reachable as
"policypress/<name>" for `{% extends %}`. Autoescape is off (the output is Markdown,
not HTML); instead every `{{ … }}` must yield SafeMd — text that went through an
escaping filter, or the catalog's own words — or an integer. Anything else stops
the render, so a template that forgets to escape fails loudly instead of
publishing raw policy text. (Macro calls return plain strings, so page templates
use includes, not macros, for output.)
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, StrictUndefined, TemplateError

from .escape import SafeMd
from .filters import FILTERS, GLOBALS

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


class TemplateOutsideFolderError(TemplateError):
    """A site template is a symbolic link to a file outside the site's templates folder."""


class _FolderLoader(FileSystemLoader):
    """A site's templates folder (resolved), which serves no file from outside it: a template
    that is a symbolic link elsewhere (or sits in a linked folder) is refused, not read."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))
        self.folder = folder

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        target = Path(filename).resolve()
        if not target.is_relative_to(self.folder):
            raise TemplateOutsideFolderError(
                f"the template {filename} is a symbolic link to {target}, outside the templates folder "
                f"{self.folder}; copy the file in instead"
            )
        return source, filename, uptodate


class UnescapedOutputError(TypeError):
    """A template printed a value that did not go through an escaping filter."""


def _require_escaped(value: Any) -> Any:
    if isinstance(value, SafeMd) or value == "" or (type(value) is int):
        return value
    shown = repr(value)
    raise UnescapedOutputError(
        f"a template printed {shown[:80]}{'…' if len(shown) > 80 else ''} without escaping it; "
        "pass policy values through md, cell, markdown, link or another PolicyPress filter"
    )


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _PolicyEnvironment(Environment):
    """Jinja's environment, reading `doc.title` from a policy's dicts without an exception.

    Jinja looks `x.name` up as an attribute first and, when that raises AttributeError, as
    an item. A policy is plain dicts, so nearly every lookup took the exception (a tenth of
    a page's rendering). For a plain dict and a name that is not one of dict's own
    attributes (`items`, `get`, … still mean the methods, as before) the attribute lookup
    can only fail: going straight to the item gives the same value or the same Undefined.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


def environment(templates_dir: Path | None = None) -> Environment:
    """The environment for `templates_dir` (None: the package's templates only), built once.

    It reads each template once and never looks at the files again (checking every
    template's time stamp on every include costs a tenth of a page's rendering): a
    long-running process that must see edited templates calls `forget` first, as the
    plugin does at the start of every build.
    """
    return _cached(templates_dir.resolve() if templates_dir is not None else None)


def compile_all(templates_dir: Path | None = None) -> None:
    """Compile every template of `templates_dir` and the package's now, in this process: under
    `mkdocs serve`, worker processes render a big site's first build, and the first save would
    otherwise wait for the compilation (a second or two) in MkDocs' process."""
    env = environment(templates_dir)
    for name in env.list_templates(filter_func=lambda name: not name.startswith("policypress/")):
        if name.endswith(".j2"):
            env.get_template(name)


def forget() -> None:
    """Drop every environment and the templates it compiled, so edited templates show next time."""
    _cached.cache_clear()


@cache
def _cached(templates_dir: Path | None) -> Environment:
    package = FileSystemLoader(str(PACKAGE_TEMPLATES))
    site = [_FolderLoader(templates_dir)] if templates_dir is not None else []
    env = _PolicyEnvironment(
        loader=ChoiceLoader([*site, package, PrefixLoader({"policypress": package})]),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_require_escaped,
        auto_reload=False,
    )
    env.filters.update(FILTERS)
    env.globals.update(GLOBALS)
    return env
