import { argError } from '../util/args.js';

/** Webex's production issuer. */
export const WEBEX_ISSUER = 'https://idbroker.webex.com/idb';

/** The default issuer allow-list: the global issuer plus every cluster (`idbroker-b-us`, …). */
export const DEFAULT_ISSUERS: readonly string[] = [WEBEX_ISSUER, 'https://idbroker-*.webex.com/idb'];

/** A compiled allow-list: `test(iss)` says whether an issuer is allowed. */
export interface IssuerAllowList {
  /** Whether `issuer` is allowed. */
  test(issuer: unknown): issuer is string;
  /** The entries as configured (for messages). */
  readonly entries: readonly string[];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Compiles the allow-list. A string matches exactly, except that each `*` matches one DNS label
 * (letters, digits and hyphens, no dots). A RegExp is tested as given (anchor it yourself).
 */
export function compileIssuerAllowList(issuers: ReadonlyArray<string | RegExp>): IssuerAllowList {
  if (!Array.isArray(issuers) || issuers.length === 0) {
    throw argError('ERR_INVALID_ARG_VALUE', '"issuers" must be a non-empty array of strings or RegExps.');
  }
  const patterns: RegExp[] = [];
  const entries: string[] = [];
  for (const entry of issuers) {
    if (entry instanceof RegExp) {
      patterns.push(entry);
      entries.push(entry.toString());
    } else if (typeof entry === 'string' && entry !== '') {
      const source = entry.split('*').map(escapeRegExp).join('[A-Za-z0-9-]+');
      patterns.push(new RegExp(`^${source}$`));
      entries.push(entry);
    } else {
      throw argError('ERR_INVALID_ARG_VALUE', '"issuers" entries must be non-empty strings or RegExps.');
    }
  }
  return {
    entries,
    test(issuer: unknown): issuer is string {
      if (typeof issuer !== 'string' || issuer === '') return false;
      return patterns.some((p) => {
        p.lastIndex = 0;
        return p.test(issuer);
      });
    },
  };
}
