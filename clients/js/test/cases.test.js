// The shared case tables of clients/cases/, which the Python client runs too.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { canonicalize, changesSince, decide, digestOf, negotiateLanguage, stateOn, versionInForce } from "../src/index.js";

const cases = (name) => JSON.parse(readFileSync(new URL(`../../cases/${name}`, import.meta.url), "utf8"));

test("language negotiation", () => {
  for (const c of cases("languages.json").cases) {
    assert.equal(negotiateLanguage(c.available, c.preferred, c.default), c.expected, `${JSON.stringify(c.preferred)}: ${c.why}`);
  }
});

test("RFC 8785 canonical JSON and its SHA-256", async () => {
  for (const c of cases("canonical.json").cases) {
    assert.equal(canonicalize(c.value), c.canonical);
    assert.equal(await digestOf(c.value), `sha256:${c.sha256}`);
  }
});

const table = cases("decisions.json");

test("decisions", () => {
  for (const c of table.cases) {
    const got = decide(table.policy, c.record, { preferred: c.preferred, on: c.day });
    const summary = {
      action: got.action,
      reason: got.reason,
      edition: { version: got.edition.version, language: got.edition.language },
      changes: got.changes.map((x) => x.version),
      upcoming: got.upcoming.map((x) => x.version),
    };
    const { summaries, ...expected } = c.expected;
    assert.deepEqual(summary, expected, c.why);
    if (summaries) {
      assert.deepEqual(Object.fromEntries(got.changes.map((x) => [x.version, [x.language, x.summary]])), summaries);
    }
  }
});

test("the version in force on a day, and a version's state", () => {
  for (const c of table.in_force) assert.equal(versionInForce(table.policy, c.day)?.version ?? null, c.expected, c.day);
  for (const c of table.states) {
    const version = table.policy.versions.find((v) => v.version === c.version);
    assert.equal(stateOn(version, c.day), c.expected, `${c.version} on ${c.day}`);
  }
  assert.deepEqual(changesSince(table.policy, "1", { until: "3" }).map((c) => c.version), ["2", "3"]);
});
