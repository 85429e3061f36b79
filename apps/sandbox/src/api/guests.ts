import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors as joseErrors, jwtVerify } from 'jose';
import type Provider from 'oidc-provider';
import { DEFAULTS, GUEST_CLIENT_ID } from '../defaults.js';
import { readBody, readJsonObject } from '../http/body.js';
import { bearerToken, sendJson, sendWebexError } from '../http/respond.js';
import type { Accounts } from '../idp/accounts.js';
import { webexId } from '../idp/accounts.js';
import { mintAccessToken, resolveBearer } from './tokens.js';

/** Scope of guest access tokens. */
const GUEST_SCOPE = 'openid email profile spark:all spark:kms';

/** What the guest endpoints need. */
export interface GuestDeps {
  provider: () => Provider;
  accounts: Accounts;
  guestIssuer: { issuerId: string; secret: string };
}

function describeJwtError(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'The guest token has expired; mint a new one.';
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'The guest token signature is invalid.';
  if (err instanceof joseErrors.JWTClaimValidationFailed) return `The guest token is invalid: ${err.message}.`;
  return 'The guest token is not a valid HS256 JWT from the configured Guest Issuer.';
}

/** `POST /v1/jwt/login`: exchanges a Guest Issuer JWT (HS256) for an access token. */
export async function jwtLogin(req: IncomingMessage, res: ServerResponse, deps: GuestDeps): Promise<void> {
  await readBody(req);
  const jwt = bearerToken(req);
  if (!jwt) {
    sendWebexError(res, 401, 'The request requires a guest token in the Authorization header (Bearer).');
    return;
  }
  let sub: string;
  let name: string;
  try {
    const key = Buffer.from(deps.guestIssuer.secret, 'base64');
    const { payload } = await jwtVerify(jwt, key, {
      algorithms: ['HS256'],
      issuer: deps.guestIssuer.issuerId,
      requiredClaims: ['sub', 'exp'],
    });
    sub = String(payload.sub);
    name = typeof payload.name === 'string' && payload.name ? payload.name : sub;
  } catch (err) {
    sendWebexError(res, 401, describeJwtError(err));
    return;
  }
  const guest = deps.accounts.upsertIssuerGuest(deps.guestIssuer.issuerId, sub, name);
  const ttl = DEFAULTS.guestJwtTokenTtl;
  const token = await mintAccessToken(deps.provider(), GUEST_CLIENT_ID, guest.id, GUEST_SCOPE, ttl);
  sendJson(res, 200, { token, expiresIn: ttl });
}

async function requireScope(
  req: IncomingMessage,
  res: ServerResponse,
  deps: GuestDeps,
  scope: string,
): Promise<boolean> {
  const info = await resolveBearer(deps.provider(), req);
  if (!info) {
    sendWebexError(res, 401, 'The request requires a valid access token.');
    return false;
  }
  if (!info.scopes.has(scope)) {
    sendWebexError(res, 403, `The access token lacks the ${scope} scope.`);
    return false;
  }
  return true;
}

/** `POST /v1/guests/token`: a Service App creates (or reuses) a guest and gets a token for it. */
export async function createGuestToken(req: IncomingMessage, res: ServerResponse, deps: GuestDeps): Promise<void> {
  const body = await readJsonObject(req);
  if (!(await requireScope(req, res, deps, 'guest-issuer:write'))) return;
  const subject = body?.subject;
  const displayName = body?.displayName;
  if (typeof subject !== 'string' || !subject || typeof displayName !== 'string' || !displayName) {
    sendWebexError(res, 400, 'The body must be JSON with non-empty "subject" and "displayName" strings.');
    return;
  }
  const guest = deps.accounts.upsertServiceAppGuest(subject, displayName);
  const ttl = DEFAULTS.serviceAppGuestTokenTtl;
  const accessToken = await mintAccessToken(deps.provider(), GUEST_CLIENT_ID, guest.id, GUEST_SCOPE, ttl);
  sendJson(res, 200, {
    id: webexId('PEOPLE', guest.id),
    subject,
    displayName,
    email: guest.email,
    accessToken,
    expiresIn: ttl,
  });
}

/** `GET /v1/guests/count`. */
export async function countGuests(req: IncomingMessage, res: ServerResponse, deps: GuestDeps): Promise<void> {
  if (!(await requireScope(req, res, deps, 'guest-issuer:read'))) return;
  sendJson(res, 200, { count: deps.accounts.serviceAppGuestCount() });
}
