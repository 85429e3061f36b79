/**
 * `/desktop/sso/token` (first fetch behind an IdS login, refresh by POST and GET forms) and the
 * minimal IdS login page that stands in for IdS + the identity provider.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { findAgent } from './model.js';
import { cookie, escapeHtml, readBody, redirect, type SimContext, send } from './http-util.js';
import { apiErrorsXml } from './xml.js';

const SESSION_COOKIE = 'ids_session';
const XML = 'application/xml';

function json(res: ServerResponse, body: unknown): void {
  send(res, 200, 'application/json', JSON.stringify(body), { 'cache-control': 'no-store' });
}

function tokenError(res: ServerResponse, status: number, errorType: string, errorData: string, message: string): void {
  send(res, status, XML, apiErrorsXml({ errorType, errorData, errorMessage: message }));
}

function loginRedirect(res: ServerResponse, returnTo: string): void {
  redirect(res, `/ids/login?return_to=${encodeURIComponent(returnTo)}`);
}

async function refresh(ctx: SimContext, res: ServerResponse, form: URLSearchParams, method: 'POST' | 'GET', returnTo: string): Promise<void> {
  const refreshToken = form.get('refresh-token') ?? '';
  const accessToken = method === 'POST' ? (form.get('token') ?? '') : undefined;
  if (refreshToken === '' || accessToken === '') {
    ctx.stats.refreshesRejected += 1;
    tokenError(res, 400, 'Parameter Missing', refreshToken === '' ? 'refresh-token' : 'token', 'Parameter missing');
    return;
  }
  const check = await ctx.tokens.checkRefresh(refreshToken, accessToken);
  const agent = check.ok ? ctx.state.agents.find((a) => a.loginId === check.loginId) : undefined;
  const ccUser = form.get('cc_username');
  const userMismatch = method === 'GET' && agent !== undefined && ccUser !== agent.loginId && ccUser !== agent.loginName;
  if (!check.ok || agent === undefined || userMismatch) {
    ctx.stats.refreshesRejected += 1;
    if (ctx.refreshTokenGoneResponse === 'redirect') loginRedirect(res, returnTo);
    else tokenError(res, 401, 'Invalid Authorization', 'refresh-token', 'The refresh token is invalid or expired');
    return;
  }
  if (check.duplicate) ctx.stats.duplicateRefreshes += 1;
  const body = await ctx.tokens.issue(agent, ctx.rotateRefreshTokens);
  if (ctx.rotateRefreshTokens) await ctx.tokens.revokeRefreshToken(refreshToken);
  ctx.stats.refreshes += 1;
  if (method === 'POST') ctx.stats.refreshesByPost += 1;
  else ctx.stats.refreshesByGet += 1;
  json(res, body);
}

/** Handles `/desktop/sso/token` and `/ids/login`; returns false for other paths. */
export async function handleSso(ctx: SimContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  if (url.pathname === '/desktop/sso/token') {
    const injected = ctx.tokenFailures.shift();
    if (injected !== undefined) {
      tokenError(res, injected, 'Service Unavailable', 'token', 'Injected failure');
      return true;
    }
    if (req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      await refresh(ctx, res, form, 'POST', url.pathname + url.search);
      return true;
    }
    if (req.method !== 'GET') {
      tokenError(res, 405, 'Method Not Allowed', 'method', 'Use GET or POST');
      return true;
    }
    if (url.searchParams.has('refresh-token')) {
      await refresh(ctx, res, url.searchParams, 'GET', url.pathname);
      return true;
    }
    const ccUser = url.searchParams.get('cc_username') ?? '';
    if (ccUser === '') {
      tokenError(res, 400, 'Parameter Missing', 'cc_username', 'cc_username Parameter missing');
      return true;
    }
    const sessionAgent = ctx.sessions.get(cookie(req, SESSION_COOKIE) ?? '');
    const agent = ctx.state.agents.find((a) => a.loginId === sessionAgent);
    if (agent === undefined) {
      loginRedirect(res, url.pathname + url.search);
      return true;
    }
    if (ccUser !== agent.loginId && ccUser !== agent.loginName) {
      tokenError(res, 401, 'Invalid Authorization', 'cc_username', 'The signed-in user is not cc_username');
      return true;
    }
    ctx.stats.tokensIssued += 1;
    json(res, await ctx.tokens.issue(agent, url.searchParams.get('return_refresh_token') === 'true'));
    return true;
  }
  if (url.pathname === '/ids/login') {
    if (req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      const returnTo = form.get('return_to') ?? '';
      const agent = findAgent(ctx.state, form.get('username') ?? '') ?? ctx.state.agents.find((a) => a.loginName === form.get('username'));
      if (agent === undefined || agent.password !== form.get('password') || !returnTo.startsWith('/desktop/sso/token')) {
        send(res, 401, 'text/html', '<!doctype html><title>IdS</title><p>Sign-in failed.</p>');
        return true;
      }
      const sid = randomUUID();
      ctx.sessions.set(sid, agent.loginId);
      ctx.stats.idsLogins += 1;
      const secure = ctx.secure ? '; Secure' : '';
      redirect(res, returnTo, { 'set-cookie': `${SESSION_COOKIE}=${sid}; Path=/; HttpOnly; SameSite=Lax${secure}` });
      return true;
    }
    const returnTo = escapeHtml(url.searchParams.get('return_to') ?? '');
    send(
      res,
      200,
      'text/html; charset=utf-8',
      `<!doctype html><title>Cisco IdS (simulated)</title><form method="post" action="/ids/login">` +
        `<input name="username" autocomplete="username"><input name="password" type="password">` +
        `<input type="hidden" name="return_to" value="${returnTo}"><button>Sign in</button></form>`,
    );
    return true;
  }
  return false;
}
