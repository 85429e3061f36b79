import { Controller, Get } from '@nestjs/common';
import { CurrentUser, Public, Scopes, type WebexUser } from '@webex-oidc/nestjs';

/** The example's routes: a public page, a profile for signed-in users and two scoped API routes. */
@Controller()
export class AppController {
  /** Open to everyone; says who is signed in, if anyone. */
  @Public()
  @Get()
  home(@CurrentUser() user?: WebexUser): { message: string; signedIn: boolean; links: Record<string, string> } {
    return {
      message: user === undefined ? 'Hello! Sign in with Webex.' : `Hello, ${user.displayName ?? user.id}!`,
      signedIn: user !== undefined,
      links: { login: '/auth/login?returnTo=/profile', profile: '/profile', logout: '/auth/logout' },
    };
  }

  /** The signed-in user's profile (401 otherwise). */
  @Get('profile')
  profile(@CurrentUser() user: WebexUser): { id: string; displayName?: string; email?: string; scopes?: string[]; via: string } {
    const { id, displayName, email, scopes, via } = user;
    return { id, via, ...(displayName && { displayName }), ...(email && { email }), ...(scopes && { scopes }) };
  }

  /** Needs `openid` and `email` (granted by the default sign-in). */
  @Scopes('openid', 'email')
  @Get('api/me')
  me(@CurrentUser('email') email?: string): { email: string | null } {
    return { email: email ?? null };
  }

  /** Needs `spark:rooms_read`, which the default sign-in does not request: 403 for most. */
  @Scopes('spark:rooms_read')
  @Get('api/rooms')
  rooms(): { items: never[] } {
    return { items: [] };
  }
}
