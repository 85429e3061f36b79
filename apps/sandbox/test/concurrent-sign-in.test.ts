// Many sign-ins of one user at once (as test suites and the token worker's benchmarks do): each
// must end on its own callback (its own state and code), and each code must exchange.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../src/index.js';
import { CALLBACK, authorizeUrl, basicAuth, claims, s256, verifier } from './helpers.js';

const PARALLEL = 8;
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ quiet: true });
});
afterAll(() => sandbox.close());

interface Exchanged {
  state: string | null;
  status: number;
  body: Record<string, unknown>;
  nonce: string;
  sentState: string;
}

/** One sign-in through `sandbox.signIn`, then the code exchanged with plain fetch. */
async function signInAndExchange(params: Record<string, string>): Promise<Exchanged> {
  const v = verifier();
  const sentState = randomBytes(8).toString('hex');
  const nonce = randomBytes(8).toString('hex');
  const callback = await sandbox.signIn(
    authorizeUrl(sandbox, { state: sentState, nonce, code_challenge: s256(v), code_challenge_method: 'S256', ...params }),
    { user: 'alice@example.com' },
  );
  const res = await fetch(`${sandbox.apiBaseUrl}/access_token`, {
    method: 'POST',
    headers: { authorization: basicAuth(sandbox.client), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') ?? '',
      redirect_uri: CALLBACK,
      code_verifier: v,
    }),
  });
  return { state: callback.searchParams.get('state'), status: res.status, body: (await res.json()) as Record<string, unknown>, nonce, sentState };
}

function expectAllExchanged(results: Exchanged[]): void {
  const alice = sandbox.users.find((u) => u.email === 'alice@example.com');
  for (const r of results) {
    expect(r.state).toBe(r.sentState);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(claims(r.body.id_token)).toMatchObject({ nonce: r.nonce, sub: alice?.id });
  }
  expect(new Set(results.map((r) => r.body.access_token)).size).toBe(results.length);
}

describe('concurrent sign-ins of one user', () => {
  it(`${PARALLEL} at once from no session: each gets its own callback and its code exchanges`, async () => {
    expectAllExchanged(await Promise.all(Array.from({ length: PARALLEL }, () => signInAndExchange({}))));
  });

  it(`${PARALLEL} at once with prompt=login over the kept session (each rotates the session cookie)`, async () => {
    expectAllExchanged(await Promise.all(Array.from({ length: PARALLEL }, () => signInAndExchange({ prompt: 'login' }))));
  });

  it('keeps the session afterwards: prompt=none still signs in', async () => {
    expectAllExchanged(await Promise.all(Array.from({ length: PARALLEL }, () => signInAndExchange({ prompt: 'none' }))));
  });
});
