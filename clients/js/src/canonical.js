// RFC 8785 (JSON Canonicalization Scheme) and the manifest digest, with no dependency: RFC 8785
// serializes numbers and strings exactly as ECMAScript's JSON.stringify does, and sorts object
// keys by UTF-16 code units, as Array#sort does. Checked against the rfc8785 Python package on
// clients/cases/canonical.json.

/** The canonical JSON text of `value` (plain JSON data: no undefined, NaN or Infinity). */
export function canonicalize(value) {
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value)) {
      throw new TypeError("RFC 8785 has no form for NaN or Infinity");
    }
    if (value === undefined || typeof value === "function" || typeof value === "symbol") {
      throw new TypeError(`RFC 8785 has no form for ${typeof value}`);
    }
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalize).join(",")}]`;
  const members = Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalize(value[key])}`);
  return `{${members.join(",")}}`;
}

async function subtle() {
  if (globalThis.crypto?.subtle) return globalThis.crypto.subtle; // browsers, Node 19+
  const { webcrypto } = await import("node:crypto"); // Node 18
  return webcrypto.subtle;
}

/** "sha256:" and the hex SHA-256 of `value`'s canonical JSON (UTF-8). */
export async function digestOf(value) {
  const bytes = new TextEncoder().encode(canonicalize(value));
  const hash = new Uint8Array(await (await subtle()).digest("SHA-256", bytes));
  return `sha256:${Array.from(hash, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** Members of a manifest outside its digest: where things are, and the digest itself. */
export const UNDIGESTED = Object.freeze(["$schema", "digest", "links"]);

/** The digest a manifest's content gives (its digest is of all but UNDIGESTED). */
export function manifestDigest(manifest) {
  const body = Object.fromEntries(Object.entries(manifest).filter(([key]) => !UNDIGESTED.includes(key)));
  return digestOf(body);
}

export class DigestMismatchError extends Error {
  constructor(message) {
    super(message);
    this.name = "DigestMismatchError";
  }
}

/** `manifest`, once its content matches its own digest and `expected` (the catalog's). */
export async function verifyManifest(manifest, expected) {
  const actual = await manifestDigest(manifest);
  if (actual !== manifest.digest) {
    throw new DigestMismatchError(`the manifest's content gives ${actual}, not the ${manifest.digest} it states`);
  }
  if (expected !== undefined && expected !== null && actual !== expected) {
    throw new DigestMismatchError(`the manifest is ${actual}; the catalog lists ${expected}`);
  }
  return manifest;
}
