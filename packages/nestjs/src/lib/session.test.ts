import type { AuthorizationChecks } from '@webex-oidc/core';
import { describe, expect, it } from 'vitest';
import { addPending, safeReturnTo, takePending, type SessionLike } from './session.js';

function fakeSession(): SessionLike {
  return { regenerate: (cb) => cb(), destroy: (cb) => cb(), save: (cb) => cb() };
}

function checks(state: string): AuthorizationChecks {
  return { state, nonce: `n-${state}`, codeVerifier: 'v', redirectUri: 'http://127.0.0.1/cb', responseType: 'code' };
}

describe('pending sign-ins', () => {
  it('are taken once', () => {
    const session = fakeSession();
    addPending(session, checks('s1'), '/x');
    expect(takePending(session, 's1')).toEqual({ checks: checks('s1'), returnTo: '/x' });
    expect(takePending(session, 's1')).toBeUndefined();
  });

  it('expire after ten minutes and ignore prototype keys', () => {
    const session = fakeSession();
    addPending(session, checks('s1'), '/', 0);
    expect(takePending(session, 's1', 10 * 60_000 + 1)).toBeUndefined();
    expect(takePending(session, '__proto__')).toBeUndefined();
    expect(takePending(session, 'constructor')).toBeUndefined();
  });

  it('keep at most five per session, dropping the oldest', () => {
    const session = fakeSession();
    for (let i = 0; i < 7; i += 1) addPending(session, checks(`s${i}`), '/', 1_000 + i);
    expect(Object.keys(session.webexAuth?.pending ?? {})).toEqual(['s2', 's3', 's4', 's5', 's6']);
    expect(takePending(session, 's0', 2_000)).toBeUndefined();
    expect(takePending(session, 's6', 2_000)).toBeDefined();
  });
});

describe('safeReturnTo', () => {
  it.each([
    ['/profile?tab=1', '/profile?tab=1'],
    ['//evil.example', '/'],
    ['https://evil.example/', '/'],
    ['/\\evil.example', '/'],
    [undefined, '/'],
    [['/a', '/b'], '/'],
  ])('%j → %j', (input, expected) => {
    expect(safeReturnTo(input, '/')).toBe(expected);
  });
});
