import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { InteractionResults } from 'oidc-provider';
import { readBody } from '../http/body.js';
import { redirect, sendHtml } from '../http/respond.js';
import type { Accounts } from './accounts.js';
import { escapeHtml, page } from './views.js';

/** Where oidc-provider sends the browser for login and consent. */
export const INTERACTION_PREFIX = '/interaction/';

const ROUTE = /^\/interaction\/([\w-]+)(?:\/(login|confirm|abort))?$/;

/** What the interaction pages need. */
export interface InteractionDeps {
  /** The current provider (it changes when keys rotate). */
  provider: () => Provider;
  accounts: Accounts;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function loginPage(uid: string, deps: InteractionDeps, loginHint: string, clientId: string, error = ''): string {
  const hint = loginHint.toLowerCase();
  const selected = deps.accounts.userByEmail(hint)?.email ?? deps.accounts.users[0]?.email;
  const options = deps.accounts.users
    .map((u) => {
      const checked = u.email === selected ? ' checked' : '';
      return `<label><input type="radio" name="email" value="${escapeHtml(u.email)}"${checked}> ${escapeHtml(u.name)} <code>${escapeHtml(u.email)}</code></label>`;
    })
    .join('\n');
  const body = `${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<p><code>${escapeHtml(clientId)}</code> asks you to sign in. Pick a test user (no password in the sandbox).</p>
<form method="post" action="${INTERACTION_PREFIX}${escapeHtml(uid)}/login">
${options}
<button type="submit">Sign in</button>
<button type="submit" formaction="${INTERACTION_PREFIX}${escapeHtml(uid)}/abort">Cancel</button>
</form>`;
  return page('Sign in', body, 'login');
}

function consentPage(uid: string, clientId: string, scopes: string[], claims: string[]): string {
  const items = [...scopes, ...claims].map((s) => `<li><code>${escapeHtml(s)}</code></li>`).join('');
  const body = `<p><code>${escapeHtml(clientId)}</code> asks for:</p>
<ul>${items || '<li>no new permissions</li>'}</ul>
<form method="post" action="${INTERACTION_PREFIX}${escapeHtml(uid)}/confirm">
<button type="submit">Allow</button>
<button type="submit" formaction="${INTERACTION_PREFIX}${escapeHtml(uid)}/abort">Deny</button>
</form>`;
  return page('Allow access', body, 'consent');
}

async function consentResult(provider: Provider, req: IncomingMessage, res: ServerResponse): Promise<InteractionResults> {
  const { prompt, params, session, grantId } = await provider.interactionDetails(req, res);
  const accountId = session?.accountId;
  if (!accountId) throw new Error('no signed-in user for this interaction');
  const existing = grantId ? await provider.Grant.find(grantId) : undefined;
  const grant = existing ?? new provider.Grant({ accountId, clientId: String(params.client_id) });
  const missingScope = stringList(prompt.details.missingOIDCScope);
  if (missingScope.length) grant.addOIDCScope(missingScope.join(' '));
  const missingClaims = stringList(prompt.details.missingOIDCClaims);
  if (missingClaims.length) grant.addOIDCClaims(missingClaims);
  const resourceScopes = prompt.details.missingResourceScopes;
  if (typeof resourceScopes === 'object' && resourceScopes !== null) {
    for (const [indicator, scopes] of Object.entries(resourceScopes)) {
      grant.addResourceScope(indicator, stringList(scopes).join(' '));
    }
  }
  const savedId = await grant.save();
  return { consent: { grantId: savedId } };
}

/**
 * Serves the login and consent pages and their form posts. Returns `false` when the path is not
 * an interaction path.
 */
export async function handleInteraction(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  deps: InteractionDeps,
): Promise<boolean> {
  const match = ROUTE.exec(pathname);
  if (!match) return false;
  const uid = match[1] ?? '';
  const action = match[2];
  const provider = deps.provider();

  try {
    if (req.method === 'GET' && action === undefined) {
      const details = await provider.interactionDetails(req, res);
      const clientId = String(details.params.client_id ?? '');
      if (details.prompt.name === 'login') {
        const hint = typeof details.params.login_hint === 'string' ? details.params.login_hint : '';
        sendHtml(res, 200, loginPage(uid, deps, hint, clientId));
      } else {
        const d = details.prompt.details;
        sendHtml(res, 200, consentPage(uid, clientId, stringList(d.missingOIDCScope), stringList(d.missingOIDCClaims)));
      }
      return true;
    }
    if (req.method !== 'POST' || action === undefined) {
      sendHtml(res, 405, page('Method not allowed', '<p>Use the form.</p>'));
      return true;
    }

    let result: InteractionResults;
    if (action === 'abort') {
      await readBody(req);
      result = { error: 'access_denied', error_description: 'End-User aborted interaction' };
    } else if (action === 'login') {
      const form = new URLSearchParams((await readBody(req)).toString('utf8'));
      const details = await provider.interactionDetails(req, res);
      const user = deps.accounts.userByEmail(form.get('email') ?? '');
      if (!user) {
        const clientId = String(details.params.client_id ?? '');
        sendHtml(res, 400, loginPage(uid, deps, '', clientId, 'Unknown user: pick one of the test users.'));
        return true;
      }
      result = { login: { accountId: user.id } };
    } else {
      await readBody(req);
      result = await consentResult(provider, req, res);
    }
    const returnTo = await provider.interactionResult(req, res, result, { mergeWithLastSubmission: action !== 'login' });
    redirect(res, returnTo);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    sendHtml(res, 400, page('Sign-in failed', `<p>${escapeHtml(message)}</p><p>Start again from the application.</p>`, 'error'));
  }
  return true;
}
