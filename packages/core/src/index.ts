export { ErrorCode, WebexOidcError, isWebexOidcError } from './lib/errors.js';
export type { WebexOidcErrorOptions } from './lib/errors.js';
export type { WebexTokenSet } from './lib/token-set.js';
