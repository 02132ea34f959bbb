"""Policy data → a Markdown page, laid out by Jinja templates that a site can override.

No MkDocs here: the MkDocs adapter adds page metadata and navigation around what
render_policy returns.
"""

from __future__ import annotations

from .environment import UnescapedOutputError, environment
from .escape import SafeMd
from .markdown import render_policy

__all__ = ["SafeMd", "UnescapedOutputError", "environment", "render_policy"]
