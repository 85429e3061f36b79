import { beforeAll, describe, expect, it } from 'vitest';
import { FinesseClient, FinesseError, FinesseErrorCode, FinesseTokenManager, refreshFinesseTokens } from '../src/index.js';
import { directTokens, hasOpenssl, makeTestPki, ssoSignIn, type TestPki, simulatorPerTest } from './helpers.js';

const { start, closers } = simulatorPerTest();

const opensslAvailable = hasOpenssl();

describe.skipIf(!opensslAvailable)('HTTPS with a private CA (Finesse with a self-signed certificate)', () => {
  let pki: TestPki;
  let otherCa: string;
  beforeAll(() => {
    pki = makeTestPki();
    otherCa = makeTestPki().caCert;
  });

  it('works with the CA given as `ca`, for the API and for refresh', async () => {
    const s = await start({ tls: { key: pki.key, cert: pki.cert } });
    expect(s.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const tokens = await ssoSignIn(s, 'jsmith', pki.caCert);
    const manager = new FinesseTokenManager({ baseUrl: s.url, ca: pki.caCert, tokenSet: tokens });
    const client = new FinesseClient({ baseUrl: s.url, ca: [pki.caCert], auth: manager });
    closers.push(() => client.close(), () => manager.close());
    expect((await client.getUser()).loginId).toBe('1001');
    await manager.refresh();
    const next = await refreshFinesseTokens({ baseUrl: s.url, ca: pki.caCert }, manager.tokenSet);
    expect(next.accessToken).not.toBe(tokens.accessToken);
    expect(s.stats().refreshes).toBe(2);
  });

  it('fails with the typed TLS error without the CA, or with the wrong CA, and sends nothing', async () => {
    const s = await start({ tls: { key: pki.key, cert: pki.cert } });
    const tokens = await directTokens(s);
    for (const ca of [undefined, otherCa]) {
      const manager = new FinesseTokenManager({ baseUrl: s.url, tokenSet: tokens, ...(ca === undefined ? {} : { ca }) });
      const client = new FinesseClient({ baseUrl: s.url, auth: manager, agentId: '1001', ...(ca === undefined ? {} : { ca }) });
      closers.push(() => client.close(), () => manager.close());
      const err = await client.getUser().then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(FinesseError);
      expect(err).toMatchObject({ code: FinesseErrorCode.TlsError, transient: false });
      expect((err as FinesseError).message).toMatch(/`ca` option/);
      const refreshErr = await refreshFinesseTokens({ baseUrl: s.url, ...(ca === undefined ? {} : { ca }) }, tokens).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(refreshErr).toMatchObject({ code: FinesseErrorCode.TlsError });
    }
    expect(s.stats()).toMatchObject({ apiRequests: 0, refreshes: 0 });
  });
});
