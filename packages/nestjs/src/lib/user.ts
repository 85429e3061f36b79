import type { WebexPerson } from '@webex-oidc/core';
import type { WebexUser } from '../webex-user.interface.js';

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Builds a {@link WebexUser} from userinfo (or ID token) claims. */
export function userFromClaims(
  claims: Readonly<Record<string, unknown>>,
  via: WebexUser['via'],
  scopes: string[] | undefined,
): WebexUser {
  const id = str(claims['sub']);
  if (id === undefined) throw new TypeError('claims without sub');
  return {
    id,
    displayName: str(claims['name']) ?? str(claims['preferred_username']),
    email: str(claims['email']),
    emailVerified: typeof claims['email_verified'] === 'boolean' ? claims['email_verified'] : undefined,
    picture: str(claims['picture']),
    scopes: scopes ?? (typeof claims['scope'] === 'string' ? claims['scope'].split(' ').filter(Boolean) : undefined),
    via,
    raw: { ...claims },
  };
}

/** Builds a {@link WebexUser} from a people/me Person. */
export function userFromPerson(person: WebexPerson, via: WebexUser['via']): WebexUser {
  return {
    id: person.id,
    displayName: person.displayName,
    email: person.emails?.[0],
    emailVerified: undefined,
    picture: person.avatar,
    scopes: undefined,
    via,
    raw: person,
  };
}
