// The client against a real PolicyPress site: POLICYPRESS_SITE_URL is the project's own site,
// built and served by nginx with the shipped configuration (tests/test_js_client.py starts both
// and runs this file). Without it, these tests are skipped: the case tables still run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DigestMismatchError, negotiateLanguage, PolicyClient, versionInForce } from "../src/index.js";

const site = process.env.POLICYPRESS_SITE_URL;
const skip = site ? false : "POLICYPRESS_SITE_URL is not set";

test("the catalog is revalidated, not downloaded again", { skip }, async () => {
  const client = new PolicyClient(site);
  const first = await client.catalog();
  const again = await client.catalog();
  assert.deepEqual(again, first);
  assert.equal(client.requests, 2);
  assert.equal(client.notModified, 1);
});

test("every manifest of every policy verifies against its digest", { skip }, async () => {
  const client = new PolicyClient(site);
  const catalog = await client.catalog();
  let verified = 0;
  for (const policy of catalog.policies) {
    for (const version of policy.versions) {
      for (const entry of version.languages) {
        const manifest = await client.manifest(entry);
        assert.equal(manifest.version, version.version);
        assert.equal(manifest.language, entry.language);
        verified += 1;
      }
    }
  }
  assert.ok(verified >= 15, `${verified} manifests`);
});

test("a manifest that is not what its digest says is refused", { skip }, async () => {
  const tamper = async (url, init) => {
    const response = await fetch(url, init);
    if (!url.endsWith("/zte/1/en.json")) return response;
    const manifest = await response.json();
    manifest.title = "Something else";
    return new Response(JSON.stringify(manifest), { status: 200, headers: { "Content-Type": "application/json" } });
  };
  const client = new PolicyClient(site, { fetch: tamper });
  const edition = await client.edition("zte", { preferred: ["en"] });
  await assert.rejects(client.manifest(edition), DigestMismatchError);
});

test("a reader's languages pick the edition; its notice and manifest agree", { skip }, async () => {
  const client = new PolicyClient(site);
  const policy = await client.policy("example-telecom");
  assert.equal(negotiateLanguage(policy.languages, ["zh-Hans-CN", "en"], policy.default_language), "zh-CN");
  const edition = await client.edition("example-telecom", { preferred: ["zh-Hans-CN"], on: "2026-12-01" });
  assert.deepEqual([edition.version, edition.language], ["3", "zh-CN"]);
  const notice = await client.notice(edition);
  assert.equal(notice.digest, edition.digest);
  assert.equal(notice.language, "zh-CN");
  assert.ok(notice.points.some((p) => p.key === "rights" && p.label === "您的权利"));
  const manifest = await client.manifest(edition);
  assert.equal(manifest.digest, notice.digest);
});

test("a stored consent to version 1 must be asked again; on version 4's date, notify", { skip }, async () => {
  const client = new PolicyClient(site);
  const v1 = (await client.policy("example-telecom")).versions[0].languages.find((l) => l.language === "en");
  const record = { state: "given", notice: { policy: "example-telecom", version: "1", language: "en", digest: v1.digest } };
  const decision = await client.decide("example-telecom", record, { preferred: ["en"], on: "2026-12-01" });
  assert.equal(decision.action, "ask-again");
  assert.deepEqual(decision.changes.map((c) => c.version), ["2", "3"]);
  assert.deepEqual(decision.upcoming.map((c) => c.version), ["4"]);
  const current = decision.edition;
  const shown = { ...record, notice: { ...record.notice, version: current.version, digest: current.digest } };
  const later = await client.decide("example-telecom", shown, { preferred: ["en"], on: "2027-07-01" });
  assert.deepEqual([later.action, later.reason, later.edition.version], ["notify", "material", "4"]);
  assert.match(later.changes[0].summary, /three months/);
});

test("the versions file says which version was in force on a day", { skip }, async () => {
  const client = new PolicyClient(site);
  const versions = await client.versions("example-telecom");
  assert.equal(versionInForce(versions, "2024-05-01").version, "2");
  assert.equal(versionInForce(versions, "2027-07-01").version, "4");
  assert.equal(versionInForce(versions, "2020-01-01"), null);
});
