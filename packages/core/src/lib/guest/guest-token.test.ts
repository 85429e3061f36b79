import { jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { ErrorCode, WebexOidcError } from '../errors.js';
import { createGuestToken, decodeGuestToken, type CreateGuestTokenInput } from './guest-token.js';
import { decodeGuestSecret } from './secret.js';

const SECRET = Buffer.from('a guest issuer secret of 32 bytes').toString('base64');
const INPUT: CreateGuestTokenInput = { issuerId: 'Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi9pc3N1ZXI', secret: SECRET, subject: 'guest-42', name: 'Stève' };

function segment(token: string, index: number): unknown {
  return JSON.parse(Buffer.from(token.split('.')[index] ?? '', 'base64url').toString('utf8'));
}

describe('createGuestToken', () => {
  it('signs HS256 with the base64-decoded secret, with sub, name, iss and exp = now + 5400 s', async () => {
    const now = 1_700_000_000_000;
    const token = await createGuestToken({ ...INPUT, now });
    expect(segment(token, 0)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const { payload } = await jwtVerify(token, Buffer.from(SECRET, 'base64'), { currentDate: new Date(now) });
    expect(payload).toEqual({ sub: 'guest-42', name: 'Stève', iss: INPUT.issuerId, exp: 1_700_000_000 + 5400 });
  });

  it('does not verify with the secret text itself as key (it must be decoded)', async () => {
    const token = await createGuestToken(INPUT);
    await expect(jwtVerify(token, new TextEncoder().encode(SECRET))).rejects.toThrow();
  });

  it('keeps any Unicode name intact', async () => {
    for (const name of ['Stève', 'Zoë Ångström', '李小龍', 'Ali 🦊']) {
      const token = await createGuestToken({ ...INPUT, name });
      expect(decodeGuestToken(token).claims.name).toBe(name);
    }
  });

  it('honours expiresIn', async () => {
    const token = await createGuestToken({ ...INPUT, expiresIn: 60, now: 0 });
    expect(decodeGuestToken(token, { now: 0 }).claims.exp).toBe(60);
  });

  it.each([0, -5, 1.5, Number.NaN, '60'])('rejects expiresIn %s with a TypeError', async (expiresIn) => {
    await expect(createGuestToken({ ...INPUT, expiresIn: expiresIn as number })).rejects.toThrow(
      expect.objectContaining({ name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE', message: expect.stringContaining('expiresIn') }),
    );
  });

  it.each(['issuerId', 'subject', 'name'] as const)('rejects a missing or empty %s', async (field) => {
    await expect(createGuestToken({ ...INPUT, [field]: '' })).rejects.toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }));
    await expect(createGuestToken({ ...INPUT, [field]: undefined } as unknown as CreateGuestTokenInput)).rejects.toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE', message: expect.stringContaining(field) }),
    );
  });

  it('rejects a secret that is not base64 with guest_token_invalid and never echoes it', async () => {
    const secret = 'not base64 at all!';
    const err = await createGuestToken({ ...INPUT, secret }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebexOidcError);
    expect(err).toMatchObject({ code: ErrorCode.GuestTokenInvalid, reason: 'secret' });
    expect((err as Error).message).toMatch(/not valid base64/);
    expect((err as Error).message).not.toContain(secret);
  });
});

describe('decodeGuestSecret', () => {
  it('accepts standard and URL-safe base64, with or without padding, and a trailing newline', () => {
    const bytes = Uint8Array.from([251, 255, 191, 1]);
    const std = Buffer.from(bytes).toString('base64');
    expect(std).toBe('+/+/AQ==');
    for (const text of [std, '+/+/AQ', '-_-_AQ==', '-_-_AQ', `${std}\n`]) {
      expect(decodeGuestSecret(text)).toEqual(bytes);
    }
  });
  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['abc$def', 'alphabet'],
    ['ab cd', 'alphabet'],
    ['+/_-', 'alphabet'],
    ['abcde', 'length'],
    ['abc==', 'length'],
    ['a=bc', 'alphabet'],
    ['====', 'alphabet'],
  ])('rejects %j (%s)', (text) => {
    expect(() => decodeGuestSecret(text)).toThrow(expect.objectContaining({ code: ErrorCode.GuestTokenInvalid, reason: 'secret' }));
  });
  it('rejects a non-string with a TypeError', () => {
    expect(() => decodeGuestSecret(42 as unknown as string)).toThrow(TypeError);
  });
});

describe('decodeGuestToken', () => {
  it('returns header, claims, expiresAt and expired', async () => {
    const token = await createGuestToken({ ...INPUT, now: 1_000_000, expiresIn: 100 });
    const decoded = decodeGuestToken(token, { now: 1_000_000 });
    expect(decoded.header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(decoded.claims).toMatchObject({ sub: 'guest-42', name: 'Stève', iss: INPUT.issuerId });
    expect(decoded.expiresAt).toBe(1_100_000);
    expect(decoded.expired).toBe(false);
    expect(decodeGuestToken(token, { now: 1_099_999 }).expired).toBe(false);
    expect(decodeGuestToken(token, { now: 1_100_000 }).expired).toBe(true);
  });

  const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = b64({ alg: 'HS256', typ: 'JWT' });
  it.each([
    ['not a jwt', 'three dot-separated parts'],
    ['a.b', 'three dot-separated parts'],
    ['a.b.c', 'base64url-encoded JSON'],
    [`${header}.${b64({ iss: 'i', exp: 1 })}.sig`, '"sub"'],
    [`${header}.${b64({ sub: 's', exp: 1 })}.sig`, '"iss"'],
    [`${header}.${b64({ sub: 's', iss: 'i' })}.sig`, '"exp"'],
    [`${header}.${b64({ sub: 's', iss: 'i', exp: '1' })}.sig`, '"exp"'],
    [`${header}.${b64({ sub: 's', iss: 'i', exp: 1, name: 5 })}.sig`, '"name"'],
  ])('rejects %j as malformed (%s)', (token, why) => {
    expect(() => decodeGuestToken(token)).toThrow(
      expect.objectContaining({ code: ErrorCode.GuestTokenInvalid, reason: 'malformed', message: expect.stringContaining(why) }),
    );
  });
});
