import { createHash } from 'node:crypto';
import { base64url, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { miniConfig } from '../../../test/support/mini-config.js';
import { newKey, startMiniIdp, type MiniIdp } from '../../../test/support/mini-idp.js';
import { ErrorCode } from '../errors.js';
import { validateIdToken } from './validate.js';
import { atHash } from './at-hash.js';

let idp: MiniIdp;
beforeAll(async () => {
  idp = await startMiniIdp();
});
afterAll(() => idp.close());

async function rejection(promise: Promise<unknown>): Promise<{ code?: string; reason?: string; message: string }> {
  try {
    await promise;
  } catch (err) {
    return err as { code?: string; reason?: string; message: string };
  }
  throw new Error('expected a rejection');
}

describe('validateIdToken', () => {
  it('accepts a well-formed token and returns its claims', async () => {
    const config = miniConfig(idp);
    const token = await idp.mint({ nonce: 'n-1', email: 'a@example.com' });
    const claims = await validateIdToken(config, token, { nonce: 'n-1' });
    expect(claims.sub).toBe('user-1');
    expect(claims.email).toBe('a@example.com');
  });

  it('rejects a bad signature', async () => {
    const config = miniConfig(idp);
    const impostor = await newKey('key-1'); // same kid, other key
    const token = await idp.mint({}, { key: impostor });
    const err = await rejection(validateIdToken(config, token));
    expect(err.code).toBe(ErrorCode.IdTokenInvalid);
    expect(err.reason).toBe('signature');
  });

  it('rejects a tampered payload', async () => {
    const config = miniConfig(idp);
    const [h, , s] = (await idp.mint({})).split('.');
    const forged = base64url.encode(JSON.stringify({ iss: idp.issuer, aud: idp.clientId, sub: 'admin', iat: 1, exp: 9e9 }));
    const err = await rejection(validateIdToken(config, `${h}.${forged}.${s}`));
    expect(err.reason).toBe('signature');
  });

  it('rejects alg none and HS256', async () => {
    const config = miniConfig(idp);
    const now = Math.floor(Date.now() / 1000);
    const payload = base64url.encode(JSON.stringify({ iss: idp.issuer, aud: idp.clientId, sub: 'x', iat: now, exp: now + 60 }));
    const none = `${base64url.encode(JSON.stringify({ alg: 'none' }))}.${payload}.`;
    expect(await rejection(validateIdToken(config, none))).toMatchObject({ code: 'id_token_invalid', reason: 'alg' });
    const hs = await new SignJWT({ iss: idp.issuer, aud: idp.clientId, sub: 'x' })
      .setProtectedHeader({ alg: 'HS256', kid: 'key-1' })
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode('mini-secret-mini-secret-mini-secret!'));
    expect(await rejection(validateIdToken(config, hs))).toMatchObject({ code: 'id_token_invalid', reason: 'alg' });
  });

  it('rejects an issuer outside the allow-list and accepts an allow-listed cluster issuer', async () => {
    const config = miniConfig(idp);
    const wrong = await idp.mint({ iss: 'https://evil.example.com/idb' });
    expect(await rejection(validateIdToken(config, wrong))).toMatchObject({ code: ErrorCode.IssuerNotAllowed, reason: 'iss' });
    const lookalike = await idp.mint({ iss: 'https://idbroker-b.us.webex.com.evil.io/idb' });
    expect((await rejection(validateIdToken(config, lookalike))).reason).toBe('iss');
    const cluster = await idp.mint({ iss: 'https://idbroker-b-us.webex.com/idb' });
    expect((await validateIdToken(config, cluster)).iss).toBe('https://idbroker-b-us.webex.com/idb');
  });

  it('rejects a token for another audience or authorized party', async () => {
    const config = miniConfig(idp);
    expect(await rejection(validateIdToken(config, await idp.mint({ aud: 'other-client' })))).toMatchObject({
      code: 'id_token_invalid',
      reason: 'aud',
    });
    expect((await validateIdToken(config, await idp.mint({ aud: ['other', idp.clientId], azp: idp.clientId }))).sub).toBe('user-1');
    expect((await rejection(validateIdToken(config, await idp.mint({ azp: 'other' })))).reason).toBe('azp');
  });

  it('rejects expired tokens, tokens issued in the future and tokens without iat', async () => {
    const config = miniConfig(idp);
    const now = Math.floor(Date.now() / 1000);
    expect((await rejection(validateIdToken(config, await idp.mint({ iat: now - 600, exp: now - 120 }))))).toMatchObject({
      code: 'id_token_invalid',
      reason: 'exp',
    });
    expect((await rejection(validateIdToken(config, await idp.mint({ iat: now + 600, exp: now + 900 }))))).toMatchObject({
      code: 'id_token_invalid',
      reason: 'iat',
    });
    expect((await rejection(validateIdToken(config, await idp.mint({ iat: undefined }))))).toMatchObject({ reason: 'iat' });
    // within the clock tolerance (30 s) is fine
    expect((await validateIdToken(config, await idp.mint({ iat: now + 10 }))).sub).toBe('user-1');
  });

  it('rejects a nonce mismatch with its own code', async () => {
    const config = miniConfig(idp);
    const err = await rejection(validateIdToken(config, await idp.mint({ nonce: 'a' }), { nonce: 'b' }));
    expect(err.code).toBe(ErrorCode.NonceMismatch);
    const missing = await rejection(validateIdToken(config, await idp.mint({}), { nonce: 'b' }));
    expect(missing.code).toBe(ErrorCode.NonceMismatch);
  });

  it('checks auth_time against maxAge', async () => {
    const config = miniConfig(idp);
    const now = Math.floor(Date.now() / 1000);
    expect((await validateIdToken(config, await idp.mint({ auth_time: now - 100 }), { maxAge: 300 })).auth_time).toBe(now - 100);
    expect((await rejection(validateIdToken(config, await idp.mint({ auth_time: now - 1000 }), { maxAge: 300 }))).reason).toBe(
      'auth_time',
    );
    expect((await rejection(validateIdToken(config, await idp.mint({}), { maxAge: 300 }))).reason).toBe('auth_time');
  });

  it('checks at_hash against the access token', async () => {
    const config = miniConfig(idp);
    const accessToken = 'access-token-value';
    const expected = createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url');
    expect(atHash(accessToken, 'RS256')).toBe(expected);
    const good = await idp.mint({ at_hash: expected });
    expect((await validateIdToken(config, good, { accessToken, requireAtHash: true })).at_hash).toBe(expected);
    const err = await rejection(validateIdToken(config, good, { accessToken: 'another-token' }));
    expect(err).toMatchObject({ code: 'id_token_invalid', reason: 'at_hash' });
    expect((await rejection(validateIdToken(config, await idp.mint({}), { accessToken, requireAtHash: true }))).reason).toBe('at_hash');
  });

  it('rejects malformed tokens, and never puts the token in the message', async () => {
    const config = miniConfig(idp);
    const err = await rejection(validateIdToken(config, 'not-a-jwt'));
    expect(err).toMatchObject({ code: 'id_token_invalid', reason: 'malformed' });
    const token = await idp.mint({ aud: 'nope' });
    const aud = await rejection(validateIdToken(config, token));
    expect(aud.message).not.toContain(token.split('.')[1]);
    await expect(validateIdToken(config, 42 as unknown as string)).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_TYPE' });
  });
});

describe('JWKS cache', () => {
  it('refetches once on an unknown kid (key rotation) and then honours the cooldown', async () => {
    const local = await startMiniIdp();
    try {
      const config = miniConfig(local, { jwksRefetchCooldown: 60_000 });
      await validateIdToken(config, await local.mint({}));
      expect(local.count('/jwks')).toBe(1);
      await validateIdToken(config, await local.mint({}));
      expect(local.count('/jwks')).toBe(1); // cached
      const rotated = await local.addKey('key-2');
      const claims = await validateIdToken(config, await local.mint({}, { key: rotated }));
      expect(claims.sub).toBe('user-1');
      expect(local.count('/jwks')).toBe(2);
      // a made-up kid right after: rejected without hammering the IdP
      const unknown = await newKey('key-x');
      const err = await rejection(validateIdToken(config, await local.mint({}, { key: unknown })));
      expect(err).toMatchObject({ code: 'id_token_invalid', reason: 'kid' });
      expect(local.count('/jwks')).toBe(2);
    } finally {
      await local.close();
    }
  });

  it('rejects an ambiguous kid and a missing kid with several keys', async () => {
    const local = await startMiniIdp();
    try {
      const config = miniConfig(local);
      const twin = await newKey('key-1');
      local.published.push(twin.jwk);
      expect((await rejection(validateIdToken(config, await local.mint({}))))).toMatchObject({ reason: 'kid' });
      expect((await rejection(validateIdToken(config, await local.mint({}, { kid: null }))))).toMatchObject({ reason: 'kid' });
    } finally {
      await local.close();
    }
  });

  it('shares one JWKS fetch between concurrent validations', async () => {
    const local = await startMiniIdp();
    try {
      const config = miniConfig(local);
      const tokens = await Promise.all(Array.from({ length: 8 }, () => local.mint({})));
      await Promise.all(tokens.map((t) => validateIdToken(config, t)));
      expect(local.count('/jwks')).toBe(1);
      expect(local.count('/.well-known/openid-configuration')).toBe(1);
    } finally {
      await local.close();
    }
  });
});
