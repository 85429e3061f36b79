import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { miniConfig } from '../../../test/support/mini-config.js';
import { startMiniIdp, type MiniIdp } from '../../../test/support/mini-idp.js';
import { ErrorCode } from '../errors.js';
import { discover } from './discover.js';

let idp: MiniIdp;
beforeEach(async () => {
  idp = await startMiniIdp();
});
afterEach(() => idp.close());
const PATH = '/.well-known/openid-configuration';

describe('discover', () => {
  it('is lazy, cached, and shared by concurrent callers', async () => {
    const config = miniConfig(idp);
    expect(idp.count(PATH)).toBe(0);
    const [a, b, c] = await Promise.all([discover(config), discover(config), discover(config)]);
    expect(idp.count(PATH)).toBe(1);
    expect(a).toBe(b);
    expect(c.issuer).toBe('https://idbroker.webex.com/idb');
    await discover(config);
    expect(idp.count(PATH)).toBe(1);
  });

  it('rejects an issuer outside the allow-list without retrying', async () => {
    idp.metadata.issuer = 'https://login.example.org/idb';
    const config = miniConfig(idp);
    await expect(discover(config)).rejects.toMatchObject({ code: ErrorCode.IssuerNotAllowed });
    expect(idp.count(PATH)).toBe(1);
  });

  it('accepts a custom allow-list', async () => {
    idp.metadata.issuer = 'https://idbroker.webex-gov.example/idb';
    const config = miniConfig(idp, { issuers: ['https://idbroker.webex-gov.example/idb'] });
    expect((await discover(config)).issuer).toBe('https://idbroker.webex-gov.example/idb');
  });

  it('retries transient failures with backoff, then succeeds', async () => {
    let failures = 2;
    const doc = idp.routes.get(PATH);
    idp.routes.set(PATH, (req, body) => (failures-- > 0 ? { status: 503, json: { error: 'temporarily_unavailable' } } : doc!(req, body)));
    const config = miniConfig(idp);
    expect((await discover(config)).token_endpoint).toBe(`${idp.url}/token`);
    expect(idp.count(PATH)).toBe(3);
  });

  it('does not cache a failure', async () => {
    const doc = idp.routes.get(PATH);
    idp.routes.set(PATH, () => ({ status: 500, json: { message: 'boom', trackingId: 'ROUTER_1' } }));
    const config = miniConfig(idp, { discoveryAttempts: 2 });
    const err = await discover(config).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: ErrorCode.DiscoveryFailed, transient: true, status: 500, trackingId: 'ROUTER_1' });
    expect(idp.count(PATH)).toBe(2);
    idp.routes.set(PATH, doc!);
    expect((await discover(config)).issuer).toBe('https://idbroker.webex.com/idb');
    expect(idp.count(PATH)).toBe(3);
  });

  it('reports a missing endpoint as a permanent discovery failure', async () => {
    delete idp.metadata.jwks_uri;
    const config = miniConfig(idp);
    await expect(discover(config)).rejects.toMatchObject({ code: ErrorCode.DiscoveryFailed, transient: false });
  });

  it('types an unreachable IdP as a transient network failure', async () => {
    const config = miniConfig(idp, { discoveryAttempts: 1 });
    await idp.close();
    const err = await discover(config).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: ErrorCode.DiscoveryFailed, transient: true });
    expect((err as { cause?: { code?: string } }).cause?.code).toBe(ErrorCode.NetworkError);
    idp = await startMiniIdp();
  });
});
