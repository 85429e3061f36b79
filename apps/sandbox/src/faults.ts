import type { ServerResponse } from 'node:http';
import { sendOAuthError, sendWebexError } from './http/respond.js';
import type { SandboxFault } from './types.js';

/** Paths whose errors are OAuth-shaped by default; every other path answers Webex-style. */
const OAUTH_PATHS = new Set([
  '/v1/authorize',
  '/v1/access_token',
  '/v1/userinfo',
  '/v1/device/authorize',
  '/v1/device/token',
  '/idb/oauth2/v1/revoke',
]);

const MESSAGES: Record<SandboxFault['status'], string> = {
  429: 'Too many requests, retry later.',
  500: 'Internal server error (injected by the sandbox).',
  502: 'Bad gateway (injected by the sandbox).',
  503: 'Service unavailable (injected by the sandbox).',
  504: 'Gateway timeout (injected by the sandbox).',
};

/**
 * The body shape when the fault does not name one. A 429 is Webex-style everywhere: Webex
 * documents only the status and `Retry-After` for throttling, and OAuth (RFC 6749, RFC 8628) has
 * no error code that means "too many requests" (`slow_down` is the device-polling interval).
 * Other statuses are OAuth-shaped on the OAuth endpoints.
 */
function defaultShape(status: SandboxFault['status'], pathname: string): 'oauth' | 'webex' {
  return status !== 429 && OAUTH_PATHS.has(pathname) ? 'oauth' : 'webex';
}

/** Validates and copies a fault list (so later changes by the caller do not leak in). */
export function normalizeFaults(faults: readonly SandboxFault[]): SandboxFault[] {
  return faults.map((f) => {
    if (typeof f.path !== 'string' || !f.path.startsWith('/')) {
      throw new TypeError(`fault path must start with "/", got ${JSON.stringify(f.path)}`);
    }
    if (!(f.status in MESSAGES)) throw new TypeError(`unsupported fault status ${String(f.status)}`);
    return { ...f };
  });
}

/**
 * Answers the request with the first matching fault, if any, and spends one of its `times`.
 * Returns whether the request was answered.
 */
export function applyFault(faults: SandboxFault[], pathname: string, res: ServerResponse): boolean {
  const index = faults.findIndex((f) => f.path === pathname && (f.times === undefined || f.times > 0));
  const fault = faults[index];
  if (!fault) return false;
  if (fault.times !== undefined) fault.times -= 1;

  const headers: Record<string, string> = {};
  if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
  const shape = fault.shape ?? defaultShape(fault.status, pathname);
  const message = MESSAGES[fault.status];
  if (shape === 'webex') {
    sendWebexError(res, fault.status, message, headers);
  } else {
    // `temporarily_unavailable` is RFC 6749's "overloaded or in maintenance" (a 503). On a 429 it is
    // only sent when asked for (`shape: 'oauth'`): the misleading body some IdPs send with one.
    const error = fault.status === 429 || fault.status === 503 ? 'temporarily_unavailable' : 'server_error';
    sendOAuthError(res, fault.status, error, message, headers);
  }
  return true;
}
