// A client of a PolicyPress site's JSON with fetch: every document is kept with its validators
// and asked for again with If-None-Match / If-Modified-Since, so a 304 costs no body. In a
// browser on another origin those headers make the browser send a CORS preflight first, which
// the site's nginx configuration answers (and the browser keeps a day). The Python client
// (policypress.client.PolicyClient) has the same API in snake_case.

import { DigestMismatchError, verifyManifest } from "./canonical.js";
import { decide, editionFor } from "./decisions.js";
import { negotiateLanguage } from "./languages.js";

export const CATALOG = "api/v1/index.json";

/** A cache that lives as long as the client: any object with get(url) and set(url, entry) will do
 * (entries are {etag, lastModified, body}; get and set may return promises). */
export class MemoryCache {
  #entries = new Map();
  get(url) {
    return this.#entries.get(url);
  }
  set(url, entry) {
    this.#entries.set(url, entry);
  }
}

export class PolicyClient {
  /**
   * @param {string} site the site's root URL, e.g. "https://privacy.example.com/"
   * @param {{fetch?: typeof fetch, cache?: {get(url: string): any, set(url: string, entry: any): any}, catalogPath?: string}} [options]
   */
  constructor(site, { fetch = globalThis.fetch.bind(globalThis), cache = new MemoryCache(), catalogPath = CATALOG } = {}) {
    this.catalogUrl = new URL(catalogPath, site.endsWith("/") ? site : `${site}/`).href;
    this.fetch = fetch;
    this.cache = cache;
    this.requests = 0;
    this.notModified = 0;
  }

  /** The document at `url`, from the cache if the server says it did not change. */
  async getJson(url) {
    const cached = await this.cache.get(url);
    const headers = { Accept: "application/json" };
    if (cached?.etag) headers["If-None-Match"] = cached.etag;
    if (cached?.lastModified) headers["If-Modified-Since"] = cached.lastModified;
    this.requests += 1;
    const response = await this.fetch(url, { headers });
    if (response.status === 304 && cached !== undefined) {
      this.notModified += 1;
      return JSON.parse(cached.body);
    }
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const body = await response.text();
    const etag = response.headers.get("ETag");
    const lastModified = response.headers.get("Last-Modified");
    if (etag || lastModified) await this.cache.set(url, { etag, lastModified, body });
    return JSON.parse(body);
  }

  /** A URL of the catalog (relative to it) as an absolute URL. */
  resolve(reference) {
    return new URL(reference, this.catalogUrl).href;
  }

  catalog() {
    return this.getJson(this.catalogUrl);
  }

  /** A policy's catalog entry; throws if the site does not publish it. */
  async policy(policyId, catalog) {
    const found = (catalog ?? (await this.catalog())).policies.find((p) => p.policy === policyId);
    if (found === undefined) throw new Error(`the site publishes no policy ${policyId}`);
    return found;
  }

  language(policy, preferred) {
    return negotiateLanguage(policy.languages, preferred, policy.default_language);
  }

  /** What a reader whose languages are `preferred` is shown of a policy on `on` (today). */
  async edition(policyId, { preferred = [], on } = {}) {
    const policy = await this.policy(policyId);
    const found = editionFor(policy, this.language(policy, preferred), on);
    if (found === null) throw new Error(`${policyId} has nothing to show`);
    return found;
  }

  /** The manifest of an edition (from edition(), the catalog or a decision), verified against
   * its own digest and the catalog's: throws DigestMismatchError if either differs. */
  async manifest(edition) {
    return verifyManifest(await this.getJson(this.resolve(edition.manifest)), edition.digest);
  }

  /** The short notice of an edition, for a consent dialog (labels in its language). */
  async notice(edition) {
    const notice = await this.getJson(this.resolve(edition.notice));
    if (edition.digest !== undefined && edition.digest !== notice.digest) {
      throw new DigestMismatchError(`the notice is for ${notice.digest}; the catalog lists ${edition.digest}`);
    }
    return notice;
  }

  /** The policy's versions with their intervals, for audits: which version was in force on a day. */
  versions(policyId) {
    return this.getJson(this.resolve(`policies/${policyId}/versions.json`));
  }

  /** decide() on the policy's entry in the (revalidated) catalog. */
  async decide(policyId, record, { preferred = [], on } = {}) {
    return decide(await this.policy(policyId), record, { preferred, on });
  }
}
