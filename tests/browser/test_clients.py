"""The client libraries against the project's own site, built and served by nginx with the shipped
configuration: the Python client here, the JavaScript client with Node's test runner and in
Chromium from a page on another origin, and the app developers' docs' examples of both.

The case tables they share (clients/cases/) run without a site too: tests/test_client_cases.py
and clients/js/test/cases.test.js.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema
import pytest

from policypress.client import DigestMismatch, PolicyClient, verify_manifest, version_in_force

from ..nginx import serving
from ..nodejs import JS_CLIENT, run_node
from .conftest import ROOT, TIMEOUT_MS, serve

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

DOCS = ROOT / "docs" / "apps" / "clients.md"
DAY = "2026-12-01"  # the app's day in these tests: example-telecom's version 3 is in force, 4 upcoming


@pytest.fixture(scope="module")
def site_url(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The built site, served by nginx with the shipped snippet (this module's own server)."""
    with serving(built_site, tmp_path_factory.mktemp("nginx-clients")) as url:
        yield url


def _code(language: str) -> str:
    blocks = re.findall(
        rf"^```{language}\n(.*?)^```", DOCS.read_text(encoding="utf-8"), re.MULTILINE | re.DOTALL
    )
    assert len(blocks) == 1, f"clients.md has one {language} example"
    return str(blocks[0])


# ---------------------------------------------------------------- Python


def test_the_catalog_is_revalidated_not_downloaded_again(site_url: str) -> None:
    client = PolicyClient(site_url)
    first = client.catalog()
    assert client.catalog() == first
    assert (client.requests, client.not_modified) == (2, 1)


def test_every_manifest_verifies_and_an_altered_one_is_refused(site_url: str) -> None:
    client = PolicyClient(site_url)
    verified = 0
    for policy in client.catalog()["policies"]:
        for version in policy["versions"]:
            for entry in version["languages"]:
                manifest = client.manifest(entry)
                assert (manifest["version"], manifest["language"]) == (version["version"], entry["language"])
                verified += 1
    assert verified >= 15  # every edition of the seed site
    manifest = client.manifest(client.edition("zte", ["en"], DAY))
    with pytest.raises(DigestMismatch):
        verify_manifest({**manifest, "title": "Something else"})
    with pytest.raises(DigestMismatch):
        verify_manifest(manifest, "sha256:" + "0" * 64)  # not what the catalog lists


def test_a_reader_s_languages_pick_the_edition_whose_notice_and_manifest_agree(site_url: str) -> None:
    client = PolicyClient(site_url)
    edition = client.edition("example-telecom", ["zh-Hans-CN"], DAY)
    assert (edition["version"], edition["language"]) == ("3", "zh-CN")
    notice = client.notice(edition)
    assert notice["digest"] == edition["digest"] == client.manifest(edition)["digest"]
    assert any(p["key"] == "rights" and p["label"] == "您的权利" for p in notice["points"])
    assert client.edition("example-telecom", ["zh-TW"], DAY)["language"] == "zh-TW"  # its Traditional edition
    assert client.edition("example-telecom", ["fr"], DAY)["language"] == "en"  # the default


def test_decisions_on_the_site(site_url: str) -> None:
    client = PolicyClient(site_url)
    v1 = client.policy("example-telecom")["versions"][0]["languages"][0]
    record = {
        "state": "given",
        "notice": {"policy": "example-telecom", "version": "1", "language": "en", "digest": v1["digest"]},
    }
    decision = client.decide("example-telecom", record, ["en"], DAY)
    assert (decision.action, decision.reason) == ("ask-again", "reconsent")
    assert [c["version"] for c in decision.changes] == ["2", "3"]
    assert [c["version"] for c in decision.upcoming] == ["4"]
    assert decision.edition is not None
    seen = {**record, "notice": {**record["notice"], "version": "3", "digest": decision.edition["digest"]}}
    later = client.decide("example-telecom", seen, ["en"], "2027-07-01")  # the app's clock, not the catalog's
    assert (later.action, later.reason, later.changes[0]["version"]) == ("notify", "material", "4")
    assert "three months" in later.changes[0]["summary"]
    versions = client.versions("example-telecom")
    assert [version_in_force(versions, day)["version"] for day in ("2024-05-01", "2027-07-01")] == ["2", "4"]


# ---------------------------------------------------------------- JavaScript


def test_the_javascript_client_s_tests_pass_against_the_site(site_url: str) -> None:
    run = run_node(["--test", "test/"], cwd=JS_CLIENT, env={"POLICYPRESS_SITE_URL": site_url})
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr
    assert re.search(r"^# fail 0$", run.stdout, re.MULTILINE) and re.search(
        r"^# skipped 0$", run.stdout, re.MULTILINE
    )
    assert int(re.search(r"^# pass (\d+)$", run.stdout, re.MULTILINE).group(1)) >= 10  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def app_origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A web app on another origin, with the client's modules as it would bundle them."""
    folder = tmp_path_factory.mktemp("app")
    shutil.copytree(JS_CLIENT / "src", folder / "client")
    (folder / "index.html").write_text("<!doctype html><title>app</title><p>An app.</p>\n", encoding="utf-8")
    with serve(folder) as url:
        yield url


def test_the_javascript_client_in_chromium_on_another_origin(
    browser: Browser, site_url: str, app_origin: str
) -> None:
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(app_origin)
        result: dict[str, Any] = page.evaluate(
            """async site => {
                const { PolicyClient, DigestMismatchError } = await import("./client/index.js");
                const client = new PolicyClient(site);
                const catalog = await client.catalog();
                await client.catalog();
                let verified = 0;
                for (const policy of catalog.policies)
                  for (const version of policy.versions)
                    for (const entry of version.languages) { await client.manifest(entry); verified += 1; }
                const edition = await client.edition("zte", { preferred: ["zh-TW", "zh-CN"] });
                const manifest = await client.manifest(edition);
                let refused = false;
                try { await client.manifest({ ...edition, digest: "sha256:" + "0".repeat(64) }); }
                catch (error) { refused = error instanceof DigestMismatchError; }
                const decision = await client.decide(
                  "example-telecom", null, { preferred: ["zh-Hans-CN"], on: "2026-12-01" });
                const notice = await client.notice(decision.edition);
                return { origin: location.origin, verified, notModified: client.notModified,
                         language: manifest.language, refused, action: decision.action,
                         version: decision.edition.version, heading: notice.heading };
            }""",
            site_url,
        )
    finally:
        context.close()
    assert result["origin"] != site_url.rstrip("/")
    assert result["verified"] >= 15  # WebCrypto's SHA-256 agrees with the build's, for every manifest
    assert result["notModified"] >= 1  # the second catalog request was a 304, after a preflight
    assert result["language"] == "zh-CN" and result["refused"]
    assert (result["action"], result["version"], result["heading"]) == ("ask", "3", "要点")
    assert errors == []


# ---------------------------------------------------------------- the docs' examples


def _consent_schema(site: Path) -> jsonschema.Draft202012Validator:
    schema = json.loads((site / "api/v1/schema/consent-record.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_the_python_example(site_url: str, built_site: Path, tmp_path: Path) -> None:
    script = tmp_path / "check_policy.py"
    script.write_text(_code("python"), encoding="utf-8")

    def run(policy: str) -> list[str]:
        done = subprocess.run(
            [sys.executable, str(script), site_url, policy], cwd=tmp_path, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.splitlines()

    first = run("example-telecom")
    assert first[0].startswith("ask (no-record): version ") and first[0].endswith(", zh-CN")
    assert "要点" in first and any(line.startswith("  您的权利：") or "您的权利" in line for line in first)
    record = json.loads((tmp_path / "example-telecom.consent.json").read_text(encoding="utf-8"))
    assert list(_consent_schema(built_site).iter_errors(record)) == []
    assert run("example-telecom")[0].startswith("none (unchanged)")
    cache = json.loads((tmp_path / "policy-cache.json").read_text(encoding="utf-8"))
    assert any(url.endswith("api/v1/index.json") and entry["etag"] for url, entry in cache.items())
    # A consent to version 1 on record: versions 2 and 3 came since, and 2 asks again.
    (tmp_path / "example-telecom.consent.json").write_text(
        json.dumps({**record, "notice": {**record["notice"], "version": "1"}}), encoding="utf-8"
    )
    again = run("example-telecom")
    assert again[0].startswith("ask-again (reconsent)")
    assert any(line.startswith("  changed in version 2: ") for line in again)


def test_the_javascript_example(site_url: str, built_site: Path, tmp_path: Path) -> None:
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "node_modules" / "policypress-client").symlink_to(JS_CLIENT)  # as npm install would
    (tmp_path / "check-policy.mjs").write_text(_code("javascript"), encoding="utf-8")

    def run() -> list[str]:
        done = run_node(["check-policy.mjs", site_url, "zte"], cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        return done.stdout.splitlines()

    first = run()
    assert first[0] == "ask (no-record): version 1, zh-CN"
    record = json.loads((tmp_path / "zte.consent.json").read_text(encoding="utf-8"))
    assert list(_consent_schema(built_site).iter_errors(record)) == []
    assert run()[0] == "none (unchanged): version 1, zh-CN"
