import * as client from 'openid-client';
import type { ConfigState } from '../config/config.js';
import type { WebexServerMetadata } from '../discovery/metadata.js';
import { send } from '../http/request.js';

/** Options of {@link clientConfiguration}. */
export interface ClientConfigurationOptions {
  /** Names the request in network-error messages. */
  what: string;
  /** Cancels the request(s). */
  signal?: AbortSignal | undefined;
  /** Metadata to override for this call (e.g. `revocation_endpoint`). */
  overrides?: Partial<Record<string, string>>;
  /** Force a client authentication method for this call. */
  auth?: 'client_secret_basic' | 'client_secret_post';
  /**
   * When given, the `id_token` of a successful token-endpoint answer is taken out before
   * openid-client sees it and stored here, so that {@link validateIdToken} (allow-listed `iss`,
   * signature, kid refetch, `iat`…) validates it instead of openid-client's weaker defaults.
   */
  capture?: { idToken?: string | undefined };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function clientAuth(state: ConfigState, method: 'client_secret_basic' | 'client_secret_post'): client.ClientAuth {
  const secret = state.resolved.clientSecret;
  if (secret === undefined) return client.None();
  return method === 'client_secret_basic' ? client.ClientSecretBasic(secret) : client.ClientSecretPost(secret);
}

async function withoutIdToken(response: Response, capture: { idToken?: string | undefined }): Promise<Response> {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const headers = new Headers();
  const contentType = response.headers.get('content-type');
  if (contentType !== null) headers.set('content-type', contentType);
  if (!isRecord(json) || typeof json.id_token !== 'string') {
    return new Response(text, { status: response.status, statusText: response.statusText, headers });
  }
  capture.idToken = json.id_token;
  const { id_token: _removed, ...rest } = json;
  return new Response(JSON.stringify(rest), { status: response.status, statusText: response.statusText, headers });
}

/**
 * @internal An openid-client `Configuration` for one call: the discovered metadata, the client's
 * authentication, http allowed only when configured, and every request sent through this
 * package's `send()` (timeout, caller's `AbortSignal`, typed network errors, custom `fetch`).
 * Creating one is cheap (a structured clone of the metadata); a fresh one per call keeps
 * per-call state (signal, captured ID token) from leaking between concurrent calls.
 */
export function clientConfiguration(
  state: ConfigState,
  metadata: WebexServerMetadata,
  options: ClientConfigurationOptions,
): client.Configuration {
  const { resolved } = state;
  const { authorization_response_iss_parameter_supported: _iss, ...rest } = metadata;
  const server = { ...rest, ...options.overrides } as client.ServerMetadata;
  const clientMetadata: Partial<client.ClientMetadata> = { [client.clockTolerance]: resolved.clockTolerance };
  if (resolved.clientSecret !== undefined) clientMetadata.client_secret = resolved.clientSecret;
  const config = new client.Configuration(
    server,
    resolved.clientId,
    clientMetadata,
    clientAuth(state, options.auth ?? resolved.tokenEndpointAuthMethod),
  );
  if (resolved.allowInsecureRequests) client.allowInsecureRequests(config);
  // Our own send() enforces the timeout (with a typed error); openid-client's is a backstop.
  config.timeout = Math.ceil(resolved.timeout / 1000) + 5;
  const tokenEndpoint = metadata.token_endpoint;
  const { capture } = options;
  config[client.customFetch] = async (url, init) => {
    const response = await send(
      options.what,
      new URL(url),
      { method: init.method, headers: init.headers, body: init.body ?? null, redirect: init.redirect },
      { fetch: resolved.fetch, timeout: resolved.timeout, signal: options.signal },
    );
    if (capture !== undefined && response.ok && url === new URL(tokenEndpoint).href) return withoutIdToken(response, capture);
    return response;
  };
  return config;
}
