/** What `npm run demo` prints once everything listens: the URLs and the walk-through. */
import { DEMO_FINESSE_AGENT, DEMO_SESSION_LIMIT, type Demo } from './demo.js';

/** The banner for a running demo, with `accessTokenTtl` (seconds) to say when the first refresh comes. */
export function demoBanner(demo: Demo, accessTokenTtl: number): string {
  const { urls } = demo;
  const refreshAfter = Math.round(accessTokenTtl * 0.75);
  const redis = demo.redis.started ? `${demo.redis.url} (a private redis-server the demo started; stopped on exit)` : demo.redis.url;
  return `
webex-oidc demo — everything on 127.0.0.1, for development only (the sandbox is not Webex).

  example app         ${urls.app}
  token dashboard     ${urls.dashboard}   (JSON: ${urls.tokenSetsApi})
  Finesse desktop     ${urls.finessePage}
  sandbox IdP         ${urls.sandbox}   (discovery: ${urls.discovery})
  Finesse simulator   ${urls.finesse}
  worker metrics      ${urls.metrics} · health ${urls.health} · queue ${urls.queues}
  Redis               ${redis}

Token policy: at most ${DEMO_SESSION_LIMIT} sessions (refresh tokens) per user — the smallest limit Webex allows.
Access tokens live ${accessTokenTtl} s here, so the worker refreshes each one after ~${refreshAfter} s (75 % of its life).

Try it:
  1. Open ${urls.app} and click "Sign in with Webex".
     On the sandbox page sign in as alice@example.com (no password). The app shows your profile.
  2. Open ${urls.dashboard} in another tab: alice's token set is there, with its next refresh time.
     Within ~${refreshAfter} s the worker refreshes it ahead of expiry: the refresh count goes up and a
     "refreshed" entry appears in its history (this terminal prints one line per refresh, too).
  3. Back in the app, click "Sign in again" ${DEMO_SESSION_LIMIT} times. Each sign-in stores one more session; sign-in
     number ${DEMO_SESSION_LIMIT + 1} goes past the limit of ${DEMO_SESSION_LIMIT}, so the oldest session is revoked (at the IdP too)
     and shows as "revoked" on the dashboard (the app lists the ${DEMO_SESSION_LIMIT} live ones).
  4. Open ${urls.finessePage}: sign agent ${DEMO_FINESSE_AGENT.loginName} (${DEMO_FINESSE_AGENT.loginId}) in, go Ready, simulate an incoming
     call, answer it, hold, retrieve, drop, go Not Ready and log out.

Ctrl-C stops everything.
`;
}
