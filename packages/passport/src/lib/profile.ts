/**
 * The Passport-style user profile the strategy hands to the verify callback, shaped like the
 * profiles of `passport-google-oauth20` and friends (the "Portable Contacts" subset Passport
 * documents), built from Webex's userinfo answer.
 */
export interface WebexProfile {
  /** Always `'webex'`. */
  provider: 'webex';
  /** The Webex user id (`sub`). Stable per user; use it as the key of your user records. */
  id: string;
  /** `name`, else `given_name family_name`, else `preferred_username`, else `email`, else `id`. */
  displayName: string;
  /** `preferred_username`, when Webex sent one. */
  username?: string | undefined;
  /** Given and family name (empty strings when Webex sent none). */
  name: { givenName: string; familyName: string };
  /** The e-mail address with Webex's `email_verified` flag; empty when the `email` scope was not granted. */
  emails: Array<{ value: string; verified: boolean }>;
  /** The avatar (`picture`); empty when Webex has none. */
  photos: Array<{ value: string }>;
  /** The claims the profile was built from: the userinfo answer (or the ID token's claims when `fetchUserinfo` is off). */
  _json: Record<string, unknown>;
  /** `_json` as a JSON string. */
  _raw: string;
}

function stringClaim(claims: Record<string, unknown>, name: string): string | undefined {
  const value = claims[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * Build a {@link WebexProfile} from userinfo (or ID token) claims.
 *
 * @param claims - The claims; must hold a string `sub`.
 * @throws TypeError when `sub` is missing.
 */
export function buildProfile(claims: Record<string, unknown>): WebexProfile {
  const id = stringClaim(claims, 'sub');
  if (id === undefined) {
    throw new TypeError('Cannot build a Webex profile: the claims have no "sub".');
  }
  const givenName = stringClaim(claims, 'given_name') ?? '';
  const familyName = stringClaim(claims, 'family_name') ?? '';
  const username = stringClaim(claims, 'preferred_username');
  const email = stringClaim(claims, 'email');
  const picture = stringClaim(claims, 'picture');
  const fullName = `${givenName} ${familyName}`.trim();
  const displayName =
    stringClaim(claims, 'name') ?? (fullName.length > 0 ? fullName : undefined) ?? username ?? email ?? id;
  return {
    provider: 'webex',
    id,
    displayName,
    username,
    name: { givenName, familyName },
    emails: email === undefined ? [] : [{ value: email, verified: claims['email_verified'] === true }],
    photos: picture === undefined ? [] : [{ value: picture }],
    _json: claims,
    _raw: JSON.stringify(claims),
  };
}
