import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import * as client from 'openid-client';
import type { ClientSecretJwtAlgorithm, ResolvedClientAuth } from './types.js';

/** RFC 7523 §2.2. */
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Seconds an assertion is valid: as openid-client's own assertions. */
const ASSERTION_LIFETIME = 60;

/**
 * openid-client's assertions carry `aud` = the discovery `issuer`; this sets the token endpoint
 * URL instead, the value OpenID Connect Core §9 says the audience should be (and RFC 7523 §3
 * allows), which oidc-provider accepts at every endpoint. Webex's discovery `issuer` (idbroker)
 * is not even the host of its token endpoint (webexapis.com).
 */
function audienceIs(audience: string): client.ModifyAssertionOptions {
  return {
    [client.modifyAssertion]: (_header, payload) => {
      payload.aud = audience;
    },
  };
}

/** The claims of an assertion, as openid-client builds them: fresh `jti`, 60 s `exp`. */
function assertionClaims(clientId: string, audience: string): Record<string, string | number> {
  const now = Math.floor(Date.now() / 1000);
  return {
    jti: randomBytes(32).toString('base64url'),
    aud: audience,
    exp: now + ASSERTION_LIFETIME,
    iat: now,
    nbf: now,
    iss: clientId,
    sub: clientId,
  };
}

/**
 * `client_secret_jwt` with HS384 or HS512, which openid-client's `ClientSecretJwt` (HS256 only)
 * cannot sign: the same claims, signed with jose.
 */
function hmacAssertion(secret: string, alg: Exclude<ClientSecretJwtAlgorithm, 'HS256'>, audience: string): client.ClientAuth {
  const key = new TextEncoder().encode(secret);
  return async (_as, metadata, body) => {
    const assertion = await new SignJWT(assertionClaims(metadata.client_id, audience)).setProtectedHeader({ alg }).sign(key);
    body.set('client_id', metadata.client_id);
    body.set('client_assertion_type', ASSERTION_TYPE);
    body.set('client_assertion', assertion);
  };
}

/**
 * @internal The openid-client `ClientAuth` of a configuration, for requests openid-client sends
 * and for the ones this package sends itself (device polling), so every path builds the same
 * credentials. Assertions (`client_secret_jwt`, `private_key_jwt`) are made per request: `iss` =
 * `sub` = the client id, `aud` = `audience` (the token endpoint), a fresh `jti`, `iat`/`nbf` now
 * and `exp` 60 s later.
 *
 * @param audience The token endpoint from discovery.
 * @param secretAs How a plain client secret is sent on this call (Webex's revocation endpoint
 *   wants HTTP Basic whatever the token endpoint takes); assertions are unaffected.
 */
export function clientAuthFor(auth: ResolvedClientAuth, audience: string, secretAs?: 'client_secret_basic'): client.ClientAuth {
  switch (auth.method) {
    case 'client_secret_basic':
    case 'client_secret_post': {
      if (auth.secret === undefined) return client.None();
      return (secretAs ?? auth.method) === 'client_secret_basic' ? client.ClientSecretBasic(auth.secret) : client.ClientSecretPost(auth.secret);
    }
    case 'client_secret_jwt':
      return auth.alg === 'HS256' ? client.ClientSecretJwt(auth.secret, audienceIs(audience)) : hmacAssertion(auth.secret, auth.alg, audience);
    case 'private_key_jwt': {
      const { kid } = auth;
      return async (as, metadata, body, headers) => {
        const key = await auth.signingKey();
        const privateKeyJwt = client.PrivateKeyJwt(kid === undefined ? { key } : { key, kid }, audienceIs(audience));
        // openid-client types ClientAuth as returning void; PrivateKeyJwt's is async (it signs).
        await privateKeyJwt(as, metadata, body, headers);
      };
    }
  }
}
