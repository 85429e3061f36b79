import { parseFinesseTokenResponse } from '@webex-oidc/finesse';
import { completeSsoLogin } from '@webex-oidc/sandbox';
import type { FinesseDeskOptions } from './finesse/options.js';

/** An agent of the Finesse simulator (defaults: `jsmith` / `password`, extension `1001001`). */
export interface SimulatorAgent {
  username?: string | undefined;
  password?: string | undefined;
  extension?: string | undefined;
}

/**
 * DEMO AND TESTS ONLY: desk options for the sandbox's Finesse simulator. The SSO hop is finished
 * headlessly on the simulator's IdS page (`completeSsoLogin`) — a real Finesse needs the agent's
 * browser for that — and the desk gets the simulator-only "Simulate incoming call" button.
 */
export function finesseSimulatorDesk(simulatorUrl: string, agent: SimulatorAgent = {}, extra: Partial<FinesseDeskOptions> = {}): FinesseDeskOptions {
  const username = agent.username ?? 'jsmith';
  const password = agent.password ?? 'password';
  return {
    baseUrl: simulatorUrl,
    username,
    extension: agent.extension ?? '1001001',
    obtainTokens: async (ssoUrl) => {
      const issuedAt = Date.now();
      return parseFinesseTokenResponse(await completeSsoLogin(ssoUrl, { username, password }), { issuedAt });
    },
    simulatorControl: { baseUrl: simulatorUrl },
    ...extra,
  };
}
