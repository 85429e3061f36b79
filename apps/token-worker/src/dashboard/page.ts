import type { HistoryEntry } from '../history.js';
import type { DashboardSnapshot, DashboardTokenSet } from './snapshot.js';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `14:03:27` in the server's time zone (the demo's server is the person's machine). */
function clock(ms: number): string {
  return new Date(ms).toLocaleTimeString('en-GB', { hour12: false });
}

/** `in 23 s`, `4 min ago`… */
export function relative(ms: number, now: number): string {
  const diff = Math.round((ms - now) / 1000);
  const abs = Math.abs(diff);
  const amount = abs < 90 ? `${abs} s` : abs < 5_400 ? `${Math.round(abs / 60)} min` : abs < 172_800 ? `${Math.round(abs / 3_600)} h` : `${Math.round(abs / 86_400)} d`;
  if (abs === 0) return 'now';
  return diff > 0 ? `in ${amount}` : `${amount} ago`;
}

function time(ms: number | null, now: number, withRelative = true): string {
  if (ms === null) return '<span class="muted">–</span>';
  const iso = new Date(ms).toISOString();
  const rel = withRelative ? ` <span class="rel">(${escapeHtml(relative(ms, now))})</span>` : '';
  return `<time datetime="${iso}">${escapeHtml(clock(ms))}</time>${rel}`;
}

const OUTCOME: Record<string, (entry: HistoryEntry) => string> = {
  scheduled: (e) => (e.dueAt === undefined ? 'refresh scheduled' : `refresh scheduled for ${clock(e.dueAt)}`),
  refreshed: (e) => (e.dueAt === undefined ? 'refreshed' : `refreshed — new access token valid until ${clock(e.dueAt)}`),
  refresh_failed: (e) => `refresh failed${e.detail === undefined ? '' : ` (${e.detail})`} — will retry`,
  reauth_required: (e) => `needs a new sign-in${e.detail === undefined ? '' : ` (${e.detail})`}`,
  reauth_soon: () => 'refresh token expires soon — sign in again before it does',
  evicted: (e) => `evicted: the user signed in more times than the policy allows${e.detail === undefined ? '' : ` (${e.detail})`}`,
  revoked: (e) => `revoked${e.detail === undefined ? '' : ` (${e.detail})`}`,
};

function historyItem(entry: HistoryEntry, now: number): string {
  const text = OUTCOME[entry.type]?.(entry) ?? entry.type;
  return `<li data-testid="history-item" data-type="${escapeHtml(entry.type)}" class="h-${escapeHtml(entry.type)}">${time(entry.at, now)} ${escapeHtml(text)}</li>`;
}

const HISTORY_SHOWN = 8;

function nextRefresh(set: DashboardTokenSet, now: number): string {
  if (set.status !== 'active') return '<span class="muted">none (not active)</span>';
  if (set.job === 'pending') return '<strong>due now</strong>';
  if (set.job === 'none') return '<span class="warn">not scheduled</span>';
  return time(set.nextRefreshAt, now);
}

function setRows(set: DashboardTokenSet, now: number): string {
  const attrs = `data-set-id="${escapeHtml(set.id)}" data-user-id="${escapeHtml(set.userId)}" data-status="${escapeHtml(set.status)}" data-refresh-count="${set.refreshCount}"`;
  const lastError = set.lastError === null ? '' : ` <span class="warn" title="last transient failure">${escapeHtml(set.lastError)}</span>`;
  const shown = set.history.slice(0, HISTORY_SHOWN).map((entry) => historyItem(entry, now)).join('');
  const more = set.history.length > HISTORY_SHOWN ? `<li class="muted">… ${set.history.length - HISTORY_SHOWN} earlier (see /api/token-sets)</li>` : '';
  const history = set.history.length === 0 ? '<p class="muted">No refresh history yet.</p>' : `<ol class="history" data-testid="history">${shown}${more}</ol>`;
  return `<tr data-testid="token-set-row" ${attrs}>
<td>${escapeHtml(set.userId)}<br><code class="id" title="token-set id ${escapeHtml(set.id)}">set …${escapeHtml(set.id.slice(-8))}</code></td>
<td><code>${escapeHtml(set.clientId)}</code></td><td>${escapeHtml(set.clientType)}</td><td>${escapeHtml(set.provider)}</td>
<td><span class="status s-${escapeHtml(set.status)}" data-testid="token-set-status">${escapeHtml(set.status)}</span>${lastError}</td>
<td>${time(set.issuedAt, now)}</td><td>${time(set.expiresAt, now)}</td>
<td data-testid="next-refresh">${nextRefresh(set, now)}</td>
<td data-testid="refresh-count">${set.refreshCount}</td><td>${time(set.lastRefreshAt, now)}</td>
</tr>
<tr class="history-row" data-history-for="${escapeHtml(set.id)}"><td colspan="10">${history}</td></tr>`;
}

const HEAD = '<tr><th>User / set</th><th>Client id</th><th>Client type</th><th>Provider</th><th>Status</th><th>Issued</th><th>Access token expires</th><th>Next refresh</th><th>Refreshes</th><th>Last refresh</th></tr>';

/** The `<main id="dashboard">` element: counts and one table per user. */
export function renderDashboard(snapshot: DashboardSnapshot): string {
  const now = snapshot.generatedAt;
  const byUser = new Map<string, DashboardTokenSet[]>();
  for (const set of snapshot.sets) byUser.set(set.userId, [...(byUser.get(set.userId) ?? []), set]);
  const counts = Object.entries(snapshot.counts)
    .map(([status, n]) => `<span data-testid="count-${escapeHtml(status)}">${escapeHtml(status)}: <strong>${n}</strong></span>`)
    .join(' · ');
  const groups = [...byUser]
    .map(([userId, sets]) => {
      const active = sets.filter((s) => s.status === 'active').length;
      return `<section class="user" data-testid="user-group" data-user-id="${escapeHtml(userId)}">
<h2>${escapeHtml(userId)} <small>${active} active of ${sets.length}</small></h2>
<table><thead>${HEAD}</thead><tbody>
${sets.map((set) => setRows(set, now)).join('\n')}
</tbody></table></section>`;
    })
    .join('\n');
  const empty = snapshot.sets.length === 0 ? '<p class="muted" data-testid="no-token-sets">No token sets stored yet. Sign in to the example app and this page shows the set within two seconds.</p>' : '';
  const truncated = snapshot.truncated ? `<p class="warn">Showing the first ${snapshot.sets.length} sets only.</p>` : '';
  return `<main id="dashboard" data-generated-at="${now}">
<p class="counts">${counts} <span class="muted">· updated ${escapeHtml(clock(now))}</span></p>
${truncated}${empty}${groups}
</main>`;
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1d1d1f;line-height:1.4}
h1{margin:0 0 .25rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}h2 small{font-weight:normal;color:#666}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e3e3e3;vertical-align:top}
th{background:#f5f5f7;font-weight:600}code.id{font-size:.75rem;color:#666}.muted{color:#888}.warn{color:#b25000}.rel{color:#666;font-size:.85em;white-space:nowrap}time{white-space:nowrap}
.status{padding:.1rem .45rem;border-radius:.6rem;font-size:.8rem;font-weight:600}.s-active{background:#e3f6e8;color:#116329}
.s-reauth_required{background:#fff1d6;color:#8a5300}.s-revoked{background:#fde7e9;color:#a1101d}
.history-row td{border-bottom:2px solid #d0d0d5;padding-top:0}ol.history{margin:0;padding-left:1.2rem;font-size:.82rem;color:#333}
.h-refreshed{color:#116329}.h-evicted,.h-revoked,.h-reauth_required{color:#a1101d}.h-refresh_failed,.h-reauth_soon{color:#8a5300}
nav a{margin-right:1rem}`;

/** Re-fetches this page every 2 s and swaps `<main>`; without JavaScript a meta refresh does it. */
const SCRIPT = `setInterval(async()=>{try{const r=await fetch(location.pathname,{cache:'no-store'});if(!r.ok)return;
const next=new DOMParser().parseFromString(await r.text(),'text/html').getElementById('dashboard');
const cur=document.getElementById('dashboard');if(next&&cur)cur.replaceWith(document.importNode(next,true));}catch(e){}},2000);`;

/** The whole dashboard page. */
export function renderDashboardPage(snapshot: DashboardSnapshot, links: { bullBoard: boolean }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Token sets — token worker</title>
<noscript><meta http-equiv="refresh" content="5"></noscript>
<style>${STYLE}</style>
</head>
<body>
<h1>Token sets</h1>
<nav><a href="/api/token-sets">JSON</a>${links.bullBoard ? '<a href="/admin/queues">Queue (bull-board)</a>' : ''}<a href="/metrics">Metrics</a><a href="/healthz">Health</a></nav>
<p class="muted">Every stored token set, grouped by user, with its next refresh (the BullMQ job's due time) and its refresh history. Updates every 2 s. No token is ever shown.</p>
${renderDashboard(snapshot)}
<script>${SCRIPT}</script>
</body>
</html>
`;
}
