import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type RedisFixture, withRedis } from '@webex-oidc/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
let fx: RedisFixture;

beforeAll(async () => {
  fx = await withRedis({ name: 'token-store-cjs' });
});
afterAll(() => fx.cleanup());

// Runs against the built dist (turbo builds before testing), as a CommonJS app would load it.
const script = `
const { RedisTokenStore, TokenStoreError, TokenStoreErrorCode } = require('@webex-oidc/token-store');
const { Redis } = require('ioredis');
const redis = new Redis(process.env.TEST_REDIS_URL);
const store = new RedisTokenStore({
  redis, keyPrefix: process.env.TEST_PREFIX, maxPerUserClient: 10,
  keyring: { current: 'k1', keys: { k1: Buffer.alloc(32, 7) } },
});
const tokens = { accessToken: 'AT_cjs_probe_token_1', tokenType: 'Bearer', expiresAt: 2, issuedAt: 1 };
store.add({ userId: 'cjs-user', clientId: 'c', clientType: 'desktop', tokens })
  .then(({ set }) => store.get(set.id))
  .then((read) => {
    console.log(JSON.stringify({
      accessToken: read.tokens.accessToken,
      status: read.status,
      errorClass: typeof TokenStoreError,
      conflict: TokenStoreErrorCode.VersionConflict,
    }));
    return redis.quit();
  })
  .catch((err) => { console.error(err); process.exit(1); });
`;

it('require("@webex-oidc/token-store") works from CommonJS (Node >= 20.19 require(esm)), Lua scripts included', async () => {
  const { stdout } = await run(process.execPath, ['-e', script], {
    cwd: packageDir,
    env: { ...process.env, TEST_REDIS_URL: fx.url, TEST_PREFIX: fx.prefix, NODE_NO_WARNINGS: '1' },
  });
  expect(JSON.parse(stdout.trim())).toEqual({
    accessToken: 'AT_cjs_probe_token_1',
    status: 'active',
    errorClass: 'function',
    conflict: 'version_conflict',
  });
});
