import type { FinesseDialog, FinesseReasonCode } from '@webex-oidc/finesse';
import { escapeHtml, timeHtml } from '../format.js';
import { page } from '../views.js';
import type { DeskSnapshot, DeskTokenInfo } from './desk.js';

/** A message carried over the redirect after an action. */
export interface DeskFlash {
  kind: 'error' | 'info';
  /** e.g. Finesse's error type (`Invalid State`). */
  title: string;
  text: string;
}

/** What the desk page needs besides Finesse's answers. */
export interface DeskPageContext {
  extension: string;
  simulator: boolean;
  flash: DeskFlash | undefined;
}

const DIALOG_ACTIONS = [
  ['ANSWER', 'answer', 'Answer'],
  ['HOLD', 'hold', 'Hold'],
  ['RETRIEVE', 'retrieve', 'Retrieve'],
  ['DROP', 'drop', 'Drop'],
] as const;

function button(action: string, label: string, fields = ''): string {
  return `<form class="inline" method="post" action="/finesse/${action}">${fields}<button type="submit" data-testid="finesse-${action}">${escapeHtml(label)}</button></form>`;
}

const CALL_VARIABLES = Array.from({ length: 10 }, (_, i) => `callVariable${i + 1}`);

/** One call variable's new value (UPDATE_CALL_DATA); ECC names (`user.…`) can be typed in. */
function callDataForm(hidden: string): string {
  const names = CALL_VARIABLES.map((name) => `<option value="${name}">${name}</option>`).join('');
  return `<form class="inline" method="post" action="/finesse/call-data">${hidden}<input name="name" list="finesse-call-variables" value="callVariable1" size="16" data-testid="finesse-call-variable"><datalist id="finesse-call-variables">${names}</datalist> <input name="value" placeholder="value" data-testid="finesse-call-value"> <button type="submit" data-testid="finesse-call-data">Set call data</button></form>`;
}

function options(codes: readonly FinesseReasonCode[], none: string): string {
  return [`<option value="">${escapeHtml(none)}</option>`, ...codes.map((c) => `<option value="${c.id}">${escapeHtml(`${c.label} (${c.code})`)}</option>`)].join('');
}

function flashHtml(flash: DeskFlash | undefined): string {
  if (flash === undefined) return '';
  if (flash.kind === 'info') return `<p class="ok" role="status" data-testid="finesse-info">${escapeHtml(flash.text)}</p>`;
  return `<div class="banner" role="alert" data-testid="finesse-error"><strong>${escapeHtml(flash.title)}</strong> — ${escapeHtml(flash.text)}</div>`;
}

function tokensHtml(tokens: DeskTokenInfo): string {
  if (tokens.mode === 'basic') return '<p class="muted">Signed in to Finesse with Basic auth (NON_SSO).</p>';
  const last = tokens.lastRefreshAt === undefined ? '' : `, last ${timeHtml(tokens.lastRefreshAt)}`;
  return `<p class="muted" data-testid="finesse-tokens">Finesse SSO token: refreshed ${tokens.refreshes} time${tokens.refreshes === 1 ? '' : 's'}${last}; next refresh ${timeHtml(tokens.refreshDueAt)}, expires ${timeHtml(tokens.expiresAt)}.</p>`;
}

function dialogHtml(dialog: FinesseDialog, extension: string): string {
  const mine = dialog.participants.find((p) => p.mediaAddress === extension);
  const state = mine?.state ?? dialog.state;
  const allowed = mine !== undefined && mine.actions.length > 0 ? mine.actions : DIALOG_ACTIONS.map(([action]) => action);
  const hidden = `<input type="hidden" name="dialogId" value="${escapeHtml(dialog.id)}">`;
  const buttons =
    DIALOG_ACTIONS.filter(([action]) => allowed.includes(action))
      .map(([, path, label]) => button(path, label, hidden))
      .join('') + (mine?.actions.includes('UPDATE_CALL_DATA') === true ? callDataForm(hidden) : '');
  const participants = dialog.participants
    .map((p) => `<li data-testid="finesse-participant" data-state="${escapeHtml(p.state)}">${escapeHtml(p.mediaAddress)} — ${escapeHtml(p.state)}</li>`)
    .join('');
  const variables = dialog.callVariables.filter((v) => v.value !== '');
  const vars = variables.length === 0 ? '' : `<p class="muted">${variables.map((v) => `${escapeHtml(v.name)}: ${escapeHtml(v.value)}`).join(' · ')}</p>`;
  return `<div data-testid="finesse-dialog" data-dialog-id="${escapeHtml(dialog.id)}" data-state="${escapeHtml(state)}" data-dialog-state="${escapeHtml(dialog.state)}">
<p><strong>${escapeHtml(dialog.fromAddress)} → ${escapeHtml(dialog.toAddress)}</strong> · call ${escapeHtml(dialog.state)}, you ${escapeHtml(state)}</p>
<ul>${participants}</ul>${vars}
<p>${buttons}</p></div>`;
}

/** The agent desk. */
export function deskPage(snapshot: DeskSnapshot, ctx: DeskPageContext): string {
  const { user, dialogs } = snapshot;
  const signedOut = user.state === 'LOGOUT';
  const reason = user.reasonCodeId > 0 ? [...snapshot.notReadyCodes, ...snapshot.logoutCodes].find((c) => c.id === user.reasonCodeId) : undefined;
  const extra = [
    user.pendingState === '' ? '' : `pending ${escapeHtml(user.pendingState)}`,
    reason === undefined ? '' : `reason ${escapeHtml(reason.label)}`,
  ].filter((s) => s !== '');
  const stateControls = signedOut
    ? `<form class="inline" method="post" action="/finesse/sign-in"><label>Extension <input name="extension" value="${escapeHtml(ctx.extension)}" data-testid="finesse-extension"></label> <button type="submit" data-testid="finesse-sign-in">Sign in</button></form>`
    : [
        button('ready', 'Ready'),
        `<form class="inline" method="post" action="/finesse/not-ready"><select name="reasonCodeId" data-testid="finesse-reason-code">${options(snapshot.notReadyCodes, 'no reason')}</select> <button type="submit" data-testid="finesse-not-ready">Not Ready</button></form>`,
        `<form class="inline" method="post" action="/finesse/logout"><select name="reasonCodeId" data-testid="finesse-logout-reason">${options(snapshot.logoutCodes, 'no reason')}</select> <button type="submit" data-testid="finesse-logout">Logout</button></form>`,
      ].join('\n');
  const calls = dialogs.length === 0 ? '<p class="muted" data-testid="finesse-no-dialogs">No calls.</p>' : dialogs.map((d) => dialogHtml(d, user.extension)).join('\n');
  const makeCall = signedOut
    ? ''
    : `<form class="inline" method="post" action="/finesse/make-call"><label>Call <input name="toAddress" placeholder="5550199" data-testid="finesse-to-address"></label> <button type="submit" data-testid="finesse-make-call">Make call</button></form>`;
  const simulate =
    ctx.simulator && !signedOut
      ? `<form class="inline" method="post" action="/finesse/incoming-call"><label>From <input name="fromAddress" value="+15550100" data-testid="finesse-from-address"></label> <button type="submit" data-testid="finesse-incoming-call">Simulate incoming call</button> <small class="muted">(simulator only)</small></form>`
      : '';
  return page(
    'Finesse agent desk',
    `<h1>Finesse agent desk</h1>
<p><a href="/">Home</a></p>
${flashHtml(ctx.flash)}
<p>${escapeHtml(`${user.firstName} ${user.lastName}`)} (<code>${escapeHtml(user.loginName)}</code>, id <code>${escapeHtml(user.loginId)}</code>) · extension <code data-testid="finesse-agent-extension">${escapeHtml(user.extension === '' ? '–' : user.extension)}</code></p>
<p>State: <strong data-testid="finesse-state" data-state="${escapeHtml(user.state)}">${escapeHtml(user.state)}</strong>${extra.length === 0 ? '' : ` <span class="muted">(${extra.join(', ')})</span>`}</p>
${tokensHtml(snapshot.tokens)}
<fieldset><legend>Agent state</legend>${stateControls}</fieldset>
<fieldset><legend>Calls</legend>${calls}<p>${makeCall}</p><p>${simulate}</p></fieldset>`,
  );
}

/** The desk when Finesse could not be reached or signed in to. */
export function deskUnavailablePage(flash: DeskFlash): string {
  return page(
    'Finesse agent desk',
    `<h1>Finesse agent desk</h1>
${flashHtml(flash)}
<p><a href="/finesse" data-testid="finesse-retry">Try again</a> · <a href="/">Home</a></p>`,
  );
}

/** The desk for someone not signed in to this app. */
export function deskSignInPage(): string {
  return page(
    'Finesse agent desk',
    `<h1>Finesse agent desk</h1>
<p data-testid="finesse-sign-in-required">Sign in to this app first: <a href="/login">Sign in with Webex</a>.</p>`,
  );
}
