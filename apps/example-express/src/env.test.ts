import { describe, expect, it } from 'vitest';
import { readEnv } from './env.js';

describe('readEnv', () => {
  it('defaults to port 3000 and demo mode', () => {
    expect(readEnv({})).toEqual({
      port: 3000,
      webex: undefined,
      redirectUri: 'http://localhost:3000/callback',
      scope: undefined,
      sessionSecret: undefined,
    });
  });

  it('reads a configured integration', () => {
    const env = readEnv({
      PORT: '8080',
      WEBEX_CLIENT_ID: 'cid',
      WEBEX_CLIENT_SECRET: 'secret',
      WEBEX_DISCOVERY_URL: 'http://127.0.0.1:9999/v1/.well-known/openid-configuration',
      WEBEX_ISSUERS: 'http://127.0.0.1:9999/idb, https://idbroker.webex.com/idb',
      WEBEX_REDIRECT_URI: 'http://127.0.0.1:8080/callback',
      ALLOW_INSECURE: 'TRUE',
    });
    expect(env.port).toBe(8080);
    expect(env.redirectUri).toBe('http://127.0.0.1:8080/callback');
    expect(env.webex).toEqual({
      clientId: 'cid',
      clientSecret: 'secret',
      discoveryUrl: 'http://127.0.0.1:9999/v1/.well-known/openid-configuration',
      issuers: ['http://127.0.0.1:9999/idb', 'https://idbroker.webex.com/idb'],
      allowInsecure: true,
    });
  });

  it('names the variable that is wrong', () => {
    expect(() => readEnv({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => readEnv({ WEBEX_CLIENT_ID: 'cid' })).toThrow(/WEBEX_CLIENT_SECRET/);
  });
});
