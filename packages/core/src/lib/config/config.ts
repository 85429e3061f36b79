import { resolveClientAuth, visibleClientAuth } from '../client-auth/resolve.js';
import type { WebexServerMetadata } from '../discovery/metadata.js';
import type { JwksCache } from '../id-token/jwks.js';
import { argError, assertNonEmptyString, assertOptionalNumber, parseUrlOption } from '../util/args.js';
import { compileIssuerAllowList, DEFAULT_ISSUERS, type IssuerAllowList } from './issuer-allow-list.js';
import {
  DEFAULT_API_BASE_URL,
  DEFAULT_DISCOVERY_URL,
  DEFAULT_REVOCATION_ENDPOINT,
  type ResolvedOptions,
  type WebexConfigOptions,
} from './options.js';

/**
 * A configured Webex client: the options plus (opaque) cached state — the discovery document and
 * the JWKS. Create one per integration with {@link createWebexConfig} and share it; it is cheap to
 * hold and does no I/O until first used.
 */
export interface WebexConfig {
  /** The options the configuration was created with (frozen). */
  readonly options: Readonly<WebexConfigOptions>;
}

/** @internal Mutable state behind a {@link WebexConfig}. */
export interface ConfigState {
  readonly resolved: ResolvedOptions;
  readonly issuers: IssuerAllowList;
  metadata: WebexServerMetadata | undefined;
  metadataFetchedAt: number;
  discovering: Promise<WebexServerMetadata> | undefined;
  jwks: JwksCache | undefined;
}

const states = new WeakMap<WebexConfig, ConfigState>();

/** @internal The state of a configuration, or a `TypeError` if `config` is not one. */
export function stateOf(config: WebexConfig): ConfigState {
  const state = typeof config === 'object' && config !== null ? states.get(config) : undefined;
  if (state === undefined) {
    throw argError('ERR_INVALID_ARG_TYPE', '"config" must be a WebexConfig created by createWebexConfig().');
  }
  return state;
}

function positive(value: number | undefined, name: string, fallback: number, min = 0): number {
  assertOptionalNumber(value, name, min);
  return value ?? fallback;
}

/**
 * Creates a configuration. Validates the options (bad ones are `TypeError`s with a Node-style
 * `code`, e.g. `ERR_INVALID_ARG_VALUE`) and does no I/O: discovery happens on first use.
 */
export function createWebexConfig(options: WebexConfigOptions): WebexConfig {
  if (typeof options !== 'object' || options === null) {
    throw argError('ERR_INVALID_ARG_TYPE', '"options" must be an object.');
  }
  assertNonEmptyString(options.clientId, 'options.clientId');
  const clientAuth = resolveClientAuth(options);
  if (options.redirectUri !== undefined) parseUrlOption(options.redirectUri, 'options.redirectUri');
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw argError('ERR_INVALID_ARG_TYPE', '"options.fetch" must be a function.');
  }
  if (options.allowInsecureRequests !== undefined && typeof options.allowInsecureRequests !== 'boolean') {
    throw argError('ERR_INVALID_ARG_TYPE', '"options.allowInsecureRequests" must be a boolean.');
  }
  const apiBase = parseUrlOption(options.apiBaseUrl ?? DEFAULT_API_BASE_URL, 'options.apiBaseUrl');
  const apiBaseUrl = apiBase.href.replace(/\/+$/, '');
  const resolved: ResolvedOptions = {
    clientId: options.clientId,
    clientAuth,
    redirectUri: options.redirectUri,
    discoveryUrl: parseUrlOption(options.discoveryUrl ?? DEFAULT_DISCOVERY_URL, 'options.discoveryUrl'),
    apiBaseUrl,
    revocationEndpoint: parseUrlOption(options.revocationEndpoint ?? DEFAULT_REVOCATION_ENDPOINT, 'options.revocationEndpoint'),
    deviceAuthorizationEndpoint:
      options.deviceAuthorizationEndpoint === undefined
        ? undefined
        : parseUrlOption(options.deviceAuthorizationEndpoint, 'options.deviceAuthorizationEndpoint'),
    deviceTokenEndpoint: parseUrlOption(options.deviceTokenEndpoint ?? `${apiBaseUrl}/device/token`, 'options.deviceTokenEndpoint'),
    allowInsecureRequests: options.allowInsecureRequests ?? false,
    timeout: positive(options.timeout, 'options.timeout', 30_000, 1),
    clockTolerance: positive(options.clockTolerance, 'options.clockTolerance', 30),
    fetch: options.fetch,
    discoveryCacheTtl: positive(options.discoveryCacheTtl, 'options.discoveryCacheTtl', 3_600_000),
    discoveryAttempts: Math.floor(positive(options.discoveryAttempts, 'options.discoveryAttempts', 3, 1)),
    jwksCacheTtl: positive(options.jwksCacheTtl, 'options.jwksCacheTtl', 600_000),
    jwksRefetchCooldown: positive(options.jwksRefetchCooldown, 'options.jwksRefetchCooldown', 5_000),
  };
  if (!resolved.allowInsecureRequests) {
    const urls: Array<[string, URL | undefined]> = [
      ['discoveryUrl', resolved.discoveryUrl],
      ['apiBaseUrl', apiBase],
      ['revocationEndpoint', resolved.revocationEndpoint],
      ['deviceAuthorizationEndpoint', resolved.deviceAuthorizationEndpoint],
      ['deviceTokenEndpoint', resolved.deviceTokenEndpoint],
    ];
    for (const [name, url] of urls) {
      if (url?.protocol === 'http:') {
        throw argError('ERR_INVALID_ARG_VALUE', `"options.${name}" is not https; set "allowInsecureRequests: true" only for a local sandbox.`);
      }
    }
  }
  const issuers = compileIssuerAllowList(options.issuers ?? DEFAULT_ISSUERS);
  const { clientSecret, clientAuth: clientAuthOption, ...visible } = options;
  const frozenOptions = {
    ...visible,
    ...(options.issuers === undefined ? {} : { issuers: [...options.issuers] }),
    ...(clientAuthOption === undefined ? {} : { clientAuth: visibleClientAuth(clientAuthOption) }),
  };
  // The secret stays readable (`config.options.clientSecret`) but not enumerable, so
  // `console.log(config)`, util.inspect and JSON.stringify of a config (or of a strategy or
  // service holding one) never print it; `clientAuth` shows its method, alg and kid only.
  if (clientSecret !== undefined) Object.defineProperty(frozenOptions, 'clientSecret', { value: clientSecret, enumerable: false });
  const config: WebexConfig = Object.freeze({ options: Object.freeze(frozenOptions) });
  states.set(config, {
    resolved,
    issuers,
    metadata: undefined,
    metadataFetchedAt: 0,
    discovering: undefined,
    jwks: undefined,
  });
  return config;
}
