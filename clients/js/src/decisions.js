// What an app does about a policy, from the catalog, its own clock and a stored consent record:
// the same functions as policypress.client.decisions (Python); both run
// clients/cases/decisions.json. Days are "YYYY-MM-DD" strings (UTC by default), which compare
// as text in date order.

import { negotiateLanguage } from "./languages.js";

/** "1.10" after "1.9": versions compare as numbers, part by part (-1, 0 or 1). */
export function compareVersions(a, b) {
  const x = a.split(".").map(Number);
  const y = b.split(".").map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
    const d = (x[i] ?? -1) - (y[i] ?? -1);
    if (d) return Math.sign(d);
  }
  return 0;
}

/** Today's date in UTC, as the site's build day is. */
export function today() {
  return new Date().toISOString().slice(0, 10);
}

function day(value) {
  if (value === undefined || value === null) return today();
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return value;
}

/** A catalog version's state on `on`, from its interval (the catalog's `state` is as of its build_date). */
export function stateOn(version, on) {
  const d = day(on);
  if (version.state === "withdrawn") return "withdrawn";
  if (version.effective !== null && d < version.effective) return "upcoming";
  if (version.until !== null && d >= version.until) return "superseded";
  return "current";
}

function ordered(policy) {
  return [...policy.versions].sort((a, b) => compareVersions(a.version, b.version));
}

function inLanguage(version, language) {
  return version.languages.find((entry) => entry.language === language);
}

/** The version of `policy` in force on `on` (default: today, UTC), or null before the first. */
export function versionInForce(policy, on) {
  const d = day(on);
  return ordered(policy).reverse().find((v) => stateOn(v, d) === "current") ?? null;
}

/** What a reader of `language` is shown on `on`: the highest version in force then that exists
 * in the language (a translation may lag), else the first upcoming one in it. */
export function editionFor(policy, language, on) {
  const d = day(on);
  const present = ordered(policy)
    .map((v) => ({ v, state: stateOn(v, d), entry: inLanguage(v, language) }))
    .filter(({ entry }) => entry !== undefined);
  const past = present.filter(({ state }) => state === "current" || state === "superseded");
  const chosen = past.length ? past[past.length - 1] : present.find(({ state }) => state === "upcoming");
  if (chosen === undefined) return null;
  return { version: chosen.v.version, state: chosen.state, ...chosen.entry };
}

/** Every public version after `version` (up to `until`), oldest first, with its change summary
 * in `language` (else the policy's default language). */
export function changesSince(policy, version, { until, language } = {}) {
  return ordered(policy)
    .filter((v) => compareVersions(v.version, version) > 0)
    .filter((v) => until === undefined || until === null || compareVersions(v.version, until) <= 0)
    .filter((v) => v.state !== "withdrawn")
    .map((v) => {
      const entry = inLanguage(v, language ?? "") ?? inLanguage(v, policy.default_language) ?? v.languages[0];
      return {
        version: v.version,
        effective: v.effective,
        material: Boolean(v.material),
        reconsent: Boolean(v.reconsent),
        kinds: [...v.kinds],
        language: entry.language,
        summary: entry.summary ?? null,
      };
    });
}

/** Whether to ask for consent (`ask`), ask again (`ask-again`), tell the user about a material
 * change (`notify`) or do nothing (`none`), with the reason, the edition to show, the changes
 * since the version on record and the versions still to come. */
export function decide(policy, record, { preferred = [], on } = {}) {
  const d = day(on);
  const language = negotiateLanguage(policy.languages, preferred, policy.default_language);
  const edition = editionFor(policy, language, d);
  const coming = new Set(policy.versions.filter((v) => stateOn(v, d) === "upcoming").map((v) => v.version));
  const upcoming =
    edition === null ? [] : changesSince(policy, edition.version, { language }).filter((c) => coming.has(c.version));
  const decision = (action, reason, changes = []) => ({ action, reason, edition, changes, upcoming });

  if (record === null || record === undefined) return decision("ask", "no-record");
  if (record.state !== "given") {
    return decision("ask", ["refused", "withdrawn"].includes(record.state) ? `consent-${record.state}` : "no-consent");
  }
  const notice = record.notice;
  if (notice.policy !== policy.policy) {
    throw new Error(`decide: the record is about ${notice.policy}, not ${policy.policy}`);
  }
  const recorded = policy.versions.find((v) => v.version === notice.version);
  if (recorded === undefined) return decision("ask-again", "unknown-version");
  if (recorded.state === "withdrawn") return decision("ask-again", "version-withdrawn");
  if (edition === null) return decision("none", "nothing-to-show");
  const step = compareVersions(edition.version, recorded.version);
  if (step < 0) return decision("none", "recorded-later");
  if (step === 0) {
    const seen = inLanguage(recorded, notice.language);
    return decision("none", seen !== undefined && seen.digest !== notice.digest ? "corrected" : "unchanged");
  }
  const changes = changesSince(policy, recorded.version, { until: edition.version, language });
  if (changes.some((c) => c.reconsent)) return decision("ask-again", "reconsent", changes);
  if (changes.some((c) => c.material)) return decision("notify", "material", changes);
  return decision("none", "minor", changes);
}
