"""Digests: the fast canonical form is RFC 8785's, byte for byte, with `rfc8785` as the reference."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from policypress.api.jsonfile import _orjson_is_canonical, canonical
from policypress.api.manifest import UNDIGESTED, build_manifest
from policypress.validate import validate_paths

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_POLICIES = ROOT / "tests" / "fixtures" / "site" / "policies"
SAFE = 2**53 - 1


def reference(value: Any) -> bytes | type[BaseException]:
    try:
        return rfc8785.dumps(value)
    except Exception as exc:
        return type(exc)


def ours(value: Any) -> bytes | type[BaseException]:
    try:
        return canonical(value)
    except Exception as exc:
        return type(exc)


def test_every_character_is_escaped_as_rfc8785_escapes_it() -> None:
    """Escaping is per character, so one string of every character (but surrogates) checks them all."""
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    assert _orjson_is_canonical({"text": everything})
    assert canonical({"text": everything}) == rfc8785.dumps({"text": everything})


def test_the_seed_manifests_take_the_fast_path_and_match_the_reference() -> None:
    result = validate_paths([FIXTURE_POLICIES], root=FIXTURE_POLICIES)
    assert result.documents
    for doc in result.documents:
        manifest = build_manifest(doc.data, schema_url="s.json", links={"catalog": "c.json"})
        body = {key: value for key, value in manifest.items() if key not in UNDIGESTED}
        assert _orjson_is_canonical(body)
        assert canonical(body) == rfc8785.dumps(body)


@pytest.mark.parametrize(
    ("value", "fast"),
    [
        ({"\ue000": 1, "\U0001f600": 2}, False),  # UTF-16 and code point orders differ here
        ({"a": "\U0001f600"}, True),  # only keys decide the order
        ({"n": SAFE, "m": -SAFE}, True),
        ({"n": SAFE + 1}, False),
        ({"n": -SAFE - 1}, False),
        ({"x": 1.0}, False),
        ({"x": (1, 2)}, False),
        ({1: "a"}, False),
        ({"x": "\ud800"}, True),  # orjson refuses a lone surrogate; the reference decides
        ({"b": [True, False, None, {}, []], "a": ""}, True),
    ],
)
def test_the_fast_path_is_taken_only_where_it_is_exact(value: Any, fast: bool) -> None:
    assert _orjson_is_canonical(value) is fast
    assert ours(value) == reference(value)


KEYS = st.text(max_size=4) | st.sampled_from(["a", "b", "\ue000", "\uffff", "\U00010000", "\U0001f600"])
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-SAFE - 2, max_value=SAFE + 2)
    | st.integers()
    | st.floats()
    | st.text()
)
JSONISH = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4) | st.tuples(inner, inner)
    ),
    max_leaves=20,
)


@settings(max_examples=500, deadline=None)
@given(JSONISH)
def test_canonical_is_rfc8785(value: Any) -> None:
    assert ours(value) == reference(value)
