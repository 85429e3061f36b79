import type { ServerResponse } from 'node:http';
import type { AccountRecord } from '../idp/accounts.js';
import { webexId } from '../idp/accounts.js';
import { sendJson } from '../http/respond.js';

/** Webex's Person resource for an account. */
export function person(account: AccountRecord): Record<string, unknown> {
  return {
    id: webexId('PEOPLE', account.id),
    emails: [account.email],
    phoneNumbers: [],
    displayName: account.displayName,
    nickName: account.givenName ?? account.displayName,
    firstName: account.givenName,
    lastName: account.familyName,
    avatar: account.picture,
    orgId: webexId('ORGANIZATION', account.orgId),
    created: '2024-01-01T00:00:00.000Z',
    status: 'active',
    type: account.kind === 'user' ? 'person' : 'appuser',
  };
}

/** `GET /v1/people/me`. */
export function sendMe(res: ServerResponse, account: AccountRecord): void {
  sendJson(res, 200, person(account));
}
