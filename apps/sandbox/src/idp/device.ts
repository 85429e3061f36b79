import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { readBody, replayRequest } from '../http/body.js';
import { sendJson } from '../http/respond.js';
import type { SandboxState } from '../state.js';
import { deviceAuthorizeCredentials, type RegisteredClient } from './clients.js';
import { isRecord, oidcOf, type ProviderMiddleware } from './koa.js';
import { escapeHtml, page } from './views.js';

/** Webex's device paths. */
export const DEVICE_AUTHORIZE_PATH = '/v1/device/authorize';
export const DEVICE_TOKEN_PATH = '/v1/device/token';
/** Where a person enters the user code (oidc-provider's `code_verification` route). */
export const DEVICE_VERIFY_PATH = '/v1/device';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

interface PollState {
  interval: number;
  lastPoll: number;
}

/** Polling state per device code, for `slow_down`. */
export type DevicePolls = Map<string, PollState>;

/**
 * Webex's device authorize takes `client_id` and `scope` with no client authentication, while
 * oidc-provider authenticates confidential clients there. When a request for a known client
 * carries no credentials, this adds them in the client's registered method before the provider
 * sees it: its HTTP Basic header, or a client assertion (`client_secret_jwt` signed with its
 * secret; `private_key_jwt` with the sandbox-held key registered next to the client's own).
 */
export async function withDeviceClientAuth(
  req: IncomingMessage,
  clients: ReadonlyMap<string, RegisteredClient>,
): Promise<IncomingMessage> {
  if (req.headers.authorization) return req;
  const body = await readBody(req);
  const form = new URLSearchParams(body.toString('utf8'));
  const client = clients.get(form.get('client_id') ?? '');
  if (!client || form.has('client_secret') || form.has('client_assertion')) {
    return replayRequest(req, body, req.headers);
  }
  const audience = new URL(DEVICE_AUTHORIZE_PATH, `http://${req.headers.host ?? 'localhost'}`).href;
  const credentials = await deviceAuthorizeCredentials(client, audience);
  if ('authorization' in credentials) {
    return replayRequest(req, body, { ...req.headers, authorization: credentials.authorization });
  }
  for (const [name, value] of Object.entries(credentials.form)) form.set(name, value);
  return replayRequest(req, Buffer.from(form.toString(), 'utf8'), req.headers);
}

/**
 * Webex's device token endpoint requires client authentication: HTTP Basic (a client secret in
 * the body is refused), or — for a client registered for `client_secret_jwt` or
 * `private_key_jwt` — a client assertion in the body (oidc-provider then checks it against the
 * registered method). Anything else is answered `401 invalid_client` here and `undefined` is
 * returned; otherwise the request (replayed when its body had to be read) goes on.
 */
export async function requireDeviceTokenClientAuth(req: IncomingMessage, res: ServerResponse): Promise<IncomingMessage | undefined> {
  const header = req.headers.authorization;
  if (header !== undefined && /^Basic\s/i.test(header)) return req;
  if (header === undefined) {
    const body = await readBody(req);
    if (new URLSearchParams(body.toString('utf8')).has('client_assertion')) return replayRequest(req, body, req.headers);
  }
  sendJson(
    res,
    401,
    { error: 'invalid_client', error_description: 'HTTP Basic client authentication (or a client assertion) is required' },
    { 'WWW-Authenticate': 'Basic realm="webex-sandbox"' },
  );
  return undefined;
}

function html(ctx: KoaContextWithOIDC, body: string): void {
  ctx.type = 'html';
  ctx.body = body;
}

/** `features.deviceFlow` of the provider: six-digit user codes and the sandbox's pages. */
export function deviceFlowFeature(): NonNullable<NonNullable<Configuration['features']>['deviceFlow']> {
  return {
    enabled: true,
    charset: 'digits',
    mask: '******',
    userCodeInputSource(ctx, form, out) {
      const error = out ? `<p role="alert">${escapeHtml(out.error_description ?? out.error)}</p>` : '';
      html(
        ctx,
        page(
          'Connect a device',
          `${error}<p>Enter the six-digit code your device shows.</p>${form}<button type="submit" form="op.deviceInputForm">Continue</button>`,
          out ? 'device-error' : 'device-code',
        ),
      );
    },
    userCodeConfirmSource(ctx, form, client, _deviceInfo, userCode) {
      html(
        ctx,
        page(
          'Confirm the device',
          `<p><code>${escapeHtml(client.clientId)}</code> asks to connect with code <code>${escapeHtml(userCode)}</code>.</p>${form}
<button type="submit" form="op.deviceConfirmForm">Continue</button>
<button type="submit" form="op.deviceConfirmForm" name="abort" value="yes">Deny</button>`,
          'device-confirm',
        ),
      );
    },
    successSource(ctx) {
      html(ctx, page('Device connected', '<p>You can close this page and return to your device.</p>', 'device-success'));
    },
  };
}

/**
 * Webex's device deviations on top of oidc-provider:
 * - `/v1/device/token` exists (mapped onto the token endpoint; its client authentication is
 *   checked first by {@link requireDeviceTokenClientAuth}), answers `428` while the user has not
 *   finished and `slow_down` (interval + 5 s) when polled too fast;
 * - device authorize answers with `interval`.
 */
export function deviceShims(state: SandboxState, polls: DevicePolls): ProviderMiddleware {
  return async (ctx, next) => {
    if (ctx.path === DEVICE_TOKEN_PATH && ctx.method === 'POST') {
      ctx.path = '/v1/access_token';
      await next();
      const body = ctx.body;
      const code = oidcOf(ctx)?.params?.device_code;
      if (isRecord(body) && body.error === 'authorization_pending' && typeof code === 'string') {
        const now = Date.now();
        const poll = polls.get(code) ?? { interval: state.deviceInterval, lastPoll: 0 };
        if (poll.lastPoll && now - poll.lastPoll < poll.interval * 1000) {
          poll.interval += 5;
          ctx.status = 400;
          ctx.body = { error: 'slow_down', error_description: `polling too fast; poll every ${poll.interval} s` };
        } else {
          ctx.status = 428;
        }
        poll.lastPoll = now;
        polls.set(code, poll);
      } else if (typeof code === 'string') {
        polls.delete(code);
      }
      stripDeviceIdToken(ctx);
      return;
    }

    await next();
    const oidc = oidcOf(ctx);
    const body = ctx.body;
    stripDeviceIdToken(ctx);
    if (oidc?.route === 'device_authorization' && ctx.status === 200 && isRecord(body)) {
      body.interval = state.deviceInterval;
      if (typeof body.device_code === 'string') {
        polls.set(body.device_code, { interval: state.deviceInterval, lastPoll: 0 });
      }
    }
  };
}

/** Webex's device grant does not do OpenID Connect: its token answer carries no ID token. */
function stripDeviceIdToken(ctx: KoaContextWithOIDC): void {
  const oidc = oidcOf(ctx);
  if (oidc?.route === 'token' && oidc.params?.grant_type === DEVICE_GRANT && isRecord(ctx.body)) {
    delete ctx.body.id_token;
  }
}
