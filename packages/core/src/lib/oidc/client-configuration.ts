import * as client from 'openid-client';
import { clientAuthFor } from '../client-auth/client-auth.js';
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
  /**
   * How a plain client secret is sent on this call, whatever the token endpoint takes (Webex's
   * revocation wants HTTP Basic). The JWT methods are unaffected.
   */
  secretAuth?: 'client_secret_basic';
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

/** The original's status and content type, for an answer re-issued from its read body. */
function initFrom(response: Response): ResponseInit {
  const contentType = response.headers.get('content-type');
  return { status: response.status, statusText: response.statusText, headers: contentType === null ? {} : { 'content-type': contentType } };
}

/**
 * A token-endpoint answer whose JSON body was already read and parsed: openid-client reads it
 * through `json()`, so the body is neither re-serialized nor streamed and parsed a second time
 * (a `Response` with no body stream, whose `json()`, `text()` and `bodyUsed` serve `json`).
 */
function parsedJsonResponse(json: Record<string, unknown>, from: Response): Response {
  const response = new Response(null, initFrom(from));
  let used = false;
  const read = (): Promise<Record<string, unknown>> => {
    if (used) return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
    used = true;
    return Promise.resolve(json);
  };
  Object.defineProperties(response, {
    bodyUsed: { get: () => used },
    json: { value: read },
    text: { value: async () => JSON.stringify(await read()) },
  });
  return response;
}

/**
 * Reads a successful token answer once and hands openid-client the parsed body without its
 * `id_token` (stored in `capture`). An answer that is not a JSON object is passed on as it came,
 * for openid-client to reject with its own error.
 */
async function withoutIdToken(response: Response, capture: { idToken?: string | undefined }): Promise<Response> {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!isRecord(json)) return new Response(text, initFrom(response));
  if (typeof json.id_token === 'string') {
    capture.idToken = json.id_token;
    delete json.id_token;
  }
  return parsedJsonResponse(json, response);
}

/**
 * @internal An openid-client `Configuration` for one call: the discovered metadata, the client's
 * authentication, http allowed only when configured, and every request sent through this
 * package's `send()` (timeout, caller's `AbortSignal`, typed network errors, custom `fetch`).
 * Creating one is cheap (a structured clone of the metadata); a fresh one per call keeps
 * per-call state (signal, captured ID token) from leaking between concurrent calls: openid-client
 * takes `fetch` from the configuration only, with no per-request hook, and routing per-call state
 * through `AsyncLocalStorage` instead would put promise hooks on the whole process (Node 20).
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
  const auth = resolved.clientAuth;
  if (auth.method !== 'private_key_jwt' && auth.secret !== undefined) clientMetadata.client_secret = auth.secret;
  const config = new client.Configuration(
    server,
    resolved.clientId,
    clientMetadata,
    clientAuthFor(auth, metadata.token_endpoint, options.secretAuth),
  );
  if (resolved.allowInsecureRequests) client.allowInsecureRequests(config);
  // Every request goes through send(), which enforces the timeout (a typed network_error) and
  // the caller's signal on one timer; openid-client's own per-request AbortSignal.timeout would
  // only duplicate it, so it is off (0 = none).
  config.timeout = 0;
  const { capture } = options;
  // openid-client passes the endpoint as `URL.href`; normalise ours the same way, once per call.
  const tokenEndpoint = capture === undefined ? undefined : new URL(metadata.token_endpoint).href;
  const sendOptions = { fetch: resolved.fetch, timeout: resolved.timeout, signal: options.signal };
  config[client.customFetch] = async (url, init) => {
    const response = await send(
      options.what,
      url,
      { method: init.method, headers: init.headers, body: init.body ?? null, redirect: init.redirect },
      sendOptions,
    );
    if (capture !== undefined && response.status === 200 && url === tokenEndpoint) return withoutIdToken(response, capture);
    return response;
  };
  return config;
}
