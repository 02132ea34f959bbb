"""The JavaScript client (clients/js) without a site: its tests on the shared case tables, its
TypeScript types, and a package npm would publish as it should. Against the site served by
nginx, and in Chromium: tests/browser/test_clients.py."""

from __future__ import annotations

import json
import re
import subprocess

from .nodejs import JS_CLIENT, NODE_TESTS, node, npm, run_node


def test_the_case_tables_with_node_s_test_runner() -> None:
    run = run_node(["--test", "test/"], cwd=JS_CLIENT, env={"POLICYPRESS_SITE_URL": ""})
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr
    assert re.search(r"^# fail 0$", run.stdout, re.MULTILINE)
    assert int(re.search(r"^# pass (\d+)$", run.stdout, re.MULTILINE).group(1)) >= 5  # type: ignore[union-attr]


def test_the_types_accept_an_app_and_refuse_a_misuse() -> None:
    """tests/node/client-types.ts uses the API as an app in TypeScript would (strict mode)."""
    node(packages=True)
    run = run_node(
        [str(NODE_TESTS / "node_modules" / "typescript" / "bin" / "tsc"), "-p", "tsconfig.json"],
        cwd=NODE_TESTS,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_package_is_ready_to_publish() -> None:
    package = json.loads((JS_CLIENT / "package.json").read_text(encoding="utf-8"))
    assert package["type"] == "module" and "dependencies" not in package
    assert package["exports"]["."] == {"types": "./index.d.ts", "default": "./src/index.js"}
    packed = subprocess.run(
        [npm(), "pack", "--dry-run", "--json"], cwd=JS_CLIENT, capture_output=True, text=True, check=False
    )
    assert packed.returncode == 0, packed.stderr
    files = sorted(f["path"] for f in json.loads(packed.stdout)[0]["files"])
    assert files == [
        "README.md",
        "index.d.ts",
        "package.json",
        "src/canonical.js",
        "src/client.js",
        "src/decisions.js",
        "src/index.js",
        "src/languages.js",
    ]
