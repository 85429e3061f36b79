import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { WebexUser } from './webex-user.interface.js';

/**
 * Injects the signed-in {@link WebexUser} (set by {@link WebexAuthGuard}), or one of its fields:
 * `@CurrentUser() user: WebexUser`, `@CurrentUser('email') email: string`.
 * `undefined` on a `@Public()` route when nobody is signed in.
 */
export const CurrentUser = createParamDecorator(
  (field: keyof WebexUser | undefined, ctx: ExecutionContext): unknown => {
    const user = ctx.switchToHttp().getRequest<{ user?: WebexUser }>().user;
    return field === undefined ? user : user?.[field];
  },
);
