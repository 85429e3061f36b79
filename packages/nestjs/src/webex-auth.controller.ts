import { Controller, Get, Inject, Post, Query, Redirect, Req, Res, type Type } from '@nestjs/common';
import { applyErrorHeaders, toHttpException, webexHttpException, WebexAuthErrorCode, type ResponseLike } from './lib/http-errors.js';
import { addPending, requireSession, safeReturnTo, sessionCall, takePending, type RequestLike } from './lib/session.js';
import { Public } from './public.decorator.js';
import { WEBEX_AUTH_OPTIONS } from './webex-auth.constants.js';
import type { WebexAuthModuleOptions, WebexAuthRoutes } from './webex-auth-options.interface.js';
import { WebexAuthService } from './webex-auth.service.js';

/** What the sign-in routes return to Nest's `@Redirect()`. */
interface RedirectTo {
  url: string;
  statusCode: number;
}

/**
 * Creates the controller of the session sign-in routes at the given paths: `GET login`
 * (`?returnTo=/path`, `?loginHint=email`), `GET callback`, `GET|POST logout`. The module registers
 * it; it is exported for apps that assemble modules by hand.
 */
export function createWebexAuthController(routes: Required<WebexAuthRoutes>): Type<unknown> {
  @Public()
  @Controller()
  class WebexAuthController {
    constructor(
      @Inject(WebexAuthService) private readonly auth: WebexAuthService,
      @Inject(WEBEX_AUTH_OPTIONS) private readonly options: WebexAuthModuleOptions,
    ) {}

    @Get(routes.login)
    @Redirect()
    async login(
      @Req() req: RequestLike,
      @Res({ passthrough: true }) res: ResponseLike,
      @Query('returnTo') returnTo?: unknown,
      @Query('loginHint') loginHint?: unknown,
    ): Promise<RedirectTo> {
      this.#requireSessionMode();
      const session = requireSession(req);
      try {
        const request = typeof loginHint === 'string' && loginHint !== '' ? { loginHint } : {};
        const { url, checks } = await this.auth.createAuthorizationUrl(request);
        addPending(session, checks, safeReturnTo(returnTo, this.options.afterLoginPath ?? '/'));
        return { url: url.href, statusCode: 302 };
      } catch (err) {
        throw applyErrorHeaders(res, toHttpException(err, this.#hint));
      }
    }

    @Get(routes.callback)
    @Redirect()
    async callback(@Req() req: RequestLike, @Res({ passthrough: true }) res: ResponseLike): Promise<RedirectTo> {
      this.#requireSessionMode();
      const session = requireSession(req);
      const callbackUrl = this.#callbackUrl(req);
      const state = callbackUrl.searchParams.get('state');
      const pending = state === null ? undefined : takePending(session, state);
      if (pending === undefined) {
        throw webexHttpException(
          401,
          WebexAuthErrorCode.SignInStateInvalid,
          `This sign-in response was already used, has expired, or was not started in this browser. ${this.#hint}`,
        );
      }
      try {
        const { user, tokens } = await this.auth.signIn(callbackUrl, pending.checks);
        await this.auth.handOff(user, tokens).catch((err: unknown) => {
          throw webexHttpException(
            503,
            WebexAuthErrorCode.TokenStoreUnavailable,
            `Signed in with Webex, but the token store could not keep the tokens. Try again shortly at ${routes.login}.`,
            {},
            err,
          );
        });
        await sessionCall(session, 'regenerate');
        const fresh = requireSession(req);
        fresh.webexAuth = this.options.sessionTokens === false ? { user } : { user, tokens };
        return { url: pending.returnTo, statusCode: 302 };
      } catch (err) {
        throw applyErrorHeaders(res, toHttpException(err, this.#hint));
      }
    }

    @Get(routes.logout)
    @Redirect()
    logout(@Req() req: RequestLike): Promise<RedirectTo> {
      return this.#logout(req);
    }

    @Post(routes.logout)
    @Redirect()
    logoutPost(@Req() req: RequestLike): Promise<RedirectTo> {
      return this.#logout(req);
    }

    async #logout(req: RequestLike): Promise<RedirectTo> {
      const session = req.session;
      if (session !== undefined && typeof session.destroy === 'function') await sessionCall(session, 'destroy');
      return { url: this.options.afterLogoutPath ?? '/', statusCode: 302 };
    }

    get #hint(): string {
      return `Start again at ${routes.login}.`;
    }

    #requireSessionMode(): void {
      if (this.options.mode === 'bearer') {
        throw webexHttpException(404, 'not_found', 'Sign-in routes are disabled: this server runs in bearer mode.');
      }
    }

    /** The configured redirect URI with the request's query (never the Host header). */
    #callbackUrl(req: RequestLike): URL {
      const redirectUri = this.options.webex.redirectUri;
      if (redirectUri === undefined) {
        throw webexHttpException(500, WebexAuthErrorCode.Misconfigured, 'Session sign-in needs webex.redirectUri (the full URL of the callback route).');
      }
      const url = new URL(redirectUri);
      const raw = req.originalUrl ?? req.url ?? '';
      const q = raw.indexOf('?');
      url.search = q === -1 ? '' : raw.slice(q);
      return url;
    }
  }
  return WebexAuthController;
}
