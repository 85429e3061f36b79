import { vitestConfig } from '@webex-oidc/vitest-config';

export default vitestConfig();
