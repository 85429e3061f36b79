import type { AuthorizationChecks, WebexTokenSet } from '@webex-oidc/core';
import { webexHttpException, WebexAuthErrorCode } from './http-errors.js';
import type { WebexUser } from '../webex-user.interface.js';

/** What the module keeps in `req.session.webexAuth`. */
export interface WebexSessionData {
  /** Sign-ins started and not yet completed, by `state` (each used once). */
  pending?: Record<string, { checks: AuthorizationChecks; returnTo: string; createdAt: number }>;
  /** The signed-in user. */
  user?: WebexUser;
  /** The token set, unless `sessionTokens: false`. */
  tokens?: WebexTokenSet;
}

/** The subset of express-session's `Session` this module uses. */
export interface SessionLike {
  webexAuth?: WebexSessionData;
  regenerate(callback: (err?: unknown) => void): void;
  destroy(callback: (err?: unknown) => void): void;
  save(callback: (err?: unknown) => void): void;
}

/** The subset of a Node/Express request this module uses. */
export interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
  url?: string;
  originalUrl?: string;
  session?: SessionLike;
  user?: WebexUser;
}

/** Most sign-ins one session may have in flight (several tabs); older ones are dropped. */
const MAX_PENDING = 5;
/** A started sign-in is forgotten after this long. */
const PENDING_TTL_MS = 10 * 60_000;

/** The request's session, or a 500 saying how to add one. */
export function requireSession(req: RequestLike): SessionLike {
  const session = req.session;
  if (session === undefined || typeof session.regenerate !== 'function') {
    throw webexHttpException(
      500,
      WebexAuthErrorCode.Misconfigured,
      'Session sign-in needs a session middleware: add express-session (app.use(session({ secret, resave: false, saveUninitialized: false }))) before the routes.',
    );
  }
  return session;
}

/** Remembers a started sign-in under its state. */
export function addPending(session: SessionLike, checks: AuthorizationChecks, returnTo: string, now = Date.now()): void {
  const data = (session.webexAuth ??= {});
  const pending = { ...data.pending };
  for (const [state, entry] of Object.entries(pending)) {
    if (now - entry.createdAt > PENDING_TTL_MS) delete pending[state];
  }
  const states = Object.keys(pending);
  for (const state of states.slice(0, Math.max(0, states.length - MAX_PENDING + 1))) delete pending[state];
  pending[checks.state] = { checks, returnTo, createdAt: now };
  data.pending = pending;
}

/** Takes (and deletes) the sign-in started with `state`; `undefined` when unknown, used or expired. */
export function takePending(
  session: SessionLike,
  state: string,
  now = Date.now(),
): { checks: AuthorizationChecks; returnTo: string } | undefined {
  const pending = session.webexAuth?.pending;
  if (pending === undefined || !Object.hasOwn(pending, state)) return undefined;
  const entry = pending[state];
  delete pending[state];
  if (entry === undefined || now - entry.createdAt > PENDING_TTL_MS) return undefined;
  return { checks: entry.checks, returnTo: entry.returnTo };
}

/** Promisifies one of express-session's callback methods. */
export function sessionCall(session: SessionLike, method: 'regenerate' | 'destroy' | 'save'): Promise<void> {
  return new Promise((resolve, reject) => {
    session[method]((err?: unknown) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve()));
  });
}

/** A same-site relative path (`/x?y`), or `fallback` — never an absolute or protocol-relative URL. */
export function safeReturnTo(value: unknown, fallback: string): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return fallback;
  return value;
}
