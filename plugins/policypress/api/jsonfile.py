"""One way to write JSON and one way to digest it, so output is byte-identical across builds."""

from __future__ import annotations

import hashlib
from typing import Any

import orjson
import rfc8785

DIGEST_PREFIX = "sha256:"


def dumps(value: Any) -> bytes:
    """Sorted keys, two-space indent, UTF-8 (not \\u escapes), newline at the end."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2) + b"\n"


def digest(value: Any) -> str:
    """sha256 of the RFC 8785 (JCS) canonical form: independent of key order and whitespace."""
    return DIGEST_PREFIX + hashlib.sha256(rfc8785.dumps(value)).hexdigest()
