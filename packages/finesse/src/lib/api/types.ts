/** Typed shapes of what Finesse answers and accepts. */

/** Finesse deployment: Unified CCE or Unified CCX. */
export type FinesseDeploymentType = 'UCCE' | 'UCCX';

/** Authentication mode of a user or of the system. */
export type FinesseAuthMode = 'SSO' | 'NON_SSO' | 'HYBRID';

/** `GET /finesse/api/SystemInfo`. Unknown values are passed through as strings. */
export interface FinesseSystemInfo {
  /** `UCCE` or `UCCX` (other strings passed through). */
  deploymentType: FinesseDeploymentType | (string & {});
  /** e.g. `IN_SERVICE`, `OUT_OF_SERVICE`. */
  status: string;
  /** `SSO`, `NON_SSO` or `HYBRID`. */
  systemAuthMode: string | undefined;
  /** XMPP domain for notifications. */
  xmppDomain: string | undefined;
  /** Host of the primary node, when given. */
  primaryNodeHost: string | undefined;
  /** Host of the secondary node, when given. */
  secondaryNodeHost: string | undefined;
}

/** Agent states. The client may set only `LOGIN`, `READY`, `NOT_READY` and `LOGOUT`. */
export type FinesseAgentState =
  | 'LOGOUT'
  | 'NOT_READY'
  | 'READY'
  | 'RESERVED'
  | 'RESERVED_OUTBOUND'
  | 'RESERVED_OUTBOUND_PREVIEW'
  | 'TALKING'
  | 'HOLD'
  | 'WORK'
  | 'WORK_READY'
  | 'UNKNOWN'
  | (string & {});

/** `GET /finesse/api/User/<id>`. */
export interface FinesseUser {
  /** The id every later call uses (on UCCE it may differ from `loginName`). */
  loginId: string;
  loginName: string;
  firstName: string;
  lastName: string;
  /** Signed-in extension; `''` when signed out. */
  extension: string;
  state: FinesseAgentState;
  /** Pending state (e.g. `NOT_READY` while on a call), `''` when none. */
  pendingState: string;
  /** Database id of the current reason code; `-1` when none. */
  reasonCodeId: number;
  stateChangeTime: string | undefined;
  teamId: string | undefined;
  teamName: string | undefined;
  /** e.g. `Agent`, `Supervisor`. */
  roles: string[];
  mediaType: string | undefined;
  uri: string;
  /** URI of the user's dialogs collection. */
  dialogsUri: string | undefined;
  wrapUpTimer: string | undefined;
}

/** Category of reason codes. */
export type FinesseReasonCodeCategory = 'NOT_READY' | 'LOGOUT';

/** One reason code of `GET /User/<id>/ReasonCodes?category=…` or `GET /ReasonCode/<id>`. */
export interface FinesseReasonCode {
  /** The database id — what `setNotReady`/`logout` take (last segment of `uri`). */
  id: number;
  uri: string;
  category: FinesseReasonCodeCategory | (string & {});
  /** The reason code's `<code>` (not the id). */
  code: string;
  label: string;
  forAll: boolean;
}

/** Call actions on a dialog (`requestedAction`). */
export type FinesseDialogAction =
  | 'ANSWER'
  | 'HOLD'
  | 'RETRIEVE'
  | 'DROP'
  | 'CONSULT_CALL'
  | 'TRANSFER_SST'
  | 'TRANSFER'
  | 'CONFERENCE'
  | 'SEND_DTMF'
  | 'UPDATE_CALL_DATA';

/** One participant of a dialog. */
export interface FinesseParticipant {
  mediaAddress: string;
  mediaAddressType: string | undefined;
  /** e.g. `ALERTING`, `ACTIVE`, `HELD`, `INITIATED`, `DROPPED`. */
  state: string;
  /** What this participant may do now (e.g. `ANSWER`, `HOLD`, `DROP`). */
  actions: string[];
  startTime: string | undefined;
  stateChangeTime: string | undefined;
}

/** One call variable of a dialog. */
export interface FinesseCallVariable {
  name: string;
  value: string;
}

/** A dialog (call) of `GET /User/<id>/Dialogs`. */
export interface FinesseDialog {
  id: string;
  uri: string;
  mediaType: string | undefined;
  fromAddress: string;
  toAddress: string;
  /** e.g. `ALERTING`, `ACTIVE`, `HELD`, `INITIATED`, `DROPPED`. */
  state: string;
  /** `mediaProperties/callvariables`: call, ECC (`user.…`) and Outbound Option variables, in Finesse's order. */
  callVariables: FinesseCallVariable[];
  /** `mediaProperties/wrapUpReason`, when set. */
  wrapUpReason: string | undefined;
  participants: FinesseParticipant[];
}
