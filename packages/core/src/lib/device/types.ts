/** A started device authorization (RFC 8628 §3.2), with absolute times. */
export interface DeviceAuthorization {
  /** The device code (secret to the device: never show or log it). */
  deviceCode: string;
  /** The code the user types (Webex: six digits). */
  userCode: string;
  /** Where the user goes to type it. */
  verificationUri: string;
  /** The same with the user code built in (for a QR code), when given. */
  verificationUriComplete?: string;
  /** When the device code expires, epoch ms. */
  expiresAt: number;
  /** Seconds between polls (grows by 5 on each `slow_down`). */
  interval: number;
  /** The scopes requested. */
  scope: string[];
}

/** Why a poll did not yet produce tokens (passed to `onPending`). */
export interface DevicePendingInfo {
  /**
   * `authorization_pending` (Webex's 428 or RFC 8628's 400), `slow_down` (interval grew by 5 s),
   * or `retry` (429, 5xx or a network failure: waiting `delay` ms, honouring Retry-After).
   */
  reason: 'authorization_pending' | 'slow_down' | 'retry';
  /** The poll interval now in force, seconds. */
  interval: number;
  /** How many polls were made so far. */
  attempts: number;
  /** Milliseconds until the next poll. */
  delay: number;
  /** HTTP status of the last answer, when there was one. */
  status?: number;
}

/** Options of {@link startDeviceAuthorization}. */
export interface DeviceAuthorizationRequest {
  /**
   * Scopes, space-separated or as an array. Default `'spark:all'`. Webex's device grant does not
   * support OpenID Connect scopes (an ID token, if any, carries only the `openid` claims).
   */
  scope?: string | string[];
  /** Cancels the request. */
  signal?: AbortSignal;
}

/** Options of {@link pollDeviceAuthorization}. */
export interface DevicePollOptions {
  /** Cancels the polling (rejects with `aborted`). */
  signal?: AbortSignal;
  /** Called after each answer that is not yet the tokens. Errors it throws stop the polling. */
  onPending?: (info: DevicePendingInfo) => void | Promise<void>;
}

/** Options of {@link deviceGrant}. */
export interface DeviceGrantOptions extends DeviceAuthorizationRequest, DevicePollOptions {
  /** Shows the user `userCode` and `verificationUri` (or a QR code of `verificationUriComplete`). Required. */
  onUserCode: (authorization: DeviceAuthorization) => void | Promise<void>;
}
