import { createApp, type ExampleAppOptions } from './app.js';
import { finesseSimulatorDesk } from './demo.js';
import { readEnv } from './env.js';
import type { FinesseDeskOptions } from './finesse/options.js';
import { workerDashboardSessions } from './sessions.js';

const env = readEnv();
const closers: Array<() => Promise<void>> = [];

async function webexOptions(): Promise<Pick<ExampleAppOptions, 'clientId' | 'clientSecret' | 'discoveryUrl' | 'issuers' | 'allowInsecure'>> {
  if (env.webex !== undefined) return env.webex;
  // Demo mode: no integration configured, so sign in against an embedded sandbox IdP.
  const { startSandbox } = await import('@webex-oidc/sandbox');
  const sandbox = await startSandbox({ port: 0, quiet: true });
  closers.push(() => sandbox.close());
  console.log(`Demo mode: sandbox IdP at ${sandbox.url} (users: ${sandbox.users.map((u) => u.email).join(', ')})`);
  return {
    clientId: sandbox.client.clientId,
    clientSecret: sandbox.client.clientSecret,
    discoveryUrl: sandbox.discoveryUrl,
    issuers: [sandbox.issuer],
    allowInsecure: true,
  };
}

async function finesseOptions(): Promise<FinesseDeskOptions | undefined> {
  const finesse = env.finesse;
  if (finesse?.simulator === true) {
    const agent = { username: finesse.username, password: finesse.password, extension: finesse.extension };
    return finesseSimulatorDesk(finesse.url, agent, { requireSignIn: finesse.requireSignIn });
  }
  if (finesse !== undefined) {
    return { baseUrl: finesse.url, username: finesse.username ?? '', password: finesse.password, extension: finesse.extension ?? '', requireSignIn: finesse.requireSignIn };
  }
  if (env.webex !== undefined) return undefined;
  // Demo mode: an embedded Finesse simulator (agent jsmith / password, extension 1001001).
  const { startFinesseSimulator } = await import('@webex-oidc/sandbox');
  const simulator = await startFinesseSimulator({ port: 0 });
  closers.push(() => simulator.close());
  console.log(`Demo mode: Finesse simulator at ${simulator.url} (agent jsmith, extension 1001001)`);
  return finesseSimulatorDesk(simulator.url);
}

const app = createApp({
  ...(await webexOptions()),
  redirectUri: env.redirectUri,
  scope: env.scope,
  sessionSecret: env.sessionSecret,
  sessions: env.dashboardUrl === undefined ? undefined : workerDashboardSessions(env.dashboardUrl),
  dashboardUrl: env.dashboardUrl,
  finesse: await finesseOptions(),
  onError: (err) => console.error('request failed:', err instanceof Error ? `${err.name}: ${err.message}` : err),
});
closers.push(async () => app.locals.close?.());
const server = app.listen(env.port, () => {
  console.log(`Example app on http://localhost:${env.port} (redirect URI ${env.redirectUri})`);
});

function shutdown(): void {
  server.close();
  for (const close of closers) void close();
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
