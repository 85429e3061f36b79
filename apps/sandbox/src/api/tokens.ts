import type { IncomingMessage } from 'node:http';
import type Provider from 'oidc-provider';
import { bearerToken } from '../http/respond.js';

/** What a valid sandbox access token stands for. */
export interface TokenInfo {
  accountId: string;
  clientId: string;
  scopes: Set<string>;
}

/** Resolves the request's bearer access token (any token the provider issued and still holds). */
export async function resolveBearer(provider: Provider, req: IncomingMessage): Promise<TokenInfo | undefined> {
  const value = bearerToken(req);
  if (!value) return undefined;
  const token = await provider.AccessToken.find(value);
  if (!token || token.isExpired) return undefined;
  return { accountId: token.accountId, clientId: token.clientId ?? '', scopes: new Set((token.scope ?? '').split(' ')) };
}

/**
 * Mints a real provider access token outside an OAuth flow (guest and Service App tokens), with
 * its own grant, so userinfo, people/me and revocation treat it like any other token.
 */
export async function mintAccessToken(
  provider: Provider,
  clientId: string,
  accountId: string,
  scope: string,
  expiresIn: number,
): Promise<string> {
  const client = await provider.Client.find(clientId);
  if (!client) throw new Error(`internal client ${clientId} is not registered`);
  const grant = new provider.Grant({ accountId, clientId });
  grant.addOIDCScope(scope);
  const grantId = await grant.save();
  const token = new provider.AccessToken({ accountId, client, grantId, gty: 'sandbox', scope, expiresIn });
  return token.save();
}
