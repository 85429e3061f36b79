import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../src/index.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ quiet: true });
});
afterAll(() => sandbox.close());

describe('discovery', () => {
  it('serves the provider document at /v1 with the /idb issuer and Webex endpoints', async () => {
    const res = await fetch(sandbox.discoveryUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('trackingid')).toMatch(/^ROUTER_[0-9a-f-]{36}$/);
    const doc = (await res.json()) as Record<string, unknown>;
    expect(sandbox.discoveryUrl).toBe(`${sandbox.url}/v1/.well-known/openid-configuration`);
    expect(doc.issuer).toBe(`${sandbox.url}/idb`);
    expect(doc.issuer).toBe(sandbox.issuer);
    expect(doc.authorization_endpoint).toBe(`${sandbox.url}/v1/authorize`);
    expect(doc.token_endpoint).toBe(`${sandbox.url}/v1/access_token`);
    expect(doc.userinfo_endpoint).toBe(`${sandbox.url}/v1/userinfo`);
    expect(doc.jwks_uri).toBe(`${sandbox.url}/v1/verification`);
    expect(doc.device_authorization_endpoint).toBe(`${sandbox.url}/v1/device/authorize`);
    expect(doc.code_challenge_methods_supported).toEqual(['S256', 'plain']);
    expect(doc.response_types_supported).toEqual(expect.arrayContaining(['code', 'id_token', 'id_token token', 'token']));
    expect(doc.id_token_signing_alg_values_supported).toEqual(['RS256']);
    expect(doc.token_endpoint_auth_methods_supported).toEqual(
      expect.arrayContaining(['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt']),
    );
    expect(doc.scopes_supported).toEqual(expect.arrayContaining(['openid', 'email', 'profile', 'spark:all']));
    expect(doc.request_uri_parameter_supported).toBe(false);
    // As on Webex: no revocation endpoint listed, no RFC 9207 `iss` in redirects.
    expect(doc).not.toHaveProperty('revocation_endpoint');
    expect(doc).not.toHaveProperty('authorization_response_iss_parameter_supported');
  });

  it('serves an RS256 JWKS at /v1/verification', async () => {
    const res = await fetch(`${sandbox.apiBaseUrl}/verification`);
    const jwks = (await res.json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(jwks.keys[0]?.kid).toEqual(expect.any(String));
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('answers WebFinger with a JRD pointing at the issuer', async () => {
    const res = await fetch(`${sandbox.apiBaseUrl}/.well-known/webfinger?resource=${encodeURIComponent('acct:alice@example.com')}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/jrd+json');
    expect(await res.json()).toEqual({
      subject: 'acct:alice@example.com',
      links: [{ rel: 'http://openid.net/specs/connect/1.0/issuer', href: sandbox.issuer }],
    });
  });

  it('refuses WebFinger without a resource, Webex-style', async () => {
    const res = await fetch(`${sandbox.apiBaseUrl}/.well-known/webfinger`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.trackingId).toBe(res.headers.get('trackingid'));
    expect(body.errors).toEqual([{ description: expect.stringContaining('resource') }]);
  });
});
