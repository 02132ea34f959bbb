"""Writing policy YAML as people read it: ruamel.yaml's round trip (comments kept), the project's
indentation, and quotes on every value another YAML reader would take for something else.

Two resolvers: files are *read* as PolicyPress's loader reads them (only true/false, null and
plain decimal integers are not text), and *written* so that a YAML 1.1 reader (PyYAML, many
editors) would get the same values: `no`, `on`, `0755`, `1.10` or `1:30` are quoted. Dates are
left plain, as authors write them: every reader agrees on the day.
"""

from __future__ import annotations

import io
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.resolver import BaseResolver

_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_NULL = "tag:yaml.org,2002:null"


class _Resolver(BaseResolver):
    """A resolver with only the implicit types added below (ruamel passes it a version)."""

    processing_version = (1, 2)

    def __init__(self, version: Any = None, loader: Any = None, loadumper: Any = None) -> None:
        super().__init__(loader if loader is not None else loadumper)


class _ReadResolver(_Resolver):
    """What PolicyPress's loader (yamlload) reads as anything but text."""


_ReadResolver.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_ReadResolver.add_implicit_resolver(_INT, re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
_ReadResolver.add_implicit_resolver(_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])


class _WriteResolver(_Resolver):
    """What a YAML 1.1 reader takes for a boolean, number or null: such text must be quoted."""


_WriteResolver.add_implicit_resolver(
    _BOOL,
    re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$"),
    list("yYnNtTfFoO"),
)
_WriteResolver.add_implicit_resolver(
    _INT,
    re.compile(
        r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
        r"|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$"
    ),
    list("-+0123456789"),
)
_WriteResolver.add_implicit_resolver(
    _FLOAT,
    re.compile(
        r"^(?:[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+)$"
    ),
    list("-+0123456789."),
)
_WriteResolver.add_implicit_resolver(_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])


def reader() -> YAML:
    """A round-trip reader that keeps comments and reads values as PolicyPress does."""
    yaml = YAML(typ="rt")
    yaml.Resolver = _ReadResolver
    yaml.preserve_quotes = True
    return yaml


def writer() -> YAML:
    """A round-trip writer: 2-space mappings, list dashes indented by 2, no line folding."""
    yaml = YAML(typ="rt")
    yaml.Resolver = _WriteResolver
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 1_000_000  # never fold a long line: authors decide where lines break
    yaml.allow_unicode = True
    yaml.representer.add_representer(type(None), _null)
    return yaml


def _null(representer: Any, _: None) -> Any:
    """null written out (ruamel would leave the value empty, which readers miss)."""
    return representer.represent_scalar(_NULL, "null")


def dump(data: Any) -> str:
    out = io.StringIO()
    writer().dump(data, out)
    return out.getvalue()
