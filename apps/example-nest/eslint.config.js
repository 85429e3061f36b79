import { nest } from '@webex-oidc/eslint-config';

export default nest;
