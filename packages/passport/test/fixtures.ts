import type { Sandbox } from '@webex-oidc/sandbox';
import {
  WebexStrategy,
  type VerifyFunction,
  type WebexStrategyOptions,
  type WebexStrategyOptionsWithRequest,
  type VerifyFunctionWithRequest,
} from '../src/index.js';
import { Browser } from '@webex-oidc/testing';
import type { TestApp } from './test-app.js';

/** Options that point a strategy at the sandbox's default client. */
export function sandboxOptions(sandbox: Sandbox, callbackURL: string): WebexStrategyOptions {
  return {
    clientID: sandbox.client.clientId,
    clientSecret: sandbox.client.clientSecret,
    callbackURL,
    // One discovery attempt: the "IdP down" tests need not wait for retries.
    webex: { discoveryUrl: sandbox.discoveryUrl, issuers: [sandbox.issuer], allowInsecureRequests: true, discoveryAttempts: 1 },
  };
}

/** A verify callback that accepts everyone as `{ id, displayName }`. */
export const acceptAll: VerifyFunction = (_tokens, profile, done) => done(null, { id: profile.id, displayName: profile.displayName });

/** Build a strategy on the sandbox, with overrides. */
export function sandboxStrategy(
  sandbox: Sandbox,
  callbackURL: string,
  extra: Partial<WebexStrategyOptions> = {},
  verify: VerifyFunction = acceptAll,
): WebexStrategy {
  return new WebexStrategy({ ...sandboxOptions(sandbox, callbackURL), ...extra }, verify);
}

/** Same with `passReqToCallback: true`. */
export function sandboxStrategyWithRequest(
  sandbox: Sandbox,
  callbackURL: string,
  verify: VerifyFunctionWithRequest,
): WebexStrategy {
  const options: WebexStrategyOptionsWithRequest = { ...sandboxOptions(sandbox, callbackURL), passReqToCallback: true };
  return new WebexStrategy(options, verify);
}

/** GET /login and return the authorization URL it redirects to. */
export async function startLogin(browser: Browser, app: TestApp, query = ''): Promise<URL> {
  const res = await browser.request(`${app.url}/login${query}`);
  return Browser.location(res, app.url);
}

/** The whole dance up to (not including) the callback request: returns the callback URL. */
export async function callbackUrlFor(
  sandbox: Sandbox,
  browser: Browser,
  app: TestApp,
  opts: { user?: string; deny?: boolean } = {},
): Promise<URL> {
  const authorizationUrl = await startLogin(browser, app);
  return sandbox.signIn(authorizationUrl, opts);
}
