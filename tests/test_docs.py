"""The site's own docs stay in step with the code."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from policypress.diagnostics import Code

ROOT = Path(__file__).resolve().parents[1]


def test_every_error_code_is_documented_once() -> None:
    table = (ROOT / "docs" / "authors" / "validation.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| (PP\d{3}) \|", table, re.MULTILINE)
    assert documented == sorted(c.value for c in Code)


def test_readme_starts_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head = readme[: readme.index("\n## ", readme.index("## Quick start") + 1)]
    assert "./dev serve" in head and "./dev test" in head
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").rstrip().endswith("exec ./dev test")


def test_every_plugin_option_is_documented() -> None:
    from policypress.plugin.config import PolicyPressConfig

    page = (ROOT / "docs" / "authors" / "publishing.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| `(\w+)` \|", page, re.MULTILINE)
    assert sorted(documented) == sorted(name for name, _ in PolicyPressConfig._schema)


def _python_example(page: Path) -> str:
    blocks = re.findall(r"^```python\n(.*?)^```", page.read_text(encoding="utf-8"), re.MULTILINE | re.DOTALL)
    assert len(blocks) == 1, "the page has one Python example"
    return blocks[0]


@pytest.fixture
def served_api() -> Iterator[str]:
    """The seed site's JSON (the golden copy the publishing tests keep exact), over HTTP on 127.0.0.1."""
    handler = partial(_QuietHandler, directory=str(ROOT / "tests" / "golden" / "site"))
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/"
        finally:
            server.shutdown()
            thread.join()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def test_the_app_developers_example_works(served_api: str, tmp_path: Path) -> None:
    script = tmp_path / "check_policy.py"
    script.write_text(_python_example(ROOT / "docs" / "apps" / "json-api.md"), encoding="utf-8")

    def run(policy: str) -> str:
        done = subprocess.run(
            [sys.executable, str(script), served_api, policy], cwd=tmp_path, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    first = run("cmcc-guangdong")  # zh-Hans-CN is preferred: the Chinese edition matches by language
    assert first.startswith("隐私协议 (zh-CN, version 1)") and "\n- " in first
    assert run("cmcc-guangdong").startswith("unchanged: 隐私协议")
    assert run("zte").startswith("隐私政策（非官方中文译本） (zh-CN, version 1)")  # the Chinese translation
    assert run("ntt-com-china").startswith("Privacy Policy (en, version 1)")  # no Chinese edition: en-GB → en
    # An app that showed version 1 learns, from the catalog alone, that version 2 needs consent again.
    (tmp_path / "example-telecom.seen.json").write_text('{"version": "1", "digest": "sha256:old"}')
    changed = run("example-telecom").splitlines()
    assert changed[:3] == [
        "version 2: a material change",
        "version 3: no material change",
        "ask for consent again",
    ]
    assert changed[3] == "示例电信隐私政策 (zh-CN, version 3)"  # zh-Hans-CN preferred: the translation
    assert changed[-1] == "version 4 takes effect on 2027-07-01"
    assert run("example-telecom").startswith("unchanged: 示例电信隐私政策")


def test_the_language_table_is_what_the_examples_pick_language_does() -> None:
    """Every row of the table in 'Picking a language' holds for the example's own function."""
    page = ROOT / "docs" / "apps" / "json-api.md"
    tree = ast.parse(_python_example(page))
    (function,) = [
        node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == "pick_language"
    ]
    namespace: dict[str, Any] = {}
    exec(compile(ast.Module(body=[function], type_ignores=[]), "json-api.md", "exec"), namespace)
    rows = re.findall(
        r"^\| (`[^|]+`) \| (`[^|]+`) \| `([^`]+)`", page.read_text(encoding="utf-8"), re.MULTILINE
    )
    assert len(rows) >= 4
    for preferred, available, shown in rows:
        tags = lambda cell: re.findall(r"`([^`]+)`", cell)  # noqa: E731
        picked = namespace["pick_language"](tags(available), tags(preferred), "default_language")
        assert picked == shown, (preferred, available)
