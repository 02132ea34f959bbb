// How an app in TypeScript uses policypress-client: `tsc --noEmit` must accept this against the
// package's index.d.ts (tests/test_js_client.py runs it), and refuse the misuse marked below.
import {
  type CacheEntry,
  type Catalog,
  type ConsentRecord,
  type Decision,
  DigestMismatchError,
  PolicyClient,
  changesSince,
  decide,
  negotiateLanguage,
  versionInForce,
} from "policypress-client";

export async function check(site: string, record: ConsentRecord | null): Promise<string> {
  const client = new PolicyClient(site, { cache: new Map<string, CacheEntry>() });
  const catalog: Catalog = await client.catalog();
  const policy = catalog.policies[0];
  const language: string = negotiateLanguage(policy.languages, ["zh-Hans-CN"], policy.default_language);
  const decision: Decision = decide(policy, record, { preferred: [language], on: "2026-12-01" });
  if (decision.edition === null) return "nothing";
  try {
    const manifest = await client.manifest(decision.edition);
    const notice = await client.notice(decision.edition);
    const labels: string[] = notice.points.map((point) => `${point.label}: ${point.items.join(", ")}`);
    const since = changesSince(policy, "1", { language }).map((change) => change.summary ?? "");
    const inForce = versionInForce(await client.versions(policy.policy), new Date())?.version ?? "none";
    return [manifest.digest, ...labels, ...since, inForce, decision.action].join("\n");
  } catch (error) {
    if (error instanceof DigestMismatchError) return "altered";
    throw error;
  }
}

// @ts-expect-error: an action is one of four words
export const wrong: Decision["action"] = "maybe";
