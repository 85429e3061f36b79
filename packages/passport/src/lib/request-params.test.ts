import { describe, expect, it } from 'vitest';
import { authorizationRequestFromParams, scopeParam, withDefaultScopes, type AuthorizationDefaults } from './request-params.js';

const defaults: AuthorizationDefaults = {
  scope: 'spark:people_read',
  prompt: undefined,
  maxAge: undefined,
  loginHint: undefined,
  redirectUri: 'https://app.example/callback',
  pkce: 'S256',
};

describe('authorization request parameters', () => {
  it('always requests openid email profile, plus the extra scopes, without duplicates', () => {
    expect(withDefaultScopes(undefined)).toEqual(['openid', 'email', 'profile']);
    expect(withDefaultScopes('openid spark:people_read  email')).toEqual(['openid', 'email', 'profile', 'spark:people_read']);
    expect(scopeParam(['a', '', 'b'])).toBe('a b');
  });

  it('uses the strategy defaults where the request is silent', () => {
    expect(authorizationRequestFromParams(new URLSearchParams(), { ...defaults, prompt: 'login', maxAge: 60, loginHint: 'a@x' })).toEqual({
      scope: ['openid', 'email', 'profile', 'spark:people_read'],
      redirectUri: 'https://app.example/callback',
      pkce: 'S256',
      prompt: 'login',
      maxAge: 60,
      loginHint: 'a@x',
    });
  });

  it('lets request parameters win, passes unknown ones through, and drops the ones core owns', () => {
    const params = new URLSearchParams({
      scope: 'spark:messages_read',
      prompt: 'consent',
      max_age: '0',
      login_hint: 'b@x',
      redirect_uri: 'https://other.example/cb',
      ui_locales: 'fr',
      state: 'mine',
      nonce: 'mine',
      code_challenge: 'mine',
      client_id: 'other',
    });
    expect(authorizationRequestFromParams(params, defaults)).toEqual({
      scope: ['openid', 'email', 'profile', 'spark:messages_read'],
      redirectUri: 'https://other.example/cb',
      pkce: 'S256',
      prompt: 'consent',
      maxAge: 0,
      loginHint: 'b@x',
      extraParams: { ui_locales: 'fr' },
    });
  });

  it('refuses a max_age that is not a whole number of seconds', () => {
    expect(() => authorizationRequestFromParams(new URLSearchParams({ max_age: '1.5' }), defaults)).toThrow(TypeError);
    expect(() => authorizationRequestFromParams(new URLSearchParams({ max_age: '-1' }), defaults)).toThrow(TypeError);
  });
});
