#!/usr/bin/env node
/**
 * `pnpm --filter @webex-oidc/sandbox start`: runs the sandbox IdP until Ctrl-C. A development
 * tool: it prints its fixed test credentials on purpose (they are not secrets of anything real).
 */
import { readEnv } from './env.js';
import { startSandbox } from './sandbox.js';
import type { Sandbox } from './types.js';

function banner(sandbox: Sandbox): string {
  const users = sandbox.users.map((u) => `    ${u.email.padEnd(24)} ${u.name} (sub ${u.id})`).join('\n');
  return `
Webex sandbox IdP — a local DEVELOPMENT/TEST tool, not Webex and never a production identity provider.

  issuer          ${sandbox.issuer}
  discovery       ${sandbox.discoveryUrl}
  API base        ${sandbox.apiBaseUrl}
  revocation      ${sandbox.revocationUrl}
  device          ${sandbox.deviceAuthorizationUrl}  (token: ${sandbox.deviceTokenUrl})

  client id       ${sandbox.client.clientId}
  client secret   ${sandbox.client.clientSecret}
  redirect URIs   any http URI on 127.0.0.1, localhost or [::1] (any port, any path)

  test users (pick one on the sign-in page; no passwords):
${users}

  guest issuer    id ${sandbox.guestIssuer.issuerId}
                  secret (base64) ${sandbox.guestIssuer.secret}
  service app     access token ${sandbox.serviceApp.accessToken}

Ctrl-C stops it.
`;
}

async function main(): Promise<void> {
  const { options } = readEnv();
  const sandbox = await startSandbox(options);
  console.log(banner(sandbox));
  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
    sandbox.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('webex sandbox: failed to close', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error('webex sandbox: failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
