import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { handleApi, type ApiDeps } from './api/routes.js';
import { applyFault } from './faults.js';
import { sendWebexError, TRACKING_HEADER } from './http/respond.js';
import type { RegisteredClient } from './idp/clients.js';
import { DEVICE_AUTHORIZE_PATH, DEVICE_TOKEN_PATH, requireDeviceTokenClientAuth, withDeviceClientAuth } from './idp/device.js';
import { handleInteraction } from './idp/interactions.js';
import type { SandboxState } from './state.js';

/** What the request listener needs. */
export interface ServerDeps extends ApiDeps {
  state: SandboxState;
  clients: ReadonlyMap<string, RegisteredClient>;
  /** Whether unexpected errors may be printed. */
  quiet: boolean;
}

/**
 * The sandbox's request listener. Order: tracking id and request count, injected faults, the
 * login/consent pages, the Webex REST APIs, then oidc-provider (with its Webex shims).
 */
export function createListener(deps: ServerDeps): RequestListener {
  const callbacks = new WeakMap<Provider, RequestListener>();
  const providerListener = (): RequestListener => {
    const provider = deps.provider();
    let cb = callbacks.get(provider);
    if (!cb) {
      cb = provider.callback();
      callbacks.set(provider, cb);
    }
    return cb;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const { pathname } = url;
    res.setHeader(TRACKING_HEADER, `ROUTER_${randomUUID()}`);
    deps.state.requestCounts.set(pathname, (deps.state.requestCounts.get(pathname) ?? 0) + 1);

    if (applyFault(deps.state.faults, pathname, res)) return;
    if (await handleInteraction(req, res, pathname, deps)) return;
    if (await handleApi(req, res, url, deps)) return;

    let request: IncomingMessage | undefined = req;
    if (req.method === 'POST' && pathname === DEVICE_AUTHORIZE_PATH) {
      request = await withDeviceClientAuth(req, deps.clients);
    } else if (req.method === 'POST' && pathname === DEVICE_TOKEN_PATH) {
      request = await requireDeviceTokenClientAuth(req, res);
      if (request === undefined) return;
    }
    await providerListener()(request, res);
  };

  return (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!deps.quiet) console.error('webex sandbox: unexpected error', err);
      if (!res.headersSent) sendWebexError(res, 500, 'The sandbox failed to handle the request.');
      else res.end();
    });
  };
}
