"""Node.js for the tests: Ajv on the published schemas (tests/node) and the JavaScript client
(clients/js). `./dev test` installs Node's packages with `npm ci`; where CI demands every test
(POLICYPRESS_REQUIRE_BROWSER=1), a missing Node or package fails the test instead of skipping it."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

from .browser.conftest import _unavailable

ROOT = Path(__file__).resolve().parents[1]
NODE_TESTS = ROOT / "tests" / "node"
JS_CLIENT = ROOT / "clients" / "js"


def node(*, packages: bool = False) -> str:
    """The `node` executable; with `packages`, also tests/node's installed packages (Ajv)."""
    found = shutil.which("node")
    if found is None:
        _unavailable("Node.js is not installed (apt-get install nodejs npm)")
    if packages and not (NODE_TESTS / "node_modules" / "ajv").is_dir():
        _unavailable(f"Node's packages are not installed: run `npm ci` in {NODE_TESTS}")
    return str(found)


def npm() -> str:
    found = shutil.which("npm")
    if found is None:
        _unavailable("npm is not installed (apt-get install npm)")
    return str(found)


def run_node(
    args: list[str], *, cwd: Path | None = None, env: Mapping[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [node(), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
        env={**os.environ, "NODE_OPTIONS": "", **(env or {})},
    )
