/** `/finesse/api/**`: the REST subset, with Finesse's status codes and `<ApiErrors>`. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { applyUserUpdate } from './agent-rules.js';
import { dialogAction, makeCall } from './dialog-rules.js';
import { type AgentRecord, dialogsOf, findAgent, SimApiError } from './model.js';
import { readBody, type SimContext, send } from './http-util.js';
import {
  apiErrorsXml,
  dialogsXml,
  dialogXml,
  parseRequestRoot,
  readDialogRequest,
  readUserRequest,
  reasonCodesXml,
  reasonCodeXml,
  systemInfoXml,
  userAuthModeXml,
  userXml,
} from './xml.js';

const XML = 'application/xml';
const PREFIX = '/finesse/api';

const unauthorized = (message: string): SimApiError => new SimApiError(401, 'Authorization Failure', 'Authorization', message);

async function authenticate(ctx: SimContext, req: IncomingMessage): Promise<AgentRecord> {
  const header = req.headers.authorization ?? '';
  if (header.startsWith('Bearer ')) {
    const token = header.slice(7);
    const check = await ctx.tokens.verifyAccess(token);
    if (!check.ok) {
      if (check.reason === 'expired') ctx.stats.expiredTokenUses += 1;
      throw unauthorized(check.reason === 'expired' ? 'The access token has expired' : 'Invalid Authorization');
    }
    const agent = ctx.state.agents.find((a) => a.loginId === check.loginId);
    if (agent === undefined || agent.authMode !== 'SSO') throw unauthorized('Invalid Authorization');
    return agent;
  }
  if (header.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const agent = colon < 0 ? undefined : findAgent(ctx.state, decoded.slice(0, colon));
    if (agent === undefined || agent.authMode !== 'NON_SSO' || agent.password !== decoded.slice(colon + 1)) {
      throw unauthorized('Invalid Authorization');
    }
    return agent;
  }
  throw unauthorized('Authorization header missing');
}

function target(ctx: SimContext, caller: AgentRecord, id: string): AgentRecord {
  const agent = findAgent(ctx.state, id);
  if (agent === undefined) throw new SimApiError(404, 'User Not Found', 'userId', `User ${id} not found`);
  if (agent !== caller) throw unauthorized('Not authorized to access this user');
  return agent;
}

async function bodyRoot(req: IncomingMessage, name: string): Promise<Record<string, unknown>> {
  const root = parseRequestRoot(await readBody(req), name);
  if (root === undefined) throw new SimApiError(400, 'Bad Request', name, `Expected a <${name}> XML body`);
  return root;
}

const notFound = (): SimApiError => new SimApiError(404, 'Not Found', 'uri', 'Resource not found');
const methodNotAllowed = (): SimApiError => new SimApiError(405, 'Method Not Allowed', 'method', 'Method not allowed');

async function route(ctx: SimContext, req: IncomingMessage, res: ServerResponse, url: URL, parts: string[]): Promise<void> {
  const ok = (body: string): void => send(res, 200, XML, body);
  const accepted = (): void => send(res, 202, XML, '');
  const [resource, id, sub] = parts;
  if (resource === 'SystemInfo' && parts.length === 1) return ok(systemInfoXml(ctx.state, ctx.authMode, ctx.host));
  if (resource === 'UserAuthMode' && id !== undefined && parts.length === 2) {
    const agent = findAgent(ctx.state, id);
    if (agent === undefined) throw new SimApiError(404, 'User Not Found', 'userId', `User ${id} not found`);
    return ok(userAuthModeXml(agent.authMode));
  }
  const caller = await authenticate(ctx, req);
  if (resource === 'User' && id !== undefined) {
    const agent = target(ctx, caller, id);
    if (sub === undefined) {
      if (req.method === 'GET') return ok(userXml(agent));
      if (req.method !== 'PUT') throw methodNotAllowed();
      const fields = readUserRequest(await bodyRoot(req, 'User'));
      applyUserUpdate(ctx.state, agent, { state: fields.state, extension: fields.extension, reasonCodeId: fields.reasonCodeId });
      return accepted();
    }
    if (sub === 'ReasonCodes' && parts.length === 3 && req.method === 'GET') {
      const category = url.searchParams.get('category') ?? '';
      if (category !== 'NOT_READY' && category !== 'LOGOUT') throw new SimApiError(400, 'Invalid Input', 'category', `Invalid category ${category}`);
      return ok(reasonCodesXml(category, ctx.state.reasonCodes.filter((c) => c.category === category)));
    }
    if (sub === 'Dialogs' && parts.length === 3) {
      if (req.method === 'GET') return ok(dialogsXml(ctx.state, dialogsOf(ctx.state, agent)));
      if (req.method !== 'POST') throw methodNotAllowed();
      makeCall(ctx.state, agent, readDialogRequest(await bodyRoot(req, 'Dialog')));
      return accepted();
    }
    throw notFound();
  }
  if (resource === 'Dialog' && id !== undefined && parts.length === 2) {
    if (req.method === 'GET') {
      const dialog = ctx.state.dialogs.get(id);
      if (dialog === undefined || !dialogsOf(ctx.state, caller).includes(dialog)) {
        throw new SimApiError(404, 'Not Found', 'dialogId', 'Invalid dialogId specified for dialog');
      }
      return ok(dialogXml(ctx.state, dialog));
    }
    if (req.method !== 'PUT') throw methodNotAllowed();
    dialogAction(ctx.state, caller, id, readDialogRequest(await bodyRoot(req, 'Dialog')));
    return accepted();
  }
  if (resource === 'ReasonCode' && id !== undefined && parts.length === 2 && req.method === 'GET') {
    const code = ctx.state.reasonCodes.find((c) => String(c.id) === id);
    if (code === undefined) throw new SimApiError(404, 'Not Found', 'reasonCodeId', `Reason code ${id} not found`);
    return ok(reasonCodeXml(code));
  }
  throw notFound();
}

/** Handles `/finesse/api/**`; returns false for other paths. */
export async function handleApi(ctx: SimContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  if (url.pathname !== PREFIX && !url.pathname.startsWith(`${PREFIX}/`)) return false;
  ctx.stats.apiRequests += 1;
  const parts = url.pathname.slice(PREFIX.length).split('/').filter((p) => p !== '').map(decodeURIComponent);
  const requestId = req.headers['requestid'];
  const echo: Record<string, string> = typeof requestId === 'string' ? { requestId } : {};
  try {
    await route(ctx, req, res, url, parts);
  } catch (err) {
    if (!(err instanceof SimApiError)) throw err;
    if (err.status === 401) ctx.stats.unauthorized += 1;
    send(res, err.status, XML, apiErrorsXml(err), echo);
  }
  return true;
}
