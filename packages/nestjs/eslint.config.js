import { nest } from '@webex-oidc/eslint-config';

export default [...nest, { ignores: ['test/fixtures/**/dist/**'] }];
