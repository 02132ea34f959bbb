// Which of a policy's languages to show a reader: RFC 4647 lookup, then CLDR's likely subtags
// (Intl.Locale#maximize). The same rule as policypress.client.languages (Python); both run
// clients/cases/languages.json. A reader of Traditional Chinese is never given Simplified
// Chinese in place of a later choice of theirs: scripts must match.

/**
 * @param {readonly string[]} available the policy's languages
 * @param {readonly string[]} preferred the reader's languages, best first
 * @param {string} [fallback] the policy's default_language (else the first of `available`)
 * @returns {string}
 */
export function negotiateLanguage(available, preferred, fallback) {
  if (!available.length) throw new Error("negotiateLanguage: no language is available");
  for (const wanted of preferred) {
    if (wanted.trim() === "*") break; // any other language: the default is as good as any
    const found = lookup(available, wanted) ?? sameScript(available, wanted);
    if (found !== undefined) return found;
  }
  return fallback ?? available[0];
}

function lookup(available, wanted) {
  const known = new Map();
  for (const tag of available) if (!known.has(tag.toLowerCase())) known.set(tag.toLowerCase(), tag);
  const subtags = wanted.trim().toLowerCase().split("-");
  while (subtags.length) {
    const found = known.get(subtags.join("-"));
    if (found !== undefined) return found;
    subtags.pop();
    if (subtags.length && subtags[subtags.length - 1].length === 1) subtags.pop(); // a singleton goes too
  }
  return undefined;
}

function sameScript(available, wanted) {
  const reader = likely(wanted.trim());
  if (reader === undefined) return undefined;
  const matches = available.filter((tag) => {
    const other = likely(tag);
    return other !== undefined && other.language === reader.language && other.script === reader.script;
  });
  return matches.find((tag) => likely(tag).region === reader.region) ?? matches[0];
}

function likely(tag) {
  try {
    const full = new Intl.Locale(tag).maximize();
    return { language: full.language, script: full.script ?? "", region: full.region ?? "" };
  } catch {
    return undefined; // not a tag: it can still match by lookup
  }
}
