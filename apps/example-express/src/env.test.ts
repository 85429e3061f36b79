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

  it('reads the dashboard and Finesse desk settings', () => {
    expect(readEnv({ DASHBOARD_URL: 'http://127.0.0.1:3100/' }).dashboardUrl).toBe('http://127.0.0.1:3100/');
    expect(readEnv({ FINESSE_URL: 'http://127.0.0.1:4100', FINESSE_SIMULATOR: 'true' }).finesse).toEqual({
      url: 'http://127.0.0.1:4100',
      username: undefined,
      password: undefined,
      extension: undefined,
      simulator: true,
      requireSignIn: true,
    });
    const real = readEnv({ FINESSE_URL: 'https://finesse.example.com:8445', FINESSE_USERNAME: 'agent1', FINESSE_PASSWORD: 'pw', FINESSE_EXTENSION: '1001', FINESSE_REQUIRE_SIGN_IN: 'false' });
    expect(real.finesse).toMatchObject({ simulator: false, username: 'agent1', requireSignIn: false });
    expect(() => readEnv({ FINESSE_URL: 'https://finesse.example.com:8445' })).toThrow(/FINESSE_USERNAME/);
    expect(() => readEnv({ FINESSE_URL: 'finesse.example.com' })).toThrow(/FINESSE_URL/);
    expect(() => readEnv({ FINESSE_URL: 'http://x', FINESSE_SIMULATOR: 'yes' })).toThrow(/FINESSE_SIMULATOR/);
  });
});
