import type { WebexProfile, WebexStrategyTokens } from '@webex-oidc/passport';

/** The user this app keeps in its session: the profile, and when the access token expires. */
export interface AppUser {
  id: string;
  displayName: string;
  email: string | undefined;
  emailVerified: boolean;
  photo: string | undefined;
  profile: WebexProfile;
  accessTokenExpiresAt: number;
  scope: string[];
}

declare global {
  // Passport types `req.user` as `Express.User`; this app's user is an `AppUser`.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends AppUser {}
  }
}

/** Map a Webex sign-in to this app's user (a real app would look up or create a user record here). */
export function toAppUser(tokens: WebexStrategyTokens, profile: WebexProfile): AppUser {
  const email = profile.emails[0];
  return {
    id: profile.id,
    displayName: profile.displayName,
    email: email?.value,
    emailVerified: email?.verified ?? false,
    photo: profile.photos[0]?.value,
    profile,
    accessTokenExpiresAt: tokens.expiresAt,
    scope: tokens.scope ?? [],
  };
}
