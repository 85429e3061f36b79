// A tiny, fast OAuth token endpoint on node:http for the benchmark (and fast tests): discovery,
// refresh_token grant (optionally rotating), revocation, a request counter and injectable faults.
// Not an IdP: it issues opaque random tokens and keeps valid refresh tokens in memory.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

/** @param {{ accessTokenTtl?: number, rotate?: boolean, latencyMs?: number }} [options] */
export async function startIdpStub(options = {}) {
  const ttl = options.accessTokenTtl ?? 3600;
  let rotate = options.rotate ?? false;
  /** @type {Map<string, number>} refresh token -> absolute expiry (ms) */
  const valid = new Map();
  const counts = new Map();
  /** @type {Array<{ status: number, retryAfter?: number, times: number }>} */
  let faults = [];
  const tok = () => randomBytes(24).toString('base64url');
  let base = '';
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    counts.set(path, (counts.get(path) ?? 0) + 1);
    const send = (status, body, headers = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
      res.end(JSON.stringify(body));
    };
    if (path === '/.well-known/openid-configuration') {
      return send(200, {
        issuer: base,
        authorization_endpoint: `${base}/authorize`,
        token_endpoint: `${base}/token`,
        revocation_endpoint: `${base}/revoke`,
        jwks_uri: `${base}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      });
    }
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const params = new URLSearchParams(body);
      if (path === '/revoke') {
        valid.delete(params.get('token') ?? '');
        res.writeHead(200).end();
        return;
      }
      if (path !== '/token') return send(404, { error: 'not_found' });
      const fault = faults.find((f) => f.times > 0);
      if (fault) {
        fault.times -= 1;
        return send(fault.status, { error: fault.status === 429 ? 'rate_limited' : 'server_error' }, fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) });
      }
      const presented = params.get('refresh_token') ?? '';
      const expiry = valid.get(presented);
      if (params.get('grant_type') !== 'refresh_token' || expiry === undefined || expiry <= Date.now()) {
        return send(400, { error: 'invalid_grant', error_description: 'refresh token invalid or expired' });
      }
      let refreshToken;
      if (rotate) {
        valid.delete(presented);
        refreshToken = tok();
        valid.set(refreshToken, expiry);
      }
      const answer = () => send(200, { access_token: tok(), token_type: 'Bearer', expires_in: ttl, ...(refreshToken ? { refresh_token: refreshToken } : {}) });
      if (options.latencyMs) setTimeout(answer, options.latencyMs);
      else answer();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
  return {
    url: base,
    issuer: base,
    discoveryUrl: `${base}/.well-known/openid-configuration`,
    clientId: 'stub-client',
    clientSecret: 'stub-secret',
    /** A fresh token set as a sign-in would give (issuedAt now). */
    issue(refreshTtlSeconds = 90 * 86400) {
      const now = Date.now();
      const refreshToken = tok();
      valid.set(refreshToken, now + refreshTtlSeconds * 1000);
      return { accessToken: tok(), tokenType: 'Bearer', expiresAt: now + ttl * 1000, issuedAt: now, refreshToken, refreshExpiresAt: now + refreshTtlSeconds * 1000 };
    },
    requestCount: (path = '/token') => counts.get(path) ?? 0,
    setFaults(list) {
      faults = list.map((f) => ({ ...f, times: f.times ?? Number.POSITIVE_INFINITY }));
    },
    setRotate(value) {
      rotate = value;
    },
    isValid: (refreshToken) => valid.has(refreshToken),
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve(undefined)); }),
  };
}
