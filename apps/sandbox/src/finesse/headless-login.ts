/**
 * Completes the simulator's SSO browser hop over plain HTTP — what a desktop's browser window does:
 * open the SSO URL, follow the redirect to the IdS login page, submit it, keep the cookie, follow
 * the redirect back, and capture the JSON. For tests and the demo.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** Options of {@link completeSsoLogin}. */
export interface HeadlessSsoLoginOptions {
  /** The agent's login id or name for the IdS page. */
  username: string;
  password: string;
  /** CA to trust when the simulator serves HTTPS with a private certificate. */
  ca?: string | Buffer;
}

interface Answer {
  status: number;
  location: string | undefined;
  setCookie: string[];
  body: string;
}

function fetchOnce(url: URL, init: { method: string; cookie: string; body?: string; ca?: string | Buffer }): Promise<Answer> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { accept: 'application/json, text/html' };
    if (init.cookie !== '') headers['cookie'] = init.cookie;
    if (init.body !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = String(Buffer.byteLength(init.body));
    }
    const req = send(url, { method: init.method, headers, ...(init.ca === undefined ? {} : { ca: init.ca }) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          location: res.headers.location,
          setCookie: res.headers['set-cookie'] ?? [],
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/**
 * Opens `ssoUrl` (from `buildSsoTokenUrl`), signs in on the simulator's IdS page and resolves with
 * the JSON text the SSO endpoint ends on. Rejects when sign-in fails or the flow does not end on 200.
 */
export async function completeSsoLogin(ssoUrl: string | URL, options: HeadlessSsoLoginOptions): Promise<string> {
  const jar = new Map<string, string>();
  let url = new URL(String(ssoUrl));
  let method = 'GET';
  let body: string | undefined;
  for (let hop = 0; hop < 8; hop += 1) {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const answer = await fetchOnce(url, { method, cookie, ...(body === undefined ? {} : { body }), ...(options.ca === undefined ? {} : { ca: options.ca }) });
    for (const line of answer.setCookie) {
      const [pair] = line.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (pair !== undefined && eq > 0) jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    if (answer.status >= 300 && answer.status < 400 && answer.location !== undefined) {
      url = new URL(answer.location, url);
      method = 'GET';
      body = undefined;
      continue;
    }
    if (answer.status !== 200) throw new Error(`SSO flow stopped with HTTP ${answer.status} at ${url.pathname}`);
    if (url.pathname === '/ids/login' && method === 'GET') {
      body = new URLSearchParams({
        username: options.username,
        password: options.password,
        return_to: url.searchParams.get('return_to') ?? '',
      }).toString();
      method = 'POST';
      url = new URL('/ids/login', url);
      continue;
    }
    return answer.body;
  }
  throw new Error('SSO flow did not end after 8 hops');
}
