import { SetMetadata } from '@nestjs/common';
import { SCOPES_KEY } from './webex-auth.constants.js';

/**
 * Requires the caller's token to carry every listed scope (e.g. `@Scopes('spark:people_read')`).
 * Scopes set on a controller and on a method add up. A caller without them gets 403
 * `insufficient_scope`, with the missing scopes in the body.
 */
export const Scopes = (...scopes: string[]): MethodDecorator & ClassDecorator => SetMetadata(SCOPES_KEY, scopes);
