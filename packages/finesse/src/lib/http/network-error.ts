/** Turns what undici's `fetch` throws into a {@link FinesseError}. */
import { FinesseError, FinesseErrorCode } from '../errors.js';

const TLS_CODES: ReadonlySet<string> = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function errorCodeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function nameOf(err: unknown): string | undefined {
  return err instanceof Error || (typeof err === 'object' && err !== null && 'name' in err)
    ? String((err as { name: unknown }).name)
    : undefined;
}

/** Walks `err` and its `cause` chain (a few levels) looking for a Node error code. */
function findCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth += 1) {
    const code = errorCodeOf(current);
    if (code !== undefined && code !== 'UND_ERR_SOCKET') return code;
    current = typeof current === 'object' ? (current as { cause?: unknown }).cause : undefined;
  }
  return errorCodeOf(err);
}

function isTlsCode(code: string): boolean {
  return TLS_CODES.has(code) || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_');
}

/**
 * Maps a failure of `fetch` (before any answer arrived) to `timeout`, `aborted`, `tls_error` or
 * `network_error`. `what` names the request for the message (a path, never a query string).
 */
export function toTransportError(err: unknown, what: string): FinesseError {
  if (err instanceof FinesseError) return err;
  const name = nameOf(err);
  if (name === 'TimeoutError') {
    return new FinesseError(FinesseErrorCode.Timeout, `Finesse did not answer ${what} in time; retry or raise timeoutMs.`, {
      cause: err,
    });
  }
  if (name === 'AbortError') {
    return new FinesseError(FinesseErrorCode.Aborted, `The request ${what} was aborted.`, { cause: err });
  }
  const code = findCode(err);
  if (code !== undefined && isTlsCode(code)) {
    return new FinesseError(
      FinesseErrorCode.TlsError,
      `The TLS connection to Finesse failed (${code}) for ${what}: if Finesse uses a self-signed or private certificate, pass its CA as the \`ca\` option.`,
      { cause: err },
    );
  }
  return new FinesseError(
    FinesseErrorCode.NetworkError,
    `Could not reach Finesse for ${what}${code === undefined ? '' : ` (${code})`}; check the host and port.`,
    { cause: err },
  );
}
