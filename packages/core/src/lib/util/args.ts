/** Node-style codes of the argument `TypeError`s this package throws. */
export type ArgErrorCode = 'ERR_INVALID_ARG_TYPE' | 'ERR_INVALID_ARG_VALUE' | 'ERR_MISSING_OPTION';

/** A `TypeError` carrying a Node-style `code`, for bad arguments (never for IdP answers). */
export function argError(code: ArgErrorCode, message: string): TypeError & { code: ArgErrorCode } {
  const err = new TypeError(message) as TypeError & { code: ArgErrorCode };
  err.code = code;
  return err;
}

/** Throws unless `value` is a non-empty string. */
export function assertNonEmptyString(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string') throw argError('ERR_INVALID_ARG_TYPE', `"${name}" must be a string.`);
  if (value === '') throw argError('ERR_INVALID_ARG_VALUE', `"${name}" must not be empty.`);
}

/** Throws unless `value` is undefined or a non-empty string. */
export function assertOptionalString(value: unknown, name: string): asserts value is string | undefined {
  if (value !== undefined) assertNonEmptyString(value, name);
}

/** Throws unless `value` is undefined or a finite number ≥ `min`. */
export function assertOptionalNumber(value: unknown, name: string, min = 0): asserts value is number | undefined {
  if (value === undefined) return;
  if (typeof value !== 'number') throw argError('ERR_INVALID_ARG_TYPE', `"${name}" must be a number.`);
  if (!Number.isFinite(value) || value < min) {
    throw argError('ERR_INVALID_ARG_VALUE', `"${name}" must be a finite number >= ${min}.`);
  }
}

/** Parses an absolute http(s) URL option, or throws `ERR_INVALID_ARG_VALUE`. */
export function parseUrlOption(value: unknown, name: string): URL {
  assertNonEmptyString(value, name);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw argError('ERR_INVALID_ARG_VALUE', `"${name}" must be an absolute URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw argError('ERR_INVALID_ARG_VALUE', `"${name}" must be an http(s) URL.`);
  }
  return url;
}

/** Space-separated scope list from a string or an array, de-duplicated, order kept. */
export function normalizeScope(scope: string | readonly string[] | undefined, fallback: string): string[] {
  const raw = scope === undefined ? fallback : typeof scope === 'string' ? scope : scope.join(' ');
  if (typeof raw !== 'string') throw argError('ERR_INVALID_ARG_TYPE', '"scope" must be a string or an array of strings.');
  return [...new Set(raw.split(/\s+/).filter((s) => s !== ''))];
}
