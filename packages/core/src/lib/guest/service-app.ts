import { ErrorCode, WebexOidcError } from '../errors.js';
import { requestJson } from '../http/request.js';
import { apiUrl, bearerHeaders, requireString, type WebexApiOptions } from '../webex-api/options.js';

/** A guest issued by a Service App (`POST /v1/guests/token`). */
export interface ServiceAppGuest {
  /** The guest's person id. */
  id: string;
  /** The external id it was created with. */
  subject: string;
  /** Its display name. */
  displayName: string;
  /** Its email (`…@appid.ciscospark.com`). */
  email?: string | undefined;
  /** The guest's access token (about 18 h). */
  accessToken: string;
  /** Lifetime in seconds as Webex reported it. */
  expiresIn: number;
  /** When the access token expires, epoch milliseconds. */
  expiresAt: number;
}

/** The guest to create with {@link createServiceAppGuest}. */
export interface ServiceAppGuestInput {
  /** Your external id for the guest; the same subject again issues another token (earlier ones stay valid). */
  subject: string;
  /** Display name. */
  displayName: string;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Service-App guest management (successor of Guest Issuer apps): `POST {apiBaseUrl}/guests/token`
 * with the Service App's access token (scope `guest-issuer:write`) and JSON
 * `{subject, displayName}`. Returns the guest and its access token.
 *
 * @throws `TypeError` for an empty token, subject or display name; {@link WebexOidcError}
 *   (`request_failed` with Webex's message and `trackingId`, `rate_limited`, `server_error`,
 *   `network_error`, `aborted`, `invalid_response`).
 */
export async function createServiceAppGuest(
  options: WebexApiOptions,
  serviceAppToken: string,
  guest: ServiceAppGuestInput,
): Promise<ServiceAppGuest> {
  requireString(serviceAppToken, 'serviceAppToken');
  if (typeof guest !== 'object' || guest === null) {
    throw Object.assign(new TypeError('The guest must be an object { subject, displayName }.'), { code: 'ERR_INVALID_ARG_TYPE' });
  }
  const subject = requireString(guest.subject, 'subject');
  const displayName = requireString(guest.displayName, 'displayName');
  const what = 'guest creation (guests/token)';
  const json = await requestJson(
    what,
    apiUrl(options, 'guests/token'),
    {
      method: 'POST',
      headers: { ...bearerHeaders(serviceAppToken), 'content-type': 'application/json' },
      body: JSON.stringify({ subject, displayName }),
    },
    options,
  );
  const issuedAt = Date.now();
  const body = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  const id = str(body.id);
  const accessToken = str(body.accessToken);
  const expiresIn = body.expiresIn;
  if (id === undefined || accessToken === undefined || typeof expiresIn !== 'number' || !(expiresIn > 0)) {
    throw new WebexOidcError(ErrorCode.InvalidResponse, `Webex answered the ${what} without {id, accessToken, expiresIn}.`);
  }
  return {
    id,
    subject: str(body.subject) ?? subject,
    displayName: str(body.displayName) ?? displayName,
    email: str(body.email),
    accessToken,
    expiresIn,
    expiresAt: issuedAt + expiresIn * 1000,
  };
}

/**
 * `GET {apiBaseUrl}/guests/count` (scope `guest-issuer:read`): how many guests the Service App
 * has. Accepts `{count}` or a bare number.
 */
export async function countServiceAppGuests(options: WebexApiOptions, serviceAppToken: string): Promise<number> {
  requireString(serviceAppToken, 'serviceAppToken');
  const what = 'guest count (guests/count)';
  const json = await requestJson(what, apiUrl(options, 'guests/count'), { method: 'GET', headers: bearerHeaders(serviceAppToken) }, options);
  const count = typeof json === 'number' ? json : (json as { count?: unknown } | null)?.count;
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
    throw new WebexOidcError(ErrorCode.InvalidResponse, `Webex answered the ${what} without a count.`);
  }
  return count;
}
