import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson, sendWebexError } from '../http/respond.js';
import { countGuests, createGuestToken, jwtLogin, type GuestDeps } from './guests.js';
import { sendMe } from './people.js';
import { resolveBearer } from './tokens.js';

/** What the Webex REST routes need. */
export interface ApiDeps extends GuestDeps {
  /** The issuer WebFinger points at. */
  issuer: string;
}

const ISSUER_REL = 'http://openid.net/specs/connect/1.0/issuer';

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL, deps: ApiDeps) => Promise<void>;

const routes: Record<string, { method: string; handler: Handler }> = {
  '/v1/.well-known/webfinger': {
    method: 'GET',
    async handler(_req, res, url, deps) {
      const resource = url.searchParams.get('resource');
      if (!resource) {
        sendWebexError(res, 400, 'The "resource" query parameter is required (e.g. acct:user@example.com).');
        return;
      }
      sendJson(res, 200, { subject: resource, links: [{ rel: ISSUER_REL, href: deps.issuer }] }, {}, 'application/jrd+json');
    },
  },
  '/v1/people/me': {
    method: 'GET',
    async handler(req, res, _url, deps) {
      const info = await resolveBearer(deps.provider(), req);
      const account = info && deps.accounts.get(info.accountId);
      if (!account) {
        sendWebexError(res, 401, 'The request requires a valid access token.');
        return;
      }
      sendMe(res, account);
    },
  },
  '/v1/jwt/login': { method: 'POST', handler: (req, res, _url, deps) => jwtLogin(req, res, deps) },
  '/v1/guests/token': { method: 'POST', handler: (req, res, _url, deps) => createGuestToken(req, res, deps) },
  '/v1/guests/count': { method: 'GET', handler: (req, res, _url, deps) => countGuests(req, res, deps) },
};

/** Serves the Webex REST APIs the sandbox knows. Returns `false` for any other path. */
export async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, deps: ApiDeps): Promise<boolean> {
  const route = routes[url.pathname];
  if (!route) return false;
  if (req.method !== route.method) {
    sendWebexError(res, 405, `Use ${route.method} for ${url.pathname}.`, { Allow: route.method });
    return true;
  }
  await route.handler(req, res, url, deps);
  return true;
}
