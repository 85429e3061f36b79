import { createHash } from 'node:crypto';
import type { Account } from 'oidc-provider';
import { SANDBOX_ORG_ID } from '../defaults.js';
import type { SandboxUser } from '../types.js';

/** Who an account is: a person, a guest (Guest Issuer or Service App) or the Service App itself. */
export type AccountKind = 'user' | 'guest' | 'service-app';

/** Everything the sandbox knows about an account. */
export interface AccountRecord {
  /** The `sub` (a UUID for guests and the Service App). */
  id: string;
  kind: AccountKind;
  email: string;
  displayName: string;
  givenName?: string;
  familyName?: string;
  picture?: string;
  /** Organization UUID. */
  orgId: string;
  /** For Service App guests: the external subject they were created for. */
  subject?: string;
}

/** A UUID-shaped id derived from a string, so the same input always maps to the same id. */
export function stableUuid(input: string): string {
  const h = createHash('sha256').update(input).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Webex-style REST id (`base64("ciscospark://us/<TYPE>/<uuid>")`, unpadded). */
export function webexId(type: 'PEOPLE' | 'ORGANIZATION', uuid: string): string {
  return Buffer.from(`ciscospark://us/${type}/${uuid}`).toString('base64').replace(/=+$/, '');
}

/** The Service App's own machine account. */
export const SERVICE_APP_ACCOUNT: AccountRecord = {
  id: '5e7a1c00-0000-4000-a000-5e7a1c000001',
  kind: 'service-app',
  email: 'sandbox-service-app@appid.ciscospark.com',
  displayName: 'Sandbox Service App',
  orgId: SANDBOX_ORG_ID,
};

/** The accounts of one sandbox: its users, the guests created so far and the Service App. */
export class Accounts {
  readonly users: readonly SandboxUser[];
  readonly #guests = new Map<string, AccountRecord>();
  readonly #serviceAppGuests = new Map<string, AccountRecord>();

  constructor(users: readonly SandboxUser[]) {
    this.users = users;
  }

  /** The user with this email (case-insensitive). */
  userByEmail(email: string): SandboxUser | undefined {
    const wanted = email.toLowerCase();
    return this.users.find((u) => u.email.toLowerCase() === wanted);
  }

  /** Any account by its id. */
  get(id: string): AccountRecord | undefined {
    if (id === SERVICE_APP_ACCOUNT.id) return SERVICE_APP_ACCOUNT;
    const user = this.users.find((u) => u.id === id);
    if (user) {
      return {
        id: user.id,
        kind: 'user',
        email: user.email,
        displayName: user.name,
        givenName: user.givenName,
        familyName: user.familyName,
        picture: user.picture,
        orgId: user.orgId ?? SANDBOX_ORG_ID,
      };
    }
    return this.#guests.get(id);
  }

  /** Records (or renames) a Guest Issuer guest; the same issuer + `sub` keeps the same id. */
  upsertIssuerGuest(issuerId: string, sub: string, name: string): AccountRecord {
    const id = stableUuid(`guest-issuer:${issuerId}:${sub}`);
    const guest: AccountRecord = { id, kind: 'guest', email: `${sub}@${SANDBOX_ORG_ID}`, displayName: name, orgId: SANDBOX_ORG_ID };
    this.#guests.set(id, guest);
    return guest;
  }

  /** Records (or renames) a Service App guest; the same subject keeps the same id. */
  upsertServiceAppGuest(subject: string, displayName: string): AccountRecord {
    const id = stableUuid(`service-app-guest:${subject}`);
    const guest: AccountRecord = {
      id,
      kind: 'guest',
      email: `${id}@appid.ciscospark.com`,
      displayName,
      orgId: SANDBOX_ORG_ID,
      subject,
    };
    this.#guests.set(id, guest);
    this.#serviceAppGuests.set(subject, guest);
    return guest;
  }

  /** How many distinct Service App guests exist. */
  serviceAppGuestCount(): number {
    return this.#serviceAppGuests.size;
  }

  /** oidc-provider's `findAccount`: claims of every known scope (the provider filters by scope). */
  findAccount(id: string): Account | undefined {
    const record = this.get(id);
    if (!record) return undefined;
    return {
      accountId: record.id,
      claims: () => ({
        sub: record.id,
        email: record.email,
        email_verified: record.kind === 'user',
        name: record.displayName,
        given_name: record.givenName,
        family_name: record.familyName,
        preferred_username: record.email,
        picture: record.picture,
      }),
    };
  }
}
