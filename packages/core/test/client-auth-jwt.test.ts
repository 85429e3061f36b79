// client_secret_jwt and private_key_jwt against the sandbox IdP (oidc-provider) over real HTTP:
// sign-in, refresh, revocation and the device grant, with clients registered for each method.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Sandbox, SandboxClient } from '@webex-oidc/sandbox';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorizationCodeGrant,
  buildAuthorizationUrl,
  ErrorCode,
  pollDeviceAuthorization,
  refreshTokens,
  revokeToken,
  startDeviceAuthorization,
  type WebexClientAuth,
  type WebexConfig,
  type WebexTokenSet,
} from './support/exports.js';
import { configFor, failure, REDIRECT_URI, sandbox } from './support/sandbox.js';

const HMAC_SECRET = randomBytes(32).toString('base64url');
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const RSA_PEM = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const EC_JWK = { ...ec.privateKey.export({ format: 'jwk' }), kty: 'EC', kid: 'ec-1' };
const SECRET_CLIENT = 'jwt-secret-app';
const KEY_CLIENT = 'jwt-key-app';

/** What a token-endpoint, revocation or device-token request carried, as the IdP received it. */
interface Sent {
  url: string;
  authorization: string | null;
  form: URLSearchParams;
}

let sb: Sandbox;
beforeAll(async () => {
  const clients: SandboxClient[] = [
    { clientId: SECRET_CLIENT, clientSecret: HMAC_SECRET, redirectUris: [REDIRECT_URI], tokenEndpointAuthMethod: 'client_secret_jwt' },
    {
      clientId: KEY_CLIENT,
      clientSecret: 'not-used-by-private-key-jwt',
      redirectUris: [REDIRECT_URI],
      tokenEndpointAuthMethod: 'private_key_jwt',
      jwks: {
        keys: [
          { ...rsa.publicKey.export({ format: 'jwk' }), kid: 'rsa-1' },
          { ...ec.publicKey.export({ format: 'jwk' }), kid: 'ec-1' },
        ],
      },
    },
  ];
  sb = await sandbox({ clients, refreshTokenTtl: 3600 });
});
afterAll(() => sb?.close());

/** A configuration for `clientId` with `clientAuth`, recording what its requests carried. */
function jwtConfig(clientId: string, clientAuth: WebexClientAuth): { config: WebexConfig; sent: Sent[] } {
  const sent: Sent[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (init?.method === 'POST') {
      const headers = new Headers(init.headers);
      sent.push({ url, authorization: headers.get('authorization'), form: new URLSearchParams(String(init.body)) });
    }
    return fetch(input, init);
  };
  return { config: configFor(sb, { clientId, clientSecret: undefined, clientAuth, fetch: recordingFetch }), sent };
}

async function signIn(config: WebexConfig) {
  const { url, checks } = await buildAuthorizationUrl(config, { scope: 'openid email spark:all' });
  return authorizationCodeGrant(config, await sb.signIn(url), checks);
}

const tokenEndpoint = () => `${sb.apiBaseUrl}/access_token`;

/** The client assertion of a request: no Basic header, no secret in the body, a well-formed JWT. */
function assertionOf(request: Sent | undefined, clientId: string) {
  expect(request).toBeDefined();
  expect(request?.authorization).toBeNull();
  expect(request?.form.has('client_secret')).toBe(false);
  expect(request?.form.get('client_id')).toBe(clientId);
  expect(request?.form.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
  const jwt = request?.form.get('client_assertion') ?? '';
  return { header: decodeProtectedHeader(jwt), claims: decodeJwt(jwt) };
}

const methods: Array<{ name: string; clientId: string; clientAuth: WebexClientAuth; alg: string; kid?: string; device?: boolean }> = [
  { name: 'client_secret_jwt (HS256)', clientId: SECRET_CLIENT, clientAuth: { method: 'client_secret_jwt', clientSecret: HMAC_SECRET }, alg: 'HS256', device: true },
  { name: 'client_secret_jwt (HS512)', clientId: SECRET_CLIENT, clientAuth: { method: 'client_secret_jwt', clientSecret: HMAC_SECRET, alg: 'HS512' }, alg: 'HS512' },
  { name: 'private_key_jwt (RS256, PEM, kid)', clientId: KEY_CLIENT, clientAuth: { method: 'private_key_jwt', key: RSA_PEM, kid: 'rsa-1' }, alg: 'RS256', kid: 'rsa-1', device: true },
  { name: 'private_key_jwt (PS256, KeyObject, no kid)', clientId: KEY_CLIENT, clientAuth: { method: 'private_key_jwt', key: rsa.privateKey, alg: 'PS256' }, alg: 'PS256' },
  { name: 'private_key_jwt (ES256, JWK with kid)', clientId: KEY_CLIENT, clientAuth: { method: 'private_key_jwt', key: EC_JWK }, alg: 'ES256', kid: 'ec-1' },
];

/** Checks a request's assertion (iss = sub = client id, aud = token endpoint, 60 s, alg, kid) and returns its jti. */
function expectAssertion(request: Sent | undefined, clientId: string, alg: string, kid: string | undefined): string {
  const { header, claims } = assertionOf(request, clientId);
  expect(header).toEqual(kid === undefined ? { alg } : { alg, kid });
  expect(claims).toMatchObject({ iss: clientId, sub: clientId, aud: tokenEndpoint() });
  expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(60);
  return String(claims.jti);
}

describe.each(methods)('$name against the sandbox', ({ clientId, clientAuth, alg, kid }) => {

  it('signs in (authorization code + PKCE) and refreshes, each request with a fresh assertion', async () => {
    const { config, sent } = jwtConfig(clientId, clientAuth);
    const { tokens, claims } = await signIn(config);
    expect(claims?.email).toBe('alice@example.com');
    expect(tokens.refreshToken).toEqual(expect.any(String));
    const refreshed = await refreshTokens(config, tokens);
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect(refreshed.refreshToken).toBe(tokens.refreshToken);
    const requests = sent.filter((s) => s.url === tokenEndpoint());
    expect(requests.map((r) => r.form.get('grant_type'))).toEqual(['authorization_code', 'refresh_token']);
    const jtis = requests.map((r) => expectAssertion(r, clientId, alg, kid));
    expect(new Set(jtis).size).toBe(2);
  });

  it('revokes a refresh token with the same client authentication (then refresh is invalid_grant)', async () => {
    const { config, sent } = jwtConfig(clientId, clientAuth);
    const { tokens } = await signIn(config);
    await revokeToken(config, tokens.refreshToken ?? '', 'refresh_token');
    expectAssertion(sent.find((s) => s.url === sb.revocationUrl), clientId, alg, kid);
    expect((await failure(refreshTokens(config, tokens))).code).toBe(ErrorCode.InvalidGrant);
  });

});

describe.each(methods.filter((m) => m.device === true))('$name: device grant against the sandbox', ({ clientId, clientAuth, alg, kid }) => {
  it('completes a device grant, every poll with its own assertion', { timeout: 20_000 }, async () => {
    const { config, sent } = jwtConfig(clientId, clientAuth);
    const authorization = await startDeviceAuthorization(config, { scope: 'spark:all' });
    let approved = false;
    const tokens: WebexTokenSet = await pollDeviceAuthorization(config, authorization, {
      onPending: async () => {
        if (approved) return;
        approved = true;
        await sb.approveDevice(authorization.userCode);
      },
    });
    expect(tokens.accessToken).toEqual(expect.any(String));
    const polls = sent.filter((s) => s.url === sb.deviceTokenUrl);
    expect(polls.length).toBeGreaterThanOrEqual(2);
    expect(new Set(polls.map((p) => expectAssertion(p, clientId, alg, kid))).size).toBe(polls.length);
  });
});

describe('the IdP refuses a wrong secret or key: invalid_client, without the secret or key in the message', () => {
  const otherRsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const otherPem = otherRsa.export({ type: 'pkcs8', format: 'pem' }).toString();
  const wrongSecret = 'not-the-client-secret-but-long-enough-0123456789';
  const cases: Array<[string, string, WebexClientAuth, string[]]> = [
    ['client_secret_jwt with a wrong secret', SECRET_CLIENT, { method: 'client_secret_jwt', clientSecret: wrongSecret }, [wrongSecret, HMAC_SECRET]],
    ['private_key_jwt with an unregistered key', KEY_CLIENT, { method: 'private_key_jwt', key: otherPem, kid: 'rsa-1' }, otherPem.split('\n').filter((l) => l.length > 40)],
    ['private_key_jwt signing RS256 with the EC key’s kid', KEY_CLIENT, { method: 'private_key_jwt', key: RSA_PEM, kid: 'ec-1' }, []],
  ];

  it.each(cases)('%s', { timeout: 20_000 }, async (_name, clientId, clientAuth, material) => {
    const { config: good } = jwtConfig(clientId, methods.find((m) => m.clientId === clientId)?.clientAuth ?? clientAuth);
    const { tokens } = await signIn(good);
    const { config: wrong, sent } = jwtConfig(clientId, clientAuth);
    const { url, checks } = await buildAuthorizationUrl(wrong, { scope: 'openid email spark:all' });
    const errors = [
      await failure(authorizationCodeGrant(wrong, await sb.signIn(url), checks)),
      await failure(refreshTokens(wrong, tokens)),
      await failure(revokeToken(wrong, tokens.refreshToken ?? '', 'refresh_token')),
      await failure(pollDeviceAuthorization(wrong, await startDeviceAuthorization(wrong))),
    ];
    const assertions = sent.map((s) => s.form.get('client_assertion')).filter((a): a is string => a !== null);
    expect(assertions).toHaveLength(4);
    for (const err of errors) {
      expect(err).toMatchObject({ name: 'WebexOidcError', code: ErrorCode.InvalidClient, status: 401, error: 'invalid_client', transient: false });
      expect(err.message).toMatch(/Client authentication failed: check the client id and client secret \(with private_key_jwt: the private key/);
      for (const secret of [...material, ...assertions]) expect(err.message).not.toContain(secret);
    }
    // The good configuration still works: the refusal was about the credentials alone.
    expect((await refreshTokens(good, tokens)).accessToken).toEqual(expect.any(String));
  });
});
