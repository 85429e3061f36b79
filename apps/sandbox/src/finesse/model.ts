/** The simulator's in-memory state and the error it answers with. */
import type { SimulatedDeploymentType, SimulatedReasonCode } from './types.js';

/** An `<ApiErrors>` answer waiting to be sent. */
export class SimApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    readonly errorData: string,
    readonly errorMessage: string,
  ) {
    super(errorMessage);
  }
}

/** 400 with the given type. */
export const badRequest = (errorType: string, errorData: string, errorMessage: string): SimApiError =>
  new SimApiError(400, errorType, errorData, errorMessage);

export interface AgentRecord {
  loginId: string;
  loginName: string;
  password: string;
  firstName: string;
  lastName: string;
  teamId: string;
  teamName: string;
  authMode: 'SSO' | 'NON_SSO';
  state: string;
  extension: string;
  reasonCodeId: number;
  stateChangeTime: string;
  stateBeforeCall: 'READY' | 'NOT_READY';
}

export interface ParticipantRecord {
  mediaAddress: string;
  mediaAddressType: 'AGENT_DEVICE' | 'PHONE';
  state: string;
  startTime: string;
  stateChangeTime: string;
}

export interface DialogRecord {
  id: string;
  fromAddress: string;
  toAddress: string;
  state: string;
  callVariables: { name: string; value: string }[];
  /** Set by UPDATE_CALL_DATA. */
  wrapUpReason: string | undefined;
  participants: ParticipantRecord[];
  dtmf: string;
  /** For a consult call: the id of the held original dialog. */
  consultOf: string | undefined;
}

export interface SimState {
  deploymentType: SimulatedDeploymentType;
  autoAnswerOutbound: boolean;
  agents: AgentRecord[];
  reasonCodes: SimulatedReasonCode[];
  dialogs: Map<string, DialogRecord>;
  nextDialogId: number;
}

/** Now as Finesse writes times. */
export const nowIso = (): string => new Date().toISOString();

/** The agent whose id (or, on UCCE, login name) is `id`. */
export function findAgent(state: SimState, id: string): AgentRecord | undefined {
  return (
    state.agents.find((agent) => agent.loginId === id) ??
    (state.deploymentType === 'UCCE' ? state.agents.find((agent) => agent.loginName === id) : undefined)
  );
}

/** The agent's participant in `dialog`, if any. */
export function agentParticipant(dialog: DialogRecord, agent: AgentRecord): ParticipantRecord | undefined {
  if (agent.extension === '') return undefined;
  return dialog.participants.find((p) => p.mediaAddressType === 'AGENT_DEVICE' && p.mediaAddress === agent.extension);
}

/** Dialogs the agent takes part in. */
export function dialogsOf(state: SimState, agent: AgentRecord): DialogRecord[] {
  return [...state.dialogs.values()].filter((dialog) => agentParticipant(dialog, agent) !== undefined);
}

/** Actions a participant may take now (Finesse's rule table). */
export function allowedActions(state: SimState, dialog: DialogRecord, participant: ParticipantRecord): string[] {
  if (participant.mediaAddressType !== 'AGENT_DEVICE') return [];
  switch (participant.state) {
    case 'ALERTING':
      return ['ANSWER'];
    case 'ACTIVE':
      return ['HOLD', 'DROP', 'CONSULT_CALL', 'TRANSFER_SST', 'SEND_DTMF', 'UPDATE_CALL_DATA'];
    case 'HELD': {
      const consult = [...state.dialogs.values()].find((d) => d.consultOf === dialog.id);
      const consultActive = consult?.participants.some((p) => p.mediaAddress === participant.mediaAddress && p.state === 'ACTIVE');
      return consultActive === true ? ['RETRIEVE', 'DROP', 'TRANSFER', 'CONFERENCE'] : ['RETRIEVE', 'DROP'];
    }
    case 'INITIATING':
    case 'INITIATED':
    case 'FAILED':
      return ['DROP'];
    default:
      return [];
  }
}

/** Sets the agent's state from its calls: ALERTING → RESERVED, ACTIVE → TALKING, HELD → HOLD, none → pre-call state. */
export function recomputeAgentState(state: SimState, agent: AgentRecord): void {
  if (agent.state === 'LOGOUT') return;
  const states = dialogsOf(state, agent).flatMap((d) => {
    const p = agentParticipant(d, agent);
    return p === undefined ? [] : [p.state];
  });
  let next: string;
  if (states.includes('ACTIVE')) next = 'TALKING';
  else if (states.includes('HELD')) next = 'HOLD';
  else if (states.includes('ALERTING')) next = 'RESERVED';
  else if (states.length > 0) next = agent.state;
  else next = agent.state === 'TALKING' || agent.state === 'HOLD' || agent.state === 'RESERVED' ? agent.stateBeforeCall : agent.state;
  if (next !== agent.state) {
    agent.state = next;
    agent.stateChangeTime = nowIso();
  }
}
