/** Small node:http helpers for the simulator. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody as readRawBody } from '../http/body.js';
import type { TokenAuthority } from './tokens.js';
import type { SimState } from './model.js';
import type { FinesseSimulatorStats } from './types.js';

/** Everything the route handlers share. */
export interface SimContext {
  state: SimState;
  tokens: TokenAuthority;
  stats: FinesseSimulatorStats;
  /** IdS sessions: cookie value → agent loginId. */
  sessions: Map<string, string>;
  authMode: 'SSO' | 'NON_SSO';
  rotateRefreshTokens: boolean;
  refreshTokenGoneResponse: 'unauthorized' | 'redirect';
  secure: boolean;
  host: string;
  /** Statuses to answer the next token requests with (failure injection). */
  tokenFailures: number[];
}

/** Reads a request body as UTF-8 text (up to 64 KiB, the sandbox's one body reader). */
export async function readBody(req: IncomingMessage): Promise<string> {
  return (await readRawBody(req)).toString('utf8');
}

/** Sends a complete answer. */
export function send(res: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

/** Sends a redirect. */
export function redirect(res: ServerResponse, location: string, headers: Record<string, string> = {}): void {
  res.writeHead(302, { location, 'content-length': 0, ...headers });
  res.end();
}

/** The value of cookie `name`, if sent. */
export function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/** Escapes text for HTML. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
