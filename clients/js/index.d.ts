// Types of policypress-client. The JSON shapes follow the site's published schemas
// (api/v1/schema/*.schema.json); members a later release adds are allowed.

export type Day = string; // "YYYY-MM-DD"
export type State = "current" | "upcoming" | "superseded" | "withdrawn";

export interface VersionLanguage {
  language: string;
  digest: string;
  manifest: string;
  page: string;
  notice?: string;
  changes?: string;
  summary?: string;
  [member: string]: unknown;
}

export interface CatalogVersion {
  version: string;
  state: State;
  effective: Day | null;
  until: Day | null;
  published: Day | null;
  supersedes: string | null;
  material: boolean | null;
  reconsent: boolean | null;
  kinds: string[];
  languages: VersionLanguage[];
  [member: string]: unknown;
}

export interface CatalogEdition {
  language: string;
  version: string;
  state: State;
  title: string;
  effective: Day | null;
  digest: string;
  manifest: string;
  page: string;
  history: string;
  notice?: string;
  latest?: string;
  [member: string]: unknown;
}

export interface CatalogPolicy {
  policy: string;
  title: string;
  organization: { id: string; name: string };
  current_version: string | null;
  default_language: string;
  languages: string[];
  editions: CatalogEdition[];
  versions: CatalogVersion[];
  [member: string]: unknown;
}

export interface Catalog {
  $schema: string;
  api_version: 1;
  build_date: Day;
  policies: CatalogPolicy[];
  [member: string]: unknown;
}

/** A manifest: the policy file's fields, Markdown fields as {markdown, html}. */
export interface Manifest {
  $schema: string;
  api_version: 1;
  digest: string;
  links: { catalog: string; page?: string; history?: string; previous?: string };
  policy: string;
  version: string;
  language: string;
  title: string;
  [member: string]: unknown;
}

/** The short notice of an edition, for a consent dialog. */
export interface Notice {
  policy: string;
  version: string;
  language: string;
  title: string;
  digest: string;
  manifest: string;
  page: string;
  points: { key: string; label: string; items: string[]; note?: string; more?: number }[];
  [member: string]: unknown;
}

/** What a consent record must hold for decide(): see consent-record.schema.json for the rest. */
export interface ConsentRecord {
  state: "given" | "refused" | "withdrawn";
  notice: { policy: string; version: string; language: string; digest: string; [member: string]: unknown };
  [member: string]: unknown;
}

/** An edition to show: a version in one language, with the catalog's facts of it. */
export interface Edition extends VersionLanguage {
  version: string;
  state: State;
}

export interface Change {
  version: string;
  effective: Day | null;
  material: boolean;
  reconsent: boolean;
  kinds: string[];
  language: string;
  summary: string | null;
}

export type Action = "ask" | "ask-again" | "notify" | "none";
export type Reason =
  | "no-record"
  | "no-consent"
  | "consent-refused"
  | "consent-withdrawn"
  | "unknown-version"
  | "version-withdrawn"
  | "nothing-to-show"
  | "recorded-later"
  | "unchanged"
  | "corrected"
  | "reconsent"
  | "material"
  | "minor";

export interface Decision {
  action: Action;
  reason: Reason;
  edition: Edition | null;
  changes: Change[];
  upcoming: Change[];
}

export function negotiateLanguage(available: readonly string[], preferred: readonly string[], fallback?: string): string;

export function canonicalize(value: unknown): string;
export function digestOf(value: unknown): Promise<string>;
export const UNDIGESTED: readonly string[];
export function manifestDigest(manifest: object): Promise<string>;
export class DigestMismatchError extends Error {}
export function verifyManifest<T extends Manifest>(manifest: T, expected?: string | null): Promise<T>;

export function compareVersions(a: string, b: string): -1 | 0 | 1;
export function today(): Day;
export function stateOn(version: CatalogVersion, on?: Day | Date): State;
export function versionInForce(policy: { versions: CatalogVersion[] }, on?: Day | Date): CatalogVersion | null;
export function editionFor(policy: CatalogPolicy, language: string, on?: Day | Date): Edition | null;
export function changesSince(
  policy: CatalogPolicy,
  version: string,
  options?: { until?: string | null; language?: string },
): Change[];
export function decide(
  policy: CatalogPolicy,
  record: ConsentRecord | null | undefined,
  options?: { preferred?: readonly string[]; on?: Day | Date },
): Decision;

export interface CacheEntry {
  etag: string | null;
  lastModified: string | null;
  body: string;
}
export interface Cache {
  get(url: string): CacheEntry | undefined | Promise<CacheEntry | undefined>;
  set(url: string, entry: CacheEntry): unknown;
}
export class MemoryCache implements Cache {
  get(url: string): CacheEntry | undefined;
  set(url: string, entry: CacheEntry): void;
}

export const CATALOG: string;

export class PolicyClient {
  constructor(site: string, options?: { fetch?: typeof fetch; cache?: Cache; catalogPath?: string });
  readonly catalogUrl: string;
  requests: number;
  notModified: number;
  getJson(url: string): Promise<unknown>;
  resolve(reference: string): string;
  catalog(): Promise<Catalog>;
  policy(policyId: string, catalog?: Catalog): Promise<CatalogPolicy>;
  language(policy: CatalogPolicy, preferred: readonly string[]): string;
  edition(policyId: string, options?: { preferred?: readonly string[]; on?: Day | Date }): Promise<Edition>;
  manifest(edition: { manifest: string; digest?: string }): Promise<Manifest>;
  notice(edition: { notice?: string; digest?: string }): Promise<Notice>;
  versions(policyId: string): Promise<{ policy: string; build_date: Day; versions: CatalogVersion[] }>;
  decide(
    policyId: string,
    record: ConsentRecord | null | undefined,
    options?: { preferred?: readonly string[]; on?: Day | Date },
  ): Promise<Decision>;
}
