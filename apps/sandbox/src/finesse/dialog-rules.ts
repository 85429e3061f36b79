/** Calls: incoming, MAKE_CALL and the actions of `PUT /finesse/api/Dialog/<id>`, with Finesse's rules. */
import { type CallDataRequest, updateCallData } from './call-data-rules.js';
import {
  type AgentRecord,
  agentParticipant,
  allowedActions,
  badRequest,
  type DialogRecord,
  nowIso,
  type ParticipantRecord,
  recomputeAgentState,
  SimApiError,
  type SimState,
} from './model.js';

/** The fields of a `<Dialog>` request body. */
export interface DialogRequest {
  requestedAction: string | undefined;
  fromAddress: string | undefined;
  toAddress: string | undefined;
  targetMediaAddress: string | undefined;
  dtmfString: string | undefined;
  /** `mediaProperties` (UPDATE_CALL_DATA). */
  callData: CallDataRequest;
}

function participant(mediaAddress: string, type: ParticipantRecord['mediaAddressType'], state: string): ParticipantRecord {
  const now = nowIso();
  return { mediaAddress, mediaAddressType: type, state, startTime: now, stateChangeTime: now };
}

function setParticipantState(p: ParticipantRecord, next: string): void {
  p.state = next;
  p.stateChangeTime = nowIso();
}

function rememberPreCallState(state: SimState, agent: AgentRecord): void {
  const busy = [...state.dialogs.values()].some((d) => agentParticipant(d, agent) !== undefined);
  if (!busy) agent.stateBeforeCall = agent.state === 'READY' ? 'READY' : 'NOT_READY';
}

function newDialog(state: SimState, from: string, to: string, parts: ParticipantRecord[], consultOf?: string): DialogRecord {
  const id = String(state.nextDialogId);
  state.nextDialogId += 1;
  const dialog: DialogRecord = {
    id,
    fromAddress: from,
    toAddress: to,
    state: 'INITIATED',
    callVariables: [{ name: 'callVariable1', value: '' }],
    wrapUpReason: undefined,
    participants: parts,
    dtmf: '',
    consultOf,
  };
  state.dialogs.set(id, dialog);
  return dialog;
}

/** Puts an ALERTING call from `fromAddress` on a signed-in agent; returns the dialog. */
export function incomingCall(state: SimState, agent: AgentRecord, fromAddress: string, callVariables: Record<string, string>): DialogRecord {
  if (agent.state === 'LOGOUT' || agent.extension === '') throw new Error(`Agent ${agent.loginId} is not signed in`);
  rememberPreCallState(state, agent);
  const dialog = newDialog(state, fromAddress, agent.extension, [
    participant(fromAddress, 'PHONE', 'ACTIVE'),
    participant(agent.extension, 'AGENT_DEVICE', 'ALERTING'),
  ]);
  dialog.state = 'ALERTING';
  dialog.callVariables = Object.entries(callVariables).map(([name, value]) => ({ name, value }));
  recomputeAgentState(state, agent);
  return dialog;
}

function outbound(state: SimState, agent: AgentRecord, to: string, consultOf?: string): DialogRecord {
  const auto = state.autoAnswerOutbound;
  const dialog = newDialog(
    state,
    agent.extension,
    to,
    [participant(agent.extension, 'AGENT_DEVICE', auto ? 'ACTIVE' : 'INITIATED'), participant(to, 'PHONE', auto ? 'ACTIVE' : 'ALERTING')],
    consultOf,
  );
  dialog.state = auto ? 'ACTIVE' : 'INITIATED';
  return dialog;
}

function checkDestination(agent: AgentRecord, to: string | undefined): string {
  if (to === undefined || to === '') throw badRequest('Parameter Missing', 'toAddress', 'toAddress Parameter missing');
  if (to === agent.extension || !/^[0-9*#+]{1,32}$/.test(to)) {
    throw badRequest('Invalid Destination', 'toAddress', `Invalid Destination ${to}`);
  }
  return to;
}

/** `POST /User/<id>/Dialogs` with `MAKE_CALL`. */
export function makeCall(state: SimState, agent: AgentRecord, request: DialogRequest): DialogRecord {
  if (request.requestedAction === undefined || request.requestedAction === '') {
    throw badRequest('Parameter Missing', 'requestedAction', 'requestedAction Parameter missing');
  }
  if (request.requestedAction !== 'MAKE_CALL') {
    throw badRequest('Invalid Input', 'requestedAction', `Invalid requestedAction ${request.requestedAction}`);
  }
  if (request.fromAddress === undefined || request.fromAddress === '') {
    throw badRequest('Parameter Missing', 'fromAddress', 'fromAddress Parameter missing');
  }
  if (agent.state !== 'NOT_READY' && agent.state !== 'READY') {
    throw badRequest('Invalid State', 'state', `Cannot make a call in state ${agent.state}`);
  }
  if (request.fromAddress !== agent.extension) {
    throw badRequest('Invalid Input', 'fromAddress', 'fromAddress is not the extension the agent signed in with');
  }
  const to = checkDestination(agent, request.toAddress);
  rememberPreCallState(state, agent);
  const dialog = outbound(state, agent, to);
  recomputeAgentState(state, agent);
  return dialog;
}

function endForAgent(state: SimState, dialog: DialogRecord): void {
  state.dialogs.delete(dialog.id);
  for (const consult of [...state.dialogs.values()].filter((d) => d.consultOf === dialog.id)) consult.consultOf = undefined;
}

/** `PUT /Dialog/<id>`: applies a call action or throws the {@link SimApiError} Finesse would answer with. */
export function dialogAction(state: SimState, agent: AgentRecord, dialogId: string, request: DialogRequest): void {
  const dialog = state.dialogs.get(dialogId);
  if (dialog === undefined) throw new SimApiError(404, 'Not Found', 'dialogId', 'Invalid dialogId specified for dialog');
  const action = request.requestedAction;
  if (action === undefined || action === '') throw badRequest('Parameter Missing', 'requestedAction', 'requestedAction Parameter missing');
  const target = request.targetMediaAddress;
  // Finesse's documented UPDATE_CALL_DATA body has no targetMediaAddress: it acts for the caller's participant.
  const targetRequired = action !== 'UPDATE_CALL_DATA';
  if (targetRequired && (target === undefined || target === '')) {
    throw badRequest('Parameter Missing', 'targetMediaAddress', 'targetMediaAddress Parameter missing');
  }
  const me = agentParticipant(dialog, agent);
  if (me === undefined || (target !== undefined && target !== agent.extension)) {
    const who = target ?? `User ${agent.loginId}`;
    throw badRequest('Invalid Input', 'targetMediaAddress', `${who} is not a participant of dialog ${dialogId}`);
  }
  if (!allowedActions(state, dialog, me).includes(action)) {
    throw badRequest('Invalid State', 'requestedAction', `Action ${action} is not allowed in participant state ${me.state}`);
  }
  switch (action) {
    case 'ANSWER':
    case 'RETRIEVE':
      setParticipantState(me, 'ACTIVE');
      dialog.state = 'ACTIVE';
      break;
    case 'HOLD':
      setParticipantState(me, 'HELD');
      break;
    case 'DROP':
    case 'TRANSFER_SST': {
      if (action === 'TRANSFER_SST') checkDestination(agent, request.toAddress);
      endForAgent(state, dialog);
      break;
    }
    case 'CONSULT_CALL': {
      const to = checkDestination(agent, request.toAddress);
      setParticipantState(me, 'HELD');
      outbound(state, agent, to, dialog.id);
      break;
    }
    case 'TRANSFER':
    case 'CONFERENCE': {
      const consult = [...state.dialogs.values()].find((d) => d.consultOf === dialog.id);
      if (consult === undefined) throw badRequest('Invalid State', 'requestedAction', 'No consult call to complete');
      state.dialogs.delete(consult.id);
      if (action === 'TRANSFER') {
        endForAgent(state, dialog);
      } else {
        setParticipantState(me, 'ACTIVE');
        dialog.participants.push(...consult.participants.filter((p) => p.mediaAddress !== agent.extension));
        dialog.state = 'ACTIVE';
      }
      break;
    }
    case 'SEND_DTMF': {
      const digits = request.dtmfString;
      if (digits === undefined || digits === '') throw badRequest('Parameter Missing', 'dtmfString', 'dtmfString Parameter missing');
      if (!/^[0-9*#A-Da-d,]+$/.test(digits)) throw badRequest('Invalid Input', 'dtmfString', `Invalid dtmfString ${digits}`);
      dialog.dtmf += digits;
      break;
    }
    case 'UPDATE_CALL_DATA':
      updateCallData(dialog, request.callData);
      break;
    default:
      throw badRequest('Invalid Input', 'requestedAction', `Invalid requestedAction ${action}`);
  }
  recomputeAgentState(state, agent);
}

/** Answers the far end of an outbound call (when `autoAnswerOutbound` is off). */
export function answerOutbound(state: SimState, agent: AgentRecord | undefined, dialogId: string): void {
  const dialog = state.dialogs.get(dialogId);
  if (dialog === undefined) throw new Error(`Unknown dialog ${dialogId}`);
  for (const p of dialog.participants) if (p.state === 'INITIATED' || p.state === 'ALERTING') setParticipantState(p, 'ACTIVE');
  dialog.state = 'ACTIVE';
  if (agent !== undefined) recomputeAgentState(state, agent);
}
