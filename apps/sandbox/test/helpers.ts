import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { Sandbox, SandboxClient } from '../src/index.js';

export const CALLBACK = 'http://127.0.0.1:43999/callback';

export function basicAuth(client: SandboxClient): string {
  return `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`;
}

export function verifier(): string {
  return randomBytes(32).toString('base64url');
}

export function s256(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

export function authorizeUrl(sandbox: Sandbox, params: Record<string, string>): URL {
  const url = new URL(`${sandbox.apiBaseUrl}/authorize`);
  url.search = new URLSearchParams({
    client_id: sandbox.client.clientId,
    response_type: 'code',
    redirect_uri: CALLBACK,
    scope: 'openid email profile',
    state: randomBytes(8).toString('hex'),
    nonce: randomBytes(8).toString('hex'),
    ...params,
  }).toString();
  return url;
}

export interface TokenAnswer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

export async function postForm(
  url: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<TokenAnswer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

export function tokenRequest(sandbox: Sandbox, form: Record<string, string>, client = sandbox.client): Promise<TokenAnswer> {
  return postForm(`${sandbox.apiBaseUrl}/access_token`, form, { authorization: basicAuth(client) });
}

/** Signs in (code flow) and exchanges the code; returns the token answer. */
export async function signInAndExchange(
  sandbox: Sandbox,
  params: Record<string, string> = {},
  opts: { user?: string } = {},
): Promise<TokenAnswer> {
  const v = verifier();
  const callback = await sandbox.signIn(
    authorizeUrl(sandbox, { code_challenge: s256(v), code_challenge_method: 'S256', ...params }),
    opts,
  );
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`no code in ${callback.href}`);
  return tokenRequest(sandbox, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: params.redirect_uri ?? CALLBACK,
    code_verifier: v,
  });
}

export function claims(jwt: unknown): Record<string, unknown> {
  return decodeJwt(String(jwt));
}

export function kidOf(jwt: unknown): string | undefined {
  return decodeProtectedHeader(String(jwt)).kid;
}

export async function userinfo(sandbox: Sandbox, accessToken: unknown): Promise<Response> {
  return fetch(`${sandbox.apiBaseUrl}/userinfo`, { headers: { authorization: `Bearer ${String(accessToken)}` } });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
