"""The plugin's options, as MkDocs config options: a bad value stops the build with MkDocs' own message."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import langcodes
from mkdocs.config import base
from mkdocs.config import config_options as c

from ..compliance import available
from ..names import UnsafePathError, site_path
from ..yamlload import DEFAULT_MAX_BYTES

_URL_PATH = re.compile(r"[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*")


class UrlPath(c.Type[str]):
    """A site folder such as `policies` or `legal/privacy`: lower-case, no `..`, no leading slash."""

    def __init__(self, default: str | None = None) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> Any:
        text = super().run_validation(value)
        stripped = text.strip("/")
        if not _URL_PATH.fullmatch(stripped) or ".." in stripped.split("/"):
            raise base.ValidationError(
                f"'{text}' is not a usable site folder: use lower-case letters, digits, '-', '_', '.' "
                "and '/' between folders, for example 'policies' or 'legal/privacy'"
            )
        try:
            return site_path(stripped)
        except UnsafePathError as exc:
            raise base.ValidationError(f"'{text}' is not a usable site folder: {exc}") from None


class LanguageTag(c.Type[str]):
    """A valid BCP 47 tag, kept in its canonical form (zh-cn → zh-CN)."""

    def __init__(self, default: str) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> Any:
        tag = super().run_validation(value)
        if not langcodes.tag_is_valid(tag):
            raise base.ValidationError(f"'{tag}' is not a BCP 47 language tag; write one such as en or zh-CN")
        return langcodes.standardize_tag(tag)


class PositiveInt(c.Type[int]):
    def __init__(self, default: int | None = None) -> None:
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> Any:
        number = super().run_validation(value)
        if isinstance(number, bool) or number <= 0:
            raise base.ValidationError(f"expected a positive number of bytes, got {number!r}")
        return number


class BuildDate(base.BaseConfigOption[dt.date]):
    """A calendar date, written YYYY-MM-DD (quoted or not: YAML may already have made it a date)."""

    def run_validation(self, value: object) -> dt.date:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise base.ValidationError(f"'{value}' is not a date; write one as YYYY-MM-DD") from None


class PolicyPressConfig(base.Config):  # type: ignore[no-untyped-call]  # mkdocs' __init_subclass__
    policies_dir = c.Dir(exists=True, default="policies")
    """The folder of policy files, <policy>/<version>/<language>.yaml, relative to mkdocs.yml."""
    schema = c.Optional(c.File(exists=True))
    """A site's own JSON Schema that every policy must also satisfy (house rules), besides PolicyPress's."""
    url_prefix = UrlPath(default="policies")
    """The site folder of the policies index and pages."""
    api_prefix = UrlPath(default="api/v1")
    """The site folder of the JSON for apps."""
    default_language = LanguageTag(default="en")
    """The language of the policies index, and of a policy's JSON when no better one is published."""
    templates_dir = c.Optional(c.Dir(exists=True))
    """A folder of Jinja templates that replace the package's (policy.md.j2, parts/purposes.md.j2, …)."""
    locales_dir = c.Optional(c.Dir(exists=True))
    """A folder of the site's own message catalogs, `<language>.po`: translations of its nav titles
    (msgctxt "nav"), PolicyPress's words reworded, or a language PolicyPress has no catalog for."""
    drafts = c.Type(bool, default=False)
    """Publish draft versions too (for previews; never for the public site)."""
    max_bytes = PositiveInt(default=DEFAULT_MAX_BYTES)
    """The largest policy file accepted."""
    field_reference = c.Optional(UrlPath())
    """A site folder for the field reference pages (policy.md, catalog.md, manifest.md, notice.md,
    consent-record.md), written from the JSON Schemas' descriptions; unset, there are none."""
    build_date = c.Optional(BuildDate())
    """The day the site is built for (YYYY-MM-DD): which versions are in force and which upcoming.
    Unset: the day of SOURCE_DATE_EPOCH if set, else today (UTC). For previews and tests."""
    host_files = c.Type(bool, default=True)
    """Write the host configuration into the site: `_headers` (Netlify, Cloudflare Pages) and
    `_policypress/nginx.conf` (security headers, CORS on the JSON, caching)."""
    precompress = c.ListOfItems(c.Choice(("gzip", "br")), default=["gzip"])
    """Write compressed copies beside the site's text files of 1 KB or more, for nginx's
    gzip_static (`gzip`: `.gz`) and brotli_static (`br`: `.br`, with the package's `brotli`
    extra); `[]` writes none. Never under `mkdocs serve`."""
    clean_pages = c.Choice(("auto", "always"), default="auto")
    """Pass each policy page's HTML through an nh3 allowlist: `always`, or (`auto`) only when the
    site enables a Markdown extension or option PolicyPress's XSS tests do not build with."""
    only_policies = c.ListOfItems(c.Type(str), default=[])
    """Publish only these policies (their ids, the folders under policies_dir); empty: every policy.
    For previews: `policypress preview` sets it."""
    required_packs = c.ListOfItems(c.Choice(available()), default=[])
    """Requirement packs every policy of the site must meet (gdpr-13, gdpr-14, pipl): checked on
    every policy, declared or not, and what they find is a warning, so `mkdocs build --strict`
    fails on it. The packs a policy only declares itself are reported as information."""
    workers = c.Optional(PositiveInt())
    """Worker processes for big sites (default: one per core; 1 keeps everything in MkDocs' process)."""
