"""The schema in an editor: yaml-language-server (tests/lsp, installed by `npm ci`), driven over
its protocol on stdio, completes field names, explains them on hover and flags an unknown key,
and its "New policy" snippet inserts a file that loads and validates.

Skipped when Node.js or the server is missing, except in CI (POLICYPRESS_REQUIRE_BROWSER=1),
where that fails: the editor tests must never skip silently there.
"""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

from policypress.diagnostics import Severity
from policypress.validate import validate_document
from policypress.yamlload import load_text

ROOT = Path(__file__).resolve().parents[1]
SERVER = ROOT / "tests" / "lsp" / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
SCHEMA = (ROOT / "schema" / "policy.schema.json").as_uri()
WAIT_S = 60  # generous: the server starts slowly on a busy machine


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get("POLICYPRESS_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (POLICYPRESS_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(reason)


class Client:
    """A minimal LSP client: Content-Length framed JSON-RPC over the server's stdin and stdout."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process
        self.incoming: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        self.settings = {"yaml": {"validate": True, "hover": True, "completion": True, "schemas": {}}}
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            headers = {}
            while (line := stream.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode().partition(":")
                headers[name.strip().lower()] = value.strip()
            if not headers:
                return
            self.incoming.put(json.loads(stream.read(int(headers["content-length"]))))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        number = self.next_id
        self.send({"id": number, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == number and "method" not in m)["result"]

    def wait(self, wanted: Any) -> dict[str, Any]:
        """The next message `wanted` accepts, answering the server's own requests meanwhile."""
        while True:
            message = self.incoming.get(timeout=WAIT_S)
            if "method" in message and "id" in message:  # a request from the server
                result: Any = None
                if message["method"] == "workspace/configuration":
                    result = [
                        self.settings.get(item.get("section", ""), self.settings["yaml"])
                        for item in message["params"]["items"]
                    ]
                self.send({"id": message["id"], "result": result})
                continue
            if wanted(message):
                return message


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    node = shutil.which("node")
    if node is None:
        _unavailable("Node.js is not installed")
    if not SERVER.is_file():
        _unavailable("yaml-language-server is not installed (cd tests/lsp && npm ci)")
    process = subprocess.Popen(
        [node, str(SERVER), "--stdio"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    lsp = Client(process)
    capabilities = {
        "textDocument": {
            "completion": {"completionItem": {"snippetSupport": True}},
            "hover": {"contentFormat": ["markdown", "plaintext"]},
            "publishDiagnostics": {},
        },
        "workspace": {"configuration": True},
    }
    lsp.request(
        "initialize", {"processId": os.getpid(), "rootUri": ROOT.as_uri(), "capabilities": capabilities}
    )
    lsp.notify("initialized", {})
    lsp.notify("workspace/didChangeConfiguration", {"settings": lsp.settings})
    try:
        yield lsp
    finally:
        process.kill()
        process.wait()
        for pipe in (process.stdin, process.stdout):
            if pipe is not None:
                pipe.close()


def open_document(client: Client, name: str, text: str) -> str:
    uri = (ROOT / "tests" / "lsp" / name).as_uri()
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}},
    )
    return uri


MODELINE = f"# yaml-language-server: $schema={SCHEMA}\n"


def test_an_unknown_key_is_flagged(client: Client) -> None:
    text = MODELINE + "policy: example\ntitel: Privacy Policy\n"
    uri = open_document(client, "unknown.yaml", text)
    message = client.wait(
        lambda m: (
            m.get("method") == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == uri
            and any("titel" in d["message"] for d in m["params"]["diagnostics"])
        )
    )
    (flagged,) = [d for d in message["params"]["diagnostics"] if "titel" in d["message"]]
    assert flagged["range"]["start"]["line"] == 2


def test_field_names_complete_and_hover_explains_them(client: Client) -> None:
    text = MODELINE + "status: draft\n\n"
    uri = open_document(client, "complete.yaml", text)
    result = client.request(
        "textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": 2, "character": 0}}
    )
    items = result["items"] if isinstance(result, dict) else result
    labels = {item["label"] for item in items}
    assert {"policy", "controller", "sections", "data_categories"} <= labels
    hover = client.request(
        "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 1, "character": 2}}
    )
    contents = json.dumps(hover["contents"])
    assert "draft: validated but never published" in contents


def test_the_new_policy_snippet_inserts_a_file_that_validates(client: Client) -> None:
    uri = open_document(client, "snippet.yaml", MODELINE)
    result = client.request(
        "textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": 1, "character": 0}}
    )
    items = result["items"] if isinstance(result, dict) else result
    (snippet,) = [item for item in items if item["label"] == "New policy"]
    inserted = snippet.get("insertText") or snippet["textEdit"]["newText"]
    body = re.sub(r"\$\{\d+:([^}]*)\}", r"\1", inserted)  # each placeholder as its default text
    body = re.sub(r"\$\d+", "", body)
    document = load_text(MODELINE + body + "\n", "snippet.yaml")
    errors = [d.format() for d in validate_document(document) if d.severity is Severity.ERROR]
    assert errors == [], body
    assert document.data["version"] == "1" and document.data["status"] == "draft"


def _snippets(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield from node.get("defaultSnippets", [])
        for value in node.values():
            yield from _snippets(value)
    elif isinstance(node, list):
        for value in node:
            yield from _snippets(value)


def test_every_snippet_of_the_schema_loads_as_yaml() -> None:
    """Without an editor: each snippet's text, placeholders filled with their defaults, is YAML
    PolicyPress reads (the whole-file starter also validates)."""
    schema = json.loads((ROOT / "schema" / "policy.schema.json").read_text(encoding="utf-8"))
    snippets = list(_snippets(schema))
    assert snippets
    for snippet in snippets:
        assert "bodyText" in snippet, (
            "write snippets as bodyText: an editor turns a body object into YAML its own way"
        )
        text = re.sub(r"\$\{\d+:([^}]*)\}", r"\1", snippet["bodyText"])
        document = load_text(text + "\n", "snippet.yaml")
        if snippet in schema.get("defaultSnippets", []):
            assert [d.format() for d in validate_document(document) if d.severity is Severity.ERROR] == []
