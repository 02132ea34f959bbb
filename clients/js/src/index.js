// policypress-client: the JSON of a PolicyPress site, for apps. No dependencies: fetch,
// Intl.Locale and WebCrypto are enough (browsers, Node 18+). See README.md.
export { canonicalize, digestOf, DigestMismatchError, manifestDigest, UNDIGESTED, verifyManifest } from "./canonical.js";
export { CATALOG, MemoryCache, PolicyClient } from "./client.js";
export { changesSince, compareVersions, decide, editionFor, stateOn, today, versionInForce } from "./decisions.js";
export { negotiateLanguage } from "./languages.js";
