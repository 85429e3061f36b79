import { SetMetadata } from '@nestjs/common';
import { IS_PUBLIC_KEY } from './webex-auth.constants.js';

/**
 * Opens a route (or every route of a controller) to callers who are not signed in, when
 * {@link WebexAuthGuard} runs globally. A signed-in caller is still recognised: `@CurrentUser()`
 * gives the user when there is one, `undefined` otherwise.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);
