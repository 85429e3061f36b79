import { describe, expect, it } from 'vitest';
import { MAX_PENDING_SIGN_INS, PENDING_SIGN_IN_TTL_MS, savePendingSignIn, takePendingSignIn, type SessionRecord } from './session-state.js';

const KEY = 'webex-oidc:webex';

describe('pending sign-ins in the session', () => {
  it('gives the checks back once, then never again, and leaves no key behind', () => {
    const session: SessionRecord = {};
    savePendingSignIn(session, KEY, 's1', { nonce: 'n1' });
    expect(takePendingSignIn(session, KEY, 's1')).toEqual({ nonce: 'n1' });
    expect(session).toEqual({});
    expect(takePendingSignIn(session, KEY, 's1')).toBeUndefined();
  });

  it('keeps entries of different states apart and does not spend them on an unknown state', () => {
    const session: SessionRecord = {};
    savePendingSignIn(session, KEY, 's1', 1);
    savePendingSignIn(session, KEY, 's2', 2);
    expect(takePendingSignIn(session, KEY, 'tampered')).toBeUndefined();
    expect(takePendingSignIn(session, KEY, null)).toBeUndefined();
    expect(takePendingSignIn(session, KEY, 's1')).toBe(1);
    expect(takePendingSignIn(session, KEY, 's2')).toBe(2);
  });

  it('expires entries after the TTL', () => {
    const session: SessionRecord = {};
    savePendingSignIn(session, KEY, 's1', 1, 1_000);
    expect(takePendingSignIn(session, KEY, 's1', 1_000 + PENDING_SIGN_IN_TTL_MS)).toBeUndefined();
    expect(session).toEqual({});
  });

  it(`keeps at most ${MAX_PENDING_SIGN_INS} entries, dropping the oldest`, () => {
    const session: SessionRecord = {};
    for (let i = 0; i <= MAX_PENDING_SIGN_INS; i++) savePendingSignIn(session, KEY, `s${i}`, i, 1_000 + i);
    expect(takePendingSignIn(session, KEY, 's0', 2_000)).toBeUndefined();
    expect(takePendingSignIn(session, KEY, `s${MAX_PENDING_SIGN_INS}`, 2_000)).toBe(MAX_PENDING_SIGN_INS);
  });

  it('treats prototype names as plain (unknown) states', () => {
    const session: SessionRecord = {};
    savePendingSignIn(session, KEY, 's1', 1);
    expect(takePendingSignIn(session, KEY, '__proto__')).toBeUndefined();
    expect(takePendingSignIn(session, KEY, 'constructor')).toBeUndefined();
    expect(takePendingSignIn(session, KEY, 's1')).toBe(1);
  });

  it('survives a JSON round trip (session stores serialise) and ignores junk under the key', () => {
    const session: SessionRecord = {};
    savePendingSignIn(session, KEY, 's1', { a: 1 });
    const restored = JSON.parse(JSON.stringify(session)) as SessionRecord;
    expect(takePendingSignIn(restored, KEY, 's1')).toEqual({ a: 1 });
    expect(takePendingSignIn({ [KEY]: 'junk' }, KEY, 's1')).toBeUndefined();
    expect(takePendingSignIn({ [KEY]: { s1: { checks: 1 } } }, KEY, 's1')).toBeUndefined();
  });
});
