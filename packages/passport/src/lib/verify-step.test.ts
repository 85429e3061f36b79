import { describe, expect, it } from 'vitest';
import type { Request } from 'express';
import type { VerifyFunction } from './options.js';
import { buildProfile } from './profile.js';
import { runVerify, type PassportActions, type VerifyStep } from './verify-step.js';

type Outcome = ['success', unknown, unknown] | ['fail', unknown, unknown] | ['error', unknown];

function recorder(): { actions: PassportActions; outcomes: Outcome[]; settled: Promise<void> } {
  const outcomes: Outcome[] = [];
  let resolve: () => void = () => {};
  const settled = new Promise<void>((r) => (resolve = r));
  const push = (o: Outcome) => {
    outcomes.push(o);
    resolve();
  };
  return {
    outcomes,
    settled,
    actions: {
      success: (user, info) => push(['success', user, info]),
      fail: (challenge, status) => push(['fail', challenge, status]),
      error: (err) => push(['error', err]),
    },
  };
}

/** Contextual typing for a verify callback without the request. */
const plain = (fn: VerifyFunction): VerifyFunction => fn;

function step(overrides: Partial<VerifyStep>): VerifyStep {
  return {
    req: {} as Request,
    tokens: { accessToken: 'at', tokenType: 'Bearer', expiresAt: 2, issuedAt: 1, claims: { sub: 'u' } as never },
    profile: buildProfile({ sub: 'u' }),
    verify: plain((_t, _p, done) => done(null, { id: 'u' })),
    passReqToCallback: false,
    tokenStore: undefined,
    clientId: 'cid',
    clientType: 'web',
    ...overrides,
  };
}

describe('runVerify', () => {
  it('ends the request once even when done is called twice', async () => {
    const r = recorder();
    await runVerify(r.actions, step({ verify: plain((_t, _p, done) => (done(null, { id: 'a' }), done(null, { id: 'b' }))) }));
    await r.settled;
    expect(r.outcomes).toEqual([['success', { id: 'a' }, undefined]]);
  });

  it('reports a throw as error, but ignores a rejection after done', async () => {
    const thrown = recorder();
    await runVerify(thrown.actions, step({ verify: () => { throw new Error('boom'); } }));
    expect(thrown.outcomes).toEqual([['error', new Error('boom')]]);
    const late = recorder();
    await runVerify(late.actions, step({ verify: plain(async (_t, _p, done) => { done(null, false); throw new Error('late'); }) }));
    expect(late.outcomes).toEqual([['fail', { message: expect.any(String) }, 401]]);
  });

  it('saves the tokens (without claims) before success and reports a failing sink as error', async () => {
    const saved: unknown[] = [];
    const ok = recorder();
    await runVerify(ok.actions, step({ tokenStore: { save: async (input) => (saved.push(input), 'rec-1') } }));
    await ok.settled;
    expect(saved).toEqual([{ userId: 'u', clientId: 'cid', clientType: 'web', provider: 'webex', tokens: { accessToken: 'at', tokenType: 'Bearer', expiresAt: 2, issuedAt: 1 } }]);
    expect(ok.outcomes).toEqual([['success', { id: 'u' }, { stored: 'rec-1' }]]);
    const bad = recorder();
    await runVerify(bad.actions, step({ tokenStore: { save: () => Promise.reject(new Error('down')) } }));
    await bad.settled;
    expect(bad.outcomes).toEqual([['error', new Error('down')]]);
  });

  it('passes the request first when asked', async () => {
    const r = recorder();
    const req = { marker: 1 } as unknown as Request;
    await runVerify(r.actions, step({ req, passReqToCallback: true, verify: ((rq: Request, _t: unknown, _p: unknown, done: (e: unknown, u: unknown) => void) => done(null, rq)) as never }));
    await r.settled;
    expect(r.outcomes[0]?.[1]).toBe(req);
  });
});
