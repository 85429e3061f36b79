import { HttpException, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { applyErrorHeaders, toHttpException, webexHttpException, WebexAuthErrorCode, type ResponseLike } from './lib/http-errors.js';
import type { RequestLike } from './lib/session.js';
import { isTokenRejection, WebexAuthService } from './webex-auth.service.js';
import { IS_PUBLIC_KEY, SCOPES_KEY, WEBEX_AUTH_OPTIONS, WEBEX_AUTH_ROUTES, type ResolvedRoutes } from './webex-auth.constants.js';
import type { WebexAuthModuleOptions } from './webex-auth-options.interface.js';
import type { WebexUser } from './webex-user.interface.js';

/**
 * Lets a request through when the caller is signed in (session) or presents a valid Webex access
 * token (bearer), per the module's `mode`, and holds every scope `@Scopes()` asks for. Sets
 * `req.user` (read it with `@CurrentUser()`). Use it globally —
 * `{ provide: APP_GUARD, useClass: WebexAuthGuard }` — with `@Public()` to open routes, or per
 * route with `@UseGuards(WebexAuthGuard)`.
 *
 * Answers 401 `not_signed_in` / `invalid_token`, 403 `insufficient_scope`, 503 `idp_unavailable`.
 * Only HTTP requests are authenticated; in other contexts (WebSocket, microservices) it lets
 * through `@Public()` handlers only.
 */
@Injectable()
export class WebexAuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(WebexAuthService) private readonly auth: WebexAuthService,
    @Inject(WEBEX_AUTH_OPTIONS) private readonly options: WebexAuthModuleOptions,
    @Inject(WEBEX_AUTH_ROUTES) private readonly routes: ResolvedRoutes,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, targets) === true;
    if (context.getType() !== 'http') return isPublic;
    const http = context.switchToHttp();
    const req = http.getRequest<RequestLike>();
    const res = http.getResponse<ResponseLike>();

    let user: WebexUser | undefined;
    try {
      user = await this.#authenticate(req);
    } catch (err) {
      if (isPublic) return true;
      throw this.#fail(res, err);
    }
    if (user !== undefined) req.user = user;
    if (isPublic) return true;
    if (user === undefined) throw this.#notSignedIn(res);

    const required = this.reflector.getAllAndMerge<string[]>(SCOPES_KEY, targets);
    const granted = new Set(user.scopes ?? []);
    const missing = required.filter((scope) => !granted.has(scope));
    if (missing.length > 0) {
      this.#header(res, 'WWW-Authenticate', `Bearer error="insufficient_scope", scope="${required.join(' ')}"`);
      const known = user.scopes === undefined ? ' Webex does not say which scopes a bearer token has; configure bearer.resolveScopes.' : '';
      throw webexHttpException(
        403,
        WebexAuthErrorCode.InsufficientScope,
        `This route needs the scope(s) ${missing.join(', ')}, which your sign-in did not grant.${known} Sign in again with them requested, or use a token that has them.`,
        { missingScopes: missing },
      );
    }
    return true;
  }

  get #mode(): NonNullable<WebexAuthModuleOptions['mode']> {
    return this.options.mode ?? 'session';
  }

  async #authenticate(req: RequestLike): Promise<WebexUser | undefined> {
    if (this.#mode !== 'session') {
      const header = req.headers['authorization'];
      const value = Array.isArray(header) ? header[0] : header;
      const match = value === undefined ? null : /^Bearer[ ]+([^ ]+)[ ]*$/i.exec(value);
      if (value !== undefined && match === null && this.#mode === 'bearer') {
        throw webexHttpException(401, WebexAuthErrorCode.InvalidToken, 'The Authorization header must be "Bearer <Webex access token>".');
      }
      const token = match?.[1];
      if (token !== undefined) return this.auth.validateBearerToken(token);
      if (this.#mode === 'bearer') return undefined;
    }
    return req.session?.webexAuth?.user;
  }

  #fail(res: ResponseLike, err: unknown): HttpException {
    if (isTokenRejection(err)) {
      this.#header(res, 'WWW-Authenticate', 'Bearer error="invalid_token"');
      return webexHttpException(
        401,
        WebexAuthErrorCode.InvalidToken,
        'Webex rejected the access token (expired, revoked or not a Webex token). Get a new access token and send it as "Authorization: Bearer <token>".',
      );
    }
    return applyErrorHeaders(res, toHttpException(err, this.#signInHint()));
  }

  #notSignedIn(res: ResponseLike): HttpException {
    if (this.#mode === 'bearer') {
      this.#header(res, 'WWW-Authenticate', 'Bearer');
      return webexHttpException(401, WebexAuthErrorCode.NotSignedIn, 'Send a Webex access token as "Authorization: Bearer <token>".');
    }
    return webexHttpException(401, WebexAuthErrorCode.NotSignedIn, `You are not signed in. ${this.#signInHint()}`);
  }

  #signInHint(): string {
    if (this.#mode === 'bearer') return 'Get a new access token.';
    return this.routes === false ? 'Sign in again.' : `Sign in at ${this.routes.login}.`;
  }

  #header(res: ResponseLike, name: string, value: string): void {
    if (typeof res.setHeader === 'function') res.setHeader(name, value);
  }
}
