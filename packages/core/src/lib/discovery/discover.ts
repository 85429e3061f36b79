import * as client from 'openid-client';
import { stateOf, type ConfigState, type WebexConfig } from '../config/config.js';
import { ErrorCode, WebexOidcError } from '../errors.js';
import { send } from '../http/request.js';
import { errorHandler } from '../oidc/error-handler.js';
import { backoffDelay, sleep } from '../util/sleep.js';
import type { WebexServerMetadata } from './metadata.js';

const WHAT = 'discovery request';
const REQUIRED = ['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const;
const ENDPOINTS = [...REQUIRED, 'userinfo_endpoint', 'device_authorization_endpoint', 'revocation_endpoint'] as const;

function checkMetadata(state: ConfigState, metadata: client.ServerMetadata): WebexServerMetadata {
  if (!state.issuers.test(metadata.issuer)) {
    throw new WebexOidcError(
      ErrorCode.IssuerNotAllowed,
      `The discovery document names an issuer that is not in the allow-list (${state.issuers.entries.join(', ')}); add it to "issuers" if it is a Webex cluster you trust.`,
      { reason: 'iss' },
    );
  }
  for (const name of ENDPOINTS) {
    const value = metadata[name];
    if (value === undefined && !(REQUIRED as readonly string[]).includes(name)) continue;
    let url: URL | undefined;
    try {
      url = typeof value === 'string' ? new URL(value) : undefined;
    } catch {
      url = undefined;
    }
    if (url === undefined) {
      throw new WebexOidcError(ErrorCode.DiscoveryFailed, `The discovery document has no valid "${name}".`, { transient: false });
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && state.resolved.allowInsecureRequests)) {
      throw new WebexOidcError(
        ErrorCode.DiscoveryFailed,
        `The discovery document's "${name}" is not https; set allowInsecureRequests only for a local sandbox.`,
        { transient: false },
      );
    }
  }
  return Object.freeze(structuredClone(metadata)) as WebexServerMetadata;
}

async function fetchOnce(state: ConfigState): Promise<WebexServerMetadata> {
  const { resolved } = state;
  let configuration: client.Configuration;
  try {
    configuration = await client.discovery(resolved.discoveryUrl, resolved.clientId, undefined, undefined, {
      [client.customFetch]: (url, init) =>
        send(
          WHAT,
          new URL(url),
          { method: init.method, headers: init.headers, redirect: init.redirect },
          { fetch: resolved.fetch, timeout: resolved.timeout },
        ),
      timeout: Math.ceil(resolved.timeout / 1000) + 5,
      execute: resolved.allowInsecureRequests ? [client.allowInsecureRequests] : [],
    });
  } catch (err) {
    return errorHandler(WHAT, err);
  }
  return checkMetadata(state, configuration.serverMetadata());
}

function asDiscoveryError(err: unknown): unknown {
  if (!(err instanceof WebexOidcError)) return err;
  if (err.code === ErrorCode.IssuerNotAllowed || err.code === ErrorCode.DiscoveryFailed) return err;
  return new WebexOidcError(ErrorCode.DiscoveryFailed, `Webex discovery failed: ${err.message}`, {
    status: err.status,
    trackingId: err.trackingId,
    retryAfter: err.retryAfter,
    transient: err.transient,
    error: err.error,
    errorDescription: err.errorDescription,
    cause: err,
  });
}

async function discoverWithRetry(state: ConfigState): Promise<WebexServerMetadata> {
  const attempts = state.resolved.discoveryAttempts;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await fetchOnce(state);
    } catch (err) {
      const retryable = err instanceof WebexOidcError && err.transient && attempt + 1 < attempts;
      if (!retryable) throw asDiscoveryError(err);
      const delay = Math.max(backoffDelay(attempt, 250, 5_000), (err.retryAfter ?? 0) * 1000);
      if (delay > 30_000) throw asDiscoveryError(err);
      await sleep(delay, undefined, WHAT);
    }
  }
}

/** @internal Discovery for internal callers (shares the cache with {@link discover}). */
export function discoverState(state: ConfigState): Promise<WebexServerMetadata> {
  const { metadata } = state;
  if (metadata !== undefined && Date.now() - state.metadataFetchedAt < state.resolved.discoveryCacheTtl) {
    return Promise.resolve(metadata);
  }
  if (state.discovering !== undefined) return state.discovering;
  const pending = discoverWithRetry(state).then(
    (fresh) => {
      state.metadata = fresh;
      state.metadataFetchedAt = Date.now();
      state.discovering = undefined;
      return fresh;
    },
    (err: unknown) => {
      // A failure is not cached: the next caller tries again. A stale document is better than none.
      state.discovering = undefined;
      if (metadata !== undefined && err instanceof WebexOidcError && err.transient) return metadata;
      throw err;
    },
  );
  state.discovering = pending;
  return pending;
}

/**
 * Returns the discovery document: fetched on first use (never at import or creation), cached
 * for `discoveryCacheTtl`, shared by concurrent callers (one request), retried on transient
 * failures with exponential backoff and jitter (`discoveryAttempts`), and checked against the
 * issuer allow-list (`issuer_not_allowed`). A failure is not cached. Other failures reject with
 * `discovery_failed` (`transient` says whether a retry may help; `cause` has the detail).
 */
export function discover(config: WebexConfig): Promise<WebexServerMetadata> {
  return discoverState(stateOf(config));
}
