import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Sandbox } from '@webex-oidc/sandbox';
import { createApp, type ExampleAppOptions } from '../src/app.js';
import { Browser } from '@webex-oidc/testing';

/** The example app listening on a random loopback port, wired to a sandbox. */
export interface RunningApp {
  url: string;
  errors: unknown[];
  close(): Promise<void>;
}

/** Start `createApp` against `sandbox` (the port is picked first so the redirect URI is known). */
export async function startExampleApp(sandbox: Sandbox, extra: Partial<ExampleAppOptions> = {}): Promise<RunningApp> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const errors: unknown[] = [];
  const app = createApp({
    clientId: sandbox.client.clientId,
    clientSecret: sandbox.client.clientSecret,
    redirectUri: `${url}/callback`,
    discoveryUrl: sandbox.discoveryUrl,
    issuers: [sandbox.issuer],
    allowInsecure: true,
    onError: (err) => errors.push(err),
    ...extra,
  });
  server.on('request', app);
  return {
    url,
    errors,
    close: async () => {
      await app.locals.close?.();
      await new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      });
    },
  };
}

/** GET /login, sign in at the sandbox, and return the callback URL (not yet requested). */
export async function signInAtSandbox(
  sandbox: Sandbox,
  browser: Browser,
  app: RunningApp,
  opts: { user?: string; deny?: boolean } = {},
): Promise<URL> {
  const login = await browser.request(`${app.url}/login`);
  const authorizationUrl = Browser.location(login, app.url);
  if (!authorizationUrl.href.startsWith(sandbox.url)) throw new Error(`/login redirected to ${authorizationUrl.href}`);
  return sandbox.signIn(authorizationUrl, opts);
}
