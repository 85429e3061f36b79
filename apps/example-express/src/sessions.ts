import { escapeHtml, timeHtml } from './format.js';

/**
 * One stored token set of the signed-in user, as the home page shows it. `@webex-oidc/token-store`'s
 * `TokenSetSummary` fits as it is; so do the token worker's dashboard entries (`/api/token-sets`).
 * Never a token.
 */
export interface SessionSummary {
  id: string;
  /** `active`, `reauth_required` or `revoked`. */
  status: string;
  clientType?: string | undefined;
  /** When the user signed in (the set was stored), epoch ms. */
  createdAt?: number | undefined;
  /** When the current access token expires, epoch ms. */
  expiresAt: number;
  /** When the token worker refreshes the set next, epoch ms — when the source knows it. */
  nextRefreshAt?: number | null | undefined;
  refreshCount?: number | undefined;
  metadata?: { refreshCount?: number | undefined; lastRefreshAt?: number | undefined } | undefined;
}

/**
 * Where the home page reads the signed-in user's sessions from: `{ list: (userId) =>
 * store.listByUser(userId) }` over a `RedisTokenStore`, or {@link workerDashboardSessions}.
 */
export interface SessionSource {
  /** The user's sets (newest first); `userId` is the Webex user id (`profile.id`). */
  list(userId: string): Promise<readonly SessionSummary[]>;
  /** The policy's limit of sessions per user (shown as "3 of 10"). */
  limit?: number | undefined;
}

/** What {@link sessionsSection} renders. */
export interface SessionsView {
  sessions: readonly SessionSummary[] | undefined;
  /** The token set this browser's sign-in created, when known. */
  currentId: string | undefined;
  dashboardUrl: string | undefined;
  /** The policy's per-user limit, when known. */
  limit?: number | undefined;
  /** Set when the source failed. */
  error?: string | undefined;
}

function row(session: SessionSummary, currentId: string | undefined, now: number): string {
  const refreshes = session.refreshCount ?? session.metadata?.refreshCount ?? 0;
  const mine = session.id === currentId ? ' <strong>(this browser)</strong>' : '';
  const next =
    session.status !== 'active'
      ? '<span class="muted">none</span>'
      : session.nextRefreshAt === undefined
        ? '<span class="muted">by the token worker, before expiry</span>'
        : session.nextRefreshAt === null
          ? 'due now'
          : timeHtml(session.nextRefreshAt, now);
  return `<tr data-testid="session-row" data-session-id="${escapeHtml(session.id)}" data-status="${escapeHtml(session.status)}">
<td>${timeHtml(session.createdAt, now)}${mine}</td><td data-testid="session-status">${escapeHtml(session.status)}</td>
<td>${session.status === 'active' ? timeHtml(session.expiresAt, now) : '–'}</td><td data-testid="session-next-refresh">${next}</td><td>${refreshes}</td></tr>`;
}

/** "Your sessions": one row per stored token set, a "sign in again" link and the dashboard link. */
export function sessionsSection(view: SessionsView): string {
  const now = Date.now();
  const dashboard = view.dashboardUrl === undefined ? '' : ` · <a href="${escapeHtml(view.dashboardUrl)}" data-testid="dashboard-link">Token worker dashboard</a>`;
  const sessions = view.sessions ?? [];
  const active = sessions.filter((s) => s.status === 'active').length;
  const body =
    view.error !== undefined
      ? `<p class="error" role="alert">${escapeHtml(view.error)}</p>`
      : sessions.length === 0
        ? '<p class="muted" data-testid="no-sessions">No stored sessions yet.</p>'
        : `<table><thead><tr><th>Signed in</th><th>Status</th><th>Access token expires</th><th>Next refresh</th><th>Refreshes</th></tr></thead><tbody>
${sessions.map((s) => row(s, view.currentId, now)).join('\n')}
</tbody></table>`;
  return `<section data-testid="sessions">
<h2>Your sessions <small class="muted" data-testid="sessions-active">${active} active${view.limit === undefined ? '' : ` of ${view.limit} allowed`}</small></h2>
<p class="muted">Each sign-in stores one token set that the token worker keeps fresh. Sign in more times than the policy allows${view.limit === undefined ? '' : ` (${view.limit})`} and the oldest is revoked.</p>
${body}
<p><a href="/login?prompt=login" data-testid="sign-in-again">Sign in again (new session)</a>${dashboard}</p>
</section>`;
}

/**
 * A {@link SessionSource} over the token worker's dashboard JSON (`GET <url>/api/token-sets`):
 * adds each set's next refresh time (the BullMQ job's due time) and shows revoked sets too.
 */
export function workerDashboardSessions(dashboardUrl: string, options: { timeoutMs?: number } = {}): SessionSource {
  const endpoint = new URL('/api/token-sets', dashboardUrl);
  return {
    async list(userId) {
      const res = await fetch(endpoint, { signal: AbortSignal.timeout(options.timeoutMs ?? 3_000) });
      if (!res.ok) throw new Error(`the token worker's dashboard answered HTTP ${res.status}`);
      const body = (await res.json()) as { sets?: unknown };
      const sets = Array.isArray(body.sets) ? (body.sets as Array<SessionSummary & { userId?: unknown }>) : [];
      return sets.filter((set) => set.userId === userId);
    },
  };
}
