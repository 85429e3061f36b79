import { createApp, type ExampleAppOptions } from './app.js';
import { readEnv } from './env.js';

const env = readEnv();

async function webexOptions(): Promise<{ options: Pick<ExampleAppOptions, 'clientId' | 'clientSecret' | 'discoveryUrl' | 'issuers' | 'allowInsecure'>; close?: () => Promise<void> }> {
  if (env.webex !== undefined) return { options: env.webex };
  // Demo mode: no integration configured, so sign in against an embedded sandbox IdP.
  const { startSandbox } = await import('@webex-oidc/sandbox');
  const sandbox = await startSandbox({ port: 0, quiet: true });
  console.log(`Demo mode: sandbox IdP at ${sandbox.url} (users: ${sandbox.users.map((u) => u.email).join(', ')})`);
  return {
    options: {
      clientId: sandbox.client.clientId,
      clientSecret: sandbox.client.clientSecret,
      discoveryUrl: sandbox.discoveryUrl,
      issuers: [sandbox.issuer],
      allowInsecure: true,
    },
    close: () => sandbox.close(),
  };
}

const webex = await webexOptions();
const app = createApp({
  ...webex.options,
  redirectUri: env.redirectUri,
  scope: env.scope,
  sessionSecret: env.sessionSecret,
  onError: (err) => console.error('request failed:', err instanceof Error ? `${err.name}: ${err.message}` : err),
});
const server = app.listen(env.port, () => {
  console.log(`Example app on http://localhost:${env.port} (redirect URI ${env.redirectUri})`);
});

function shutdown(): void {
  server.close();
  void webex.close?.();
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
