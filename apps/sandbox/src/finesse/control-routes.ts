/**
 * SIMULATOR-ONLY control routes under `/sandbox/finesse/**`. Real Finesse has nothing like them:
 * they let a demo or a test make things happen that a phone network would (an incoming call).
 * No authentication — the simulator listens on loopback for local development only.
 *
 * - `POST /sandbox/finesse/agents/<loginId or loginName>/incoming-call` with `fromAddress`
 *   (form-encoded or JSON; JSON may add `callVariables: { name: value }`) → 201
 *   `{ "dialogId": "…", "agentId": "…", "fromAddress": "…" }`; 404 unknown agent, 409 agent not
 *   signed in, 400 missing or bad `fromAddress`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { incomingCall } from './dialog-rules.js';
import { findAgent } from './model.js';
import { readBody, type SimContext, send } from './http-util.js';

/** Path prefix of the simulator-only control routes. */
export const CONTROL_PREFIX = '/sandbox/finesse';

const ROUTE = /^\/sandbox\/finesse\/agents\/([^/]+)\/incoming-call$/;
const ADDRESS = /^[0-9A-Za-z+*#._@-]{1,64}$/;

function json(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json', JSON.stringify(body), { 'cache-control': 'no-store' });
}

async function readInput(req: IncomingMessage): Promise<{ fromAddress: unknown; callVariables: unknown }> {
  const text = await readBody(req);
  if ((req.headers['content-type'] ?? '').includes('application/json')) {
    const parsed: unknown = text === '' ? {} : JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) return { fromAddress: undefined, callVariables: undefined };
    const record = parsed as Record<string, unknown>;
    return { fromAddress: record['fromAddress'], callVariables: record['callVariables'] };
  }
  return { fromAddress: new URLSearchParams(text).get('fromAddress') ?? undefined, callVariables: undefined };
}

function stringRecord(value: unknown): Record<string, string> | undefined {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  return entries.every(([, v]) => typeof v === 'string') ? Object.fromEntries(entries) as Record<string, string> : undefined;
}

/** Handles `/sandbox/finesse/**`; returns false for other paths. */
export async function handleControl(ctx: SimContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  if (url.pathname !== CONTROL_PREFIX && !url.pathname.startsWith(`${CONTROL_PREFIX}/`)) return false;
  const match = ROUTE.exec(url.pathname);
  let agentId: string | undefined;
  try {
    agentId = match?.[1] === undefined ? undefined : decodeURIComponent(match[1]);
  } catch {
    agentId = undefined;
  }
  if (agentId === undefined) {
    json(res, 404, { error: 'not_found', message: 'Simulator control: only POST /sandbox/finesse/agents/<id>/incoming-call exists.' });
    return true;
  }
  if (req.method !== 'POST') {
    json(res, 405, { error: 'method_not_allowed', message: 'Use POST.' });
    return true;
  }
  let input: { fromAddress: unknown; callVariables: unknown };
  try {
    input = await readInput(req);
  } catch {
    json(res, 400, { error: 'bad_request', message: 'The body must be form-encoded or a JSON object.' });
    return true;
  }
  const callVariables = stringRecord(input.callVariables);
  if (typeof input.fromAddress !== 'string' || !ADDRESS.test(input.fromAddress) || callVariables === undefined) {
    json(res, 400, { error: 'bad_request', message: 'fromAddress (a phone number or address, up to 64 characters) is required; callVariables must map names to strings.' });
    return true;
  }
  const agent = findAgent(ctx.state, agentId);
  if (agent === undefined) {
    json(res, 404, { error: 'agent_not_found', message: `No simulated agent ${agentId}.` });
    return true;
  }
  if (agent.state === 'LOGOUT' || agent.extension === '') {
    json(res, 409, { error: 'agent_not_signed_in', message: `Agent ${agent.loginId} is not signed in to an extension.` });
    return true;
  }
  const dialog = incomingCall(ctx.state, agent, input.fromAddress, callVariables);
  json(res, 201, { dialogId: dialog.id, agentId: agent.loginId, fromAddress: dialog.fromAddress });
  return true;
}
