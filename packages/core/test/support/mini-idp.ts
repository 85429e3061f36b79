// A tiny real HTTP identity provider for unit tests of negative cases the sandbox cannot produce
// (bad signatures, alg none, wrong iss, …). Keys are generated with jose; tokens minted on demand.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

export interface MiniKey {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

export interface MiniAnswer {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  /** Never answer (for timeouts). */
  hang?: boolean;
}

export type MiniRoute = (req: IncomingMessage, body: URLSearchParams) => MiniAnswer | Promise<MiniAnswer>;

export interface MiniIdp {
  url: string;
  issuer: string;
  clientId: string;
  keys: MiniKey[];
  /** Keys published in the JWKS (defaults to all of `keys`). */
  published: JWK[];
  routes: Map<string, MiniRoute>;
  metadata: Record<string, unknown>;
  counts: Map<string, number>;
  count(path: string): number;
  addKey(kid: string): Promise<MiniKey>;
  mint(claims: JWTPayload, opts?: { key?: MiniKey; kid?: string | null; alg?: string; expiresIn?: number }): Promise<string>;
  close(): Promise<void>;
}

export async function newKey(kid: string): Promise<MiniKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' };
  return { kid, privateKey, jwk };
}

export async function startMiniIdp(options: { issuer?: string; clientId?: string } = {}): Promise<MiniIdp> {
  const issuer = options.issuer ?? 'https://idbroker.webex.com/idb';
  const clientId = options.clientId ?? 'mini-client';
  const first = await newKey('key-1');
  const routes = new Map<string, MiniRoute>();
  const counts = new Map<string, number>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      counts.set(path, (counts.get(path) ?? 0) + 1);
      const route = routes.get(path);
      const body = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      Promise.resolve(route === undefined ? { status: 404, json: { error: 'not_found' } } : route(req, body)).then(
        (answer) => {
          if (answer.hang === true) return;
          res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
          res.end(answer.json === undefined ? '' : JSON.stringify(answer.json));
        },
        (err: unknown) => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: 'server_error', error_description: String(err) }));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const idp: MiniIdp = {
    url,
    issuer,
    clientId,
    keys: [first],
    published: [first.jwk],
    routes,
    counts,
    metadata: {
      issuer,
      authorization_endpoint: `${url}/authorize`,
      token_endpoint: `${url}/token`,
      jwks_uri: `${url}/jwks`,
      userinfo_endpoint: `${url}/userinfo`,
      id_token_signing_alg_values_supported: ['RS256'],
    },
    count: (path) => counts.get(path) ?? 0,
    async addKey(kid) {
      const key = await newKey(kid);
      idp.keys.push(key);
      idp.published.push(key.jwk);
      return key;
    },
    async mint(claims, opts = {}) {
      const key = opts.key ?? first;
      const now = Math.floor(Date.now() / 1000);
      const header: Record<string, unknown> = { alg: opts.alg ?? 'RS256', typ: 'JWT' };
      if (opts.kid !== null) header.kid = opts.kid ?? key.kid;
      return new SignJWT({ iss: issuer, aud: clientId, sub: 'user-1', iat: now, exp: now + (opts.expiresIn ?? 300), ...claims })
        .setProtectedHeader(header as { alg: string })
        .sign(key.privateKey);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  routes.set('/.well-known/openid-configuration', () => ({ json: idp.metadata }));
  routes.set('/jwks', () => ({ json: { keys: idp.published } }));
  return idp;
}
