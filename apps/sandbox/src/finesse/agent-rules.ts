/** Agent state changes requested with `PUT /finesse/api/User/<id>`, with Finesse's rules. */
import { type AgentRecord, badRequest, dialogsOf, nowIso, type SimState } from './model.js';

/** The fields of a `<User>` request body. */
export interface UserUpdate {
  state: string | undefined;
  extension: string | undefined;
  reasonCodeId: string | undefined;
}

const SERVER_SET = new Set(['RESERVED', 'TALKING', 'HOLD', 'WORK', 'WORK_READY', 'RESERVED_OUTBOUND', 'RESERVED_OUTBOUND_PREVIEW']);
const ON_CALL = new Set(['RESERVED', 'TALKING', 'HOLD']);

function reasonCode(state: SimState, agent: AgentRecord, raw: string, category: 'NOT_READY' | 'LOGOUT'): number {
  const id = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  const found = state.reasonCodes.find((code) => code.id === id && code.category === category);
  if (found === undefined) {
    throw badRequest('Invalid Input', 'reasonCodeId', `Invalid reasonCodeId ${raw} for category ${category} (agent ${agent.loginId})`);
  }
  return found.id;
}

function setState(agent: AgentRecord, next: string, reasonCodeId: number): void {
  agent.state = next;
  agent.reasonCodeId = reasonCodeId;
  agent.stateChangeTime = nowIso();
}

/** Applies `update` to `agent` or throws the {@link SimApiError} Finesse would answer with. */
export function applyUserUpdate(state: SimState, agent: AgentRecord, update: UserUpdate): void {
  const requested = update.state;
  if (requested === undefined || requested === '') {
    throw badRequest('Parameter Missing', 'state', 'State Parameter missing');
  }
  if (SERVER_SET.has(requested)) {
    throw badRequest('Invalid State', 'state', `State ${requested} can only be set by the server`);
  }
  if (!['LOGIN', 'READY', 'NOT_READY', 'LOGOUT'].includes(requested)) {
    throw badRequest('Invalid Input', 'state', `Invalid state ${requested}`);
  }
  if (requested === 'LOGIN') {
    if (agent.state !== 'LOGOUT') throw badRequest('Invalid State', 'state', 'Agent is already signed in');
    const extension = update.extension;
    if (extension === undefined || extension === '') throw badRequest('Parameter Missing', 'extension', 'Extension Parameter missing');
    if (!/^\d{2,15}$/.test(extension)) throw badRequest('Invalid Input', 'extension', `Invalid extension ${extension}`);
    if (state.agents.some((other) => other !== agent && other.extension === extension)) {
      throw badRequest('Invalid Input', 'extension', `Extension ${extension} is in use by another agent`);
    }
    agent.extension = extension;
    setState(agent, 'NOT_READY', -1);
    return;
  }
  if (agent.state === 'LOGOUT') throw badRequest('Invalid State', 'state', `Cannot change to ${requested}: agent is not signed in`);
  if (ON_CALL.has(agent.state) || dialogsOf(state, agent).length > 0) {
    throw badRequest('Invalid State', 'state', `Cannot change to ${requested} while on a call`);
  }
  if (requested === 'READY') {
    setState(agent, 'READY', -1);
    return;
  }
  if (requested === 'NOT_READY') {
    if (update.reasonCodeId === undefined || update.reasonCodeId === '' || update.reasonCodeId === '-1') {
      if (state.reasonCodes.some((code) => code.category === 'NOT_READY')) {
        throw badRequest('Invalid Input', 'finesse.api.reasoncode.require_reasoncode', 'A reason code is required for NOT_READY');
      }
      setState(agent, 'NOT_READY', -1);
      return;
    }
    setState(agent, 'NOT_READY', reasonCode(state, agent, update.reasonCodeId, 'NOT_READY'));
    return;
  }
  // LOGOUT
  if (state.deploymentType === 'UCCE' && agent.state !== 'NOT_READY') {
    throw badRequest('Invalid State', 'state', `Cannot change from ${agent.state} to LOGOUT: set NOT_READY first`);
  }
  const logoutReason =
    update.reasonCodeId === undefined || update.reasonCodeId === '' ? -1 : reasonCode(state, agent, update.reasonCodeId, 'LOGOUT');
  agent.extension = '';
  setState(agent, 'LOGOUT', logoutReason);
}
