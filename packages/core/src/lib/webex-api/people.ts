import { ErrorCode, WebexOidcError } from '../errors.js';
import { requestJson } from '../http/request.js';
import { apiUrl, bearerHeaders, requireString, type WebexApiOptions } from './options.js';

/**
 * A Webex Person as `GET /people/me` returns it. Only `id` is guaranteed; the other fields are
 * passed through as Webex sent them (unknown fields included).
 */
export interface WebexPerson {
  /** The person id — what `POST /v1/memberships` takes as `personId`. */
  id: string;
  /** Email addresses. For a guest: `<sub>@<org uuid>`. */
  emails?: string[];
  /** Display name (for a guest, the token's `name`). */
  displayName?: string;
  /** Nickname. */
  nickName?: string;
  /** First name. */
  firstName?: string;
  /** Last name. */
  lastName?: string;
  /** Avatar URL. */
  avatar?: string;
  /** The organization id. */
  orgId?: string;
  /** `person`, `bot` or — for guests — `appuser`. */
  type?: string;
  /** Creation time (ISO 8601). */
  created?: string;
  /** Presence status. */
  status?: string;
  /** Any other field Webex returned. */
  [field: string]: unknown;
}

/** Reads and shape-checks a Person body. */
export function parsePerson(json: unknown, what: string): WebexPerson {
  if (typeof json !== 'object' || json === null || typeof (json as { id?: unknown }).id !== 'string') {
    throw new WebexOidcError(ErrorCode.InvalidResponse, `Webex answered the ${what} without a person id.`);
  }
  return json as WebexPerson;
}

/**
 * `GET {apiBaseUrl}/people/me`: the Person the access token belongs to (for a guest, a Person
 * with `type: 'appuser'`).
 *
 * @param options - API base URL, `fetch`, timeout, signal.
 * @param accessToken - A Webex access token (user, guest or Service-App guest).
 * @throws `TypeError` when `accessToken` is missing; {@link WebexOidcError} when Webex refuses
 *   (`invalid_token` on HTTP 401, `request_failed` with Webex's message and `trackingId`, `rate_limited`, `server_error`,
 *   `network_error`, `aborted`) or answers without a person id (`invalid_response`).
 */
export async function fetchPerson(options: WebexApiOptions, accessToken: string): Promise<WebexPerson> {
  requireString(accessToken, 'accessToken');
  const what = 'people/me request';
  let json: unknown;
  try {
    json = await requestJson(what, apiUrl(options, 'people/me'), { method: 'GET', headers: bearerHeaders(accessToken) }, options);
  } catch (err) {
    if (err instanceof WebexOidcError && err.status === 401) {
      throw new WebexOidcError(ErrorCode.InvalidToken, `${err.message} The access token is invalid or expired: get a new one.`, {
        status: err.status,
        trackingId: err.trackingId,
        error: err.error,
        errorDescription: err.errorDescription,
        reason: 'rejected',
        cause: err,
      });
    }
    throw err;
  }
  return parsePerson(json, what);
}
