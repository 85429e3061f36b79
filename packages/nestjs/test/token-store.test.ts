// Token hand-off into the real Redis token store (@webex-oidc/token-store) after a session sign-in.
import { startSandbox, type Sandbox } from '@webex-oidc/sandbox';
import { withRedis, type RedisFixture } from '@webex-oidc/testing';
import { RedisTokenStore } from '@webex-oidc/token-store';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenSink } from '../src/index.js';
import { Browser, sandboxOptions, startTestApp, type TestApp } from './helpers.js';

let sandbox: Sandbox;
let fixture: RedisFixture;
let store: RedisTokenStore;
let app: TestApp;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  fixture = await withRedis({ name: 'nestjs-token-store' });
  store = new RedisTokenStore({
    redis: fixture.redis,
    keyPrefix: fixture.prefix,
    keyring: { current: 'k1', keys: { k1: randomBytes(32) } },
  });
  const sink: TokenSink = store; // the Redis store satisfies the module's TokenSink interface
  app = await startTestApp((appUrl) =>
    sandboxOptions(sandbox.url, { tokenStore: { sink, maxPerUserClient: 10 } }, `${appUrl}/auth/callback`),
  );
});

afterAll(async () => {
  await app?.close();
  await fixture?.cleanup();
  await sandbox?.close();
});

describe('token hand-off to RedisTokenStore', () => {
  it('stores the signed-in user’s token set, readable and decryptable', async () => {
    const bob = sandbox.users.find((u) => u.email === 'bob@example.com');
    expect(bob).toBeDefined();
    expect(await store.listByUser(bob?.id ?? '', 'sandbox-client')).toEqual([]);

    const browser = new Browser(app.url);
    expect((await browser.signIn(sandbox, 'bob@example.com')).status).toBe(302);

    const summaries = await store.listByUser(bob?.id ?? '', 'sandbox-client');
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatchObject({ userId: bob?.id, clientId: 'sandbox-client', clientType: 'web', provider: 'webex' });
    const stored = await store.get(summaries[0]?.id ?? '');
    expect(stored?.tokens.accessToken).toEqual(expect.any(String));
    expect(stored?.tokens.refreshToken).toEqual(expect.any(String));
    // the store keeps what the app's session sign-in produced: the token works at Webex
    const userinfo = (await (
      await fetch(`${sandbox.url}/v1/userinfo`, { headers: { authorization: `Bearer ${stored?.tokens.accessToken}` } })
    ).json()) as { sub?: string };
    expect(userinfo.sub).toBe(bob?.id);
  });
});
