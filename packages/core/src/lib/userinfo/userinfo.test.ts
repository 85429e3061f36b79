import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { miniConfig } from '../../../test/support/mini-config.js';
import { startMiniIdp, type MiniIdp } from '../../../test/support/mini-idp.js';
import { ErrorCode } from '../errors.js';
import { fetchUserinfo } from './userinfo.js';

let idp: MiniIdp;
beforeAll(async () => {
  idp = await startMiniIdp();
  idp.routes.set('/userinfo', (req) =>
    req.headers.authorization === 'Bearer good-at'
      ? { json: { sub: 'user-1', email: 'a@example.com' } }
      : { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' }, json: undefined },
  );
});
afterAll(() => idp.close());

describe('fetchUserinfo', () => {
  it('returns the claims when sub matches', async () => {
    const claims = await fetchUserinfo(miniConfig(idp), 'good-at', { expectedSub: 'user-1' });
    expect(claims).toMatchObject({ sub: 'user-1', email: 'a@example.com' });
  });

  it('rejects a different sub with userinfo_sub_mismatch', async () => {
    await expect(fetchUserinfo(miniConfig(idp), 'good-at', { expectedSub: 'user-2' })).rejects.toMatchObject({
      code: ErrorCode.UserinfoSubMismatch,
    });
  });

  it('rejects a refused access token with invalid_token', async () => {
    const err = await fetchUserinfo(miniConfig(idp), 'bad-at-value').catch((e: unknown) => e as Error & { code: string });
    expect(err).toMatchObject({ code: ErrorCode.InvalidToken, status: 401 });
    expect(err.message).not.toContain('bad-at-value');
  });
});
