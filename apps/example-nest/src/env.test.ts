import { describe, expect, it } from 'vitest';
import { readEnv } from './env.js';

describe('readEnv', () => {
  it('defaults PORT to 3001, the redirect URI to it, and the mode to session', () => {
    expect(readEnv({ CLIENT_ID: 'c' })).toMatchObject({
      port: 3001,
      mode: 'session',
      clientId: 'c',
      redirectUri: 'http://localhost:3001/auth/callback',
      allowInsecureRequests: false,
      discoveryUrl: 'https://webexapis.com/v1/.well-known/openid-configuration',
      apiBaseUrl: 'https://webexapis.com/v1',
    });
    expect(readEnv({ CLIENT_ID: 'c' })).not.toHaveProperty('issuers');
  });

  it('reads every variable', () => {
    expect(
      readEnv({
        PORT: '4100',
        CLIENT_ID: 'id',
        CLIENT_SECRET: 's',
        WEBEX_DISCOVERY_URL: 'http://127.0.0.1:4000/v1/.well-known/openid-configuration',
        REDIRECT_URI: 'http://127.0.0.1:4100/auth/callback',
        ALLOW_INSECURE: 'true',
        MODE: 'bearer',
      }),
    ).toMatchObject({
      port: 4100,
      clientSecret: 's',
      allowInsecureRequests: true,
      mode: 'bearer',
      redirectUri: 'http://127.0.0.1:4100/auth/callback',
      apiBaseUrl: 'http://127.0.0.1:4000/v1',
      issuers: ['http://127.0.0.1:4000/idb'],
    });
  });

  it('refuses a bad PORT or MODE and a missing CLIENT_ID', () => {
    expect(() => readEnv({ CLIENT_ID: 'c', PORT: 'x' })).toThrow(/PORT/);
    expect(() => readEnv({ CLIENT_ID: 'c', MODE: 'cookie' })).toThrow(/MODE/);
    expect(() => readEnv({})).toThrow(/CLIENT_ID/);
  });
});
