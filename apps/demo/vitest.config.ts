import { vitestConfig } from '@webex-oidc/vitest-config';

// The e2e test starts the whole demo and a browser, and waits for real refreshes.
export default vitestConfig({ testTimeout: 120_000, hookTimeout: 60_000 });
