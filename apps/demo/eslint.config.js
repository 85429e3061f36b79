import { base } from '@webex-oidc/eslint-config';

export default base;
