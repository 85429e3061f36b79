/**
 * The demo in a real browser: Debian's Chromium (`/usr/bin/chromium`, `CHROMIUM_PATH` overrides)
 * driven by playwright-core, which never downloads a browser. Starts the whole demo in-process on
 * random ports with 6-second access tokens, signs in as a person would, and watches the worker
 * dashboard show the refresh happening. Screenshots go to `<repo>/artifacts/e2e/*.png` and their
 * paths are printed.
 *
 * A missing Chromium FAILS this file (with the install command); it is never skipped.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SESSION_LIMIT, startDemo, type Demo } from '../src/demo.js';
import { readEnv } from '../src/env.js';

const env = readEnv();
const ACCESS_TOKEN_TTL = 6;
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ARTIFACTS = join(REPO_ROOT, 'artifacts', 'e2e');
/** The flags these machines need (see README): no sandbox as root, no GPU, no calls home. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let demo: Demo;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const demoLog: string[] = [];
const screenshots: string[] = [];

async function shot(name: string): Promise<void> {
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  screenshots.push(path);
  console.log(`e2e screenshot: ${path}`);
}

/** Polls `check` until it resolves true, reloading the page between tries; fails after `timeoutMs`. */
async function pollPage(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await page.waitForTimeout(500);
    await page.reload();
  }
}

/**
 * Finishes a sign-in that left the example app: on the sandbox's login page picks the user and
 * submits (a consent page, if any, is allowed); with a live sandbox session there is no page at
 * all. Resolves back on the example app's home page.
 */
async function completeSandboxSignIn(email: string): Promise<void> {
  const appOrigin = new URL(demo.urls.app).origin;
  await page.waitForURL((url) => url.origin === appOrigin || url.pathname.includes('/interaction/'));
  if (new URL(page.url()).origin !== appOrigin) {
    const prompt = await page.locator('body').getAttribute('data-prompt');
    if (prompt === 'login') {
      await page.getByRole('radio', { name: new RegExp(email.replace('.', '\\.')) }).check();
      await page.getByRole('button', { name: 'Sign in' }).click();
    }
    await page.waitForURL((url) => url.origin === appOrigin || url.pathname.includes('/consent') || url.pathname.includes('/interaction/'));
    if (new URL(page.url()).origin !== appOrigin) await page.getByRole('button', { name: 'Allow' }).click();
  }
  await page.waitForURL((url) => url.origin === appOrigin && url.pathname === '/');
}

/** Signs in to the example app as alice unless this browser already is (for a test run on its own). */
async function ensureSignedIn(): Promise<void> {
  await page.goto(demo.urls.app);
  const link = page.getByRole('link', { name: 'Sign in with Webex' });
  if ((await link.count()) === 0) return;
  await link.click();
  await completeSandboxSignIn('alice@example.com');
}

function tokenSetRows(userId: string, status?: string) {
  const statusFilter = status === undefined ? '' : `[data-status="${status}"]`;
  return page.locator(`tr[data-testid="token-set-row"][data-user-id="${userId}"]${statusFilter}`);
}

describe('the demo in headless Chromium', () => {
  beforeAll(async () => {
    if (!existsSync(env.chromiumPath)) {
      throw new Error(
        `Chromium is not installed at ${env.chromiumPath}: the browser test needs it and never downloads one. ` +
          'Install it with `sudo apt-get install -y chromium` (Debian/Ubuntu; `.ci/run` does this), ' +
          'or set CHROMIUM_PATH to a Chromium/Chrome binary.',
      );
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const old of readdirSync(ARTIFACTS)) if (old.endsWith('.png')) rmSync(join(ARTIFACTS, old));
    demo = await startDemo({
      ports: 0,
      accessTokenTtl: ACCESS_TOKEN_TTL,
      redisUrl: env.redisUrl,
      redisPrefix: `wxo-e2e-${randomBytes(4).toString('hex')}`,
      log: (line) => demoLog.push(line),
    });
    browser = await chromium.launch({ executablePath: env.chromiumPath, args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
    if (screenshots.length > 0) console.log(`e2e screenshots (${screenshots.length}):\n${screenshots.map((path) => `  ${path}`).join('\n')}`);
  });

  it('signs in through the sandbox and the dashboard shows the token set refreshed ahead of expiry', { timeout: 90_000 }, async () => {
    const alice = demo.sandbox.users.find((user) => user.email === 'alice@example.com');
    expect(alice).toBeDefined();
    const aliceId = alice?.id ?? '';

    await page.goto(demo.urls.app);
    await shot('01-app-signed-out');
    await page.getByRole('link', { name: 'Sign in with Webex' }).click();

    await page.waitForURL((url) => url.origin === new URL(demo.urls.sandbox).origin);
    await expect.poll(() => page.locator('body').getAttribute('data-prompt')).toBe('login');
    await page.getByRole('radio', { name: /alice@example\.com/ }).check();
    await shot('02-sandbox-sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await completeSandboxSignIn('alice@example.com');

    await expect.poll(() => page.locator('h1').textContent()).toContain('Alice Example');
    await expect.poll(() => page.locator('[data-testid="session-row"]').count()).toBe(1);
    await shot('03-app-signed-in');

    await page.goto(demo.urls.dashboard);
    await expect.poll(() => tokenSetRows(aliceId).count()).toBe(1);
    const row = tokenSetRows(aliceId).first();
    expect(await row.getAttribute('data-status')).toBe('active');
    const setId = await row.getAttribute('data-set-id');
    expect(setId).toBeTruthy();
    await shot('04-dashboard-new-set');

    // First refresh at 75 % of 6 s (4.5 s, minus jitter); allow generous slack on a busy machine.
    const refreshed = page.locator(`tr[data-testid="token-set-row"][data-set-id="${setId}"]`);
    await pollPage(
      async () =>
        Number((await refreshed.getAttribute('data-refresh-count')) ?? '0') >= 1 &&
        (await page.locator('li[data-testid="history-item"][data-type="refreshed"]').count()) >= 1,
      30_000,
      'the dashboard to show a refresh (data-refresh-count >= 1 and a "refreshed" history item)',
    );
    await shot('05-dashboard-refreshed');

    // The JSON behind the dashboard agrees, and the refreshed set is still active.
    const api = (await (await fetch(demo.urls.tokenSetsApi)).json()) as {
      sets: Array<{ id: string; userId: string; status: string; refreshCount: number; nextRefreshAt: number | null; history: Array<{ type: string }> }>;
    };
    const set = api.sets.find((candidate) => candidate.id === setId);
    expect(set?.userId).toBe(aliceId);
    expect(set?.status).toBe('active');
    expect(set?.refreshCount).toBeGreaterThanOrEqual(1);
    expect(set?.history.some((entry) => entry.type === 'refreshed')).toBe(true);
    expect(demoLog.some((line) => line.includes('refreshed'))).toBe(true);
  });

  it(`revokes the oldest session on sign-in number ${DEMO_SESSION_LIMIT + 1} (limit ${DEMO_SESSION_LIMIT} per user)`, { timeout: 120_000 }, async () => {
    const aliceId = demo.sandbox.users.find((user) => user.email === 'alice@example.com')?.id ?? '';
    await page.goto(demo.urls.app);
    const oldest = (await page.locator('[data-testid="session-row"]').count()) === 1;
    expect(oldest).toBe(true);
    for (let n = 2; n <= DEMO_SESSION_LIMIT + 1; n++) {
      await page.locator('[data-testid="sign-in-again"]').click();
      await completeSandboxSignIn('alice@example.com');
    }
    await expect.poll(() => page.locator('[data-testid="session-row"]').count()).toBe(DEMO_SESSION_LIMIT);
    await shot('06-app-ten-sessions');

    await page.goto(demo.urls.dashboard);
    await pollPage(async () => (await tokenSetRows(aliceId, 'revoked').count()) >= 1, 15_000, 'a revoked row for alice on the dashboard');
    expect(await tokenSetRows(aliceId, 'active').count()).toBe(DEMO_SESSION_LIMIT);
    await shot('07-dashboard-oldest-revoked');
  });

  it('keeps the other ten sessions alive after the eviction: each refreshes again', { timeout: 60_000 }, async () => {
    // Revoking the evicted session's refresh token at the IdP must not end the user's other
    // sessions (Webex keeps every refresh token independent; that is what the per-user limit counts).
    // Follows the eviction of the test above.
    const aliceId = demo.sandbox.users.find((user) => user.email === 'alice@example.com')?.id ?? '';
    const evictedAt = Date.now();
    const survivors = async () => {
      const api = (await (await fetch(demo.urls.tokenSetsApi)).json()) as {
        sets: Array<{ userId: string; status: string; history: Array<{ type: string; at: number }> }>;
      };
      const mine = api.sets.filter((set) => set.userId === aliceId && set.status !== 'revoked');
      return {
        active: mine.filter((set) => set.status === 'active').length,
        refreshedSince: mine.filter((set) => set.history.some((entry) => entry.type === 'refreshed' && entry.at > evictedAt)).length,
      };
    };
    await expect.poll(survivors, { timeout: 20_000, interval: 500 }).toEqual({ active: DEMO_SESSION_LIMIT, refreshedSince: DEMO_SESSION_LIMIT });
    await page.goto(demo.urls.dashboard);
    await shot('08-dashboard-survivors-refreshed');
  });

  it('drives a Finesse agent through a call on the example app', { timeout: 90_000 }, async () => {
    await ensureSignedIn();
    await page.goto(demo.urls.finessePage);
    const state = page.locator('[data-testid="finesse-state"]');
    const dialog = page.locator('[data-testid="finesse-dialog"]');
    const act = async (testId: string) => {
      await Promise.all([page.waitForNavigation(), page.locator(`[data-testid="finesse-${testId}"]`).click()]);
      const error = page.locator('[data-testid="finesse-error"]');
      expect(await error.count(), `Finesse error after ${testId}: ${(await error.count()) > 0 ? await error.textContent() : ''}`).toBe(0);
    };
    const agentState = async () => {
      await page.reload();
      return state.getAttribute('data-state');
    };
    const callState = async () => {
      await page.reload();
      return (await dialog.count()) === 0 ? 'none' : dialog.first().getAttribute('data-state');
    };
    expect(await state.getAttribute('data-state')).toBe('LOGOUT');
    await shot('09-finesse-signed-out');
    await act('sign-in');
    await expect.poll(agentState).toBe('NOT_READY');
    await act('ready');
    await expect.poll(agentState).toBe('READY');
    await act('incoming-call');
    await expect.poll(callState).toBe('ALERTING');
    await shot('10-finesse-ringing');
    await act('answer');
    await expect.poll(callState).toBe('ACTIVE');
    expect(await agentState()).toBe('TALKING');
    await act('hold');
    await expect.poll(callState).toBe('HELD');
    await act('retrieve');
    await expect.poll(callState).toBe('ACTIVE');
    await shot('11-finesse-on-call');
    await act('drop');
    await expect.poll(callState).toBe('none');
    await page.locator('[data-testid="finesse-reason-code"]').selectOption({ label: 'Break (13)' });
    await act('not-ready');
    await expect.poll(agentState).toBe('NOT_READY');
    await page.locator('[data-testid="finesse-logout-reason"]').selectOption({ label: 'End of shift (20)' });
    await act('logout');
    await expect.poll(agentState).toBe('LOGOUT');
    await shot('12-finesse-logged-out');
  });
});
