import { randomBytes } from 'node:crypto';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import session from 'express-session';
import { Passport } from 'passport';
import { WebexStrategy, type TokenSink, type WebexAuthenticateOptions } from '@webex-oidc/passport';
import { createFinesseRouter } from './finesse/routes.js';
import { checkFinesseDeskOptions, type FinesseDeskOptions } from './finesse/options.js';
import type { SessionSource, SessionsView } from './sessions.js';
import { toAppUser, type AppUser } from './user.js';
import { signedInPage, signedOutPage } from './views.js';

declare module 'express-session' {
  interface SessionData {
    /** Failure messages Passport stores with `failureMessage: true`. */
    messages?: string[];
    /** The token set this browser's last sign-in stored (from the token sink's answer), when known. */
    tokenSetId?: string;
  }
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** Stops what `createApp` started (the Finesse desk's token refresh); call it on shutdown. */
      close?: () => Promise<void>;
    }
  }
}

/** Options of {@link createApp}. */
export interface ExampleAppOptions {
  /** The Webex integration's client id. */
  clientId: string;
  /** The Webex integration's client secret. */
  clientSecret: string;
  /** The redirect URI registered with the integration; must end in `/callback` on this app. */
  redirectUri: string;
  /** Discovery document URL (the sandbox's, or Webex for Government's). Default: Webex's. */
  discoveryUrl?: string | undefined;
  /** Issuer allow-list (the sandbox's issuer). Default: Webex's issuers. */
  issuers?: string[] | undefined;
  /** Allow plain-http IdP endpoints (the local sandbox only). */
  allowInsecure?: boolean | undefined;
  /** Scopes in addition to `openid email profile`. */
  scope?: string | string[] | undefined;
  /** Secret that signs the session cookie. Default: random per process (sessions end on restart). */
  sessionSecret?: string | undefined;
  /** Where to hand the token set after sign-in (e.g. an adapter over `@webex-oidc/token-store`). */
  tokenStore?: TokenSink | undefined;
  /** Called with every error that ends a request in a 500 (log it). Default: none. */
  onError?: ((err: unknown) => void) | undefined;
  /**
   * The signed-in user's stored token sets, for "Your sessions" on the home page (e.g.
   * `{ list: (id) => redisTokenStore.listByUser(id) }` or `workerDashboardSessions(url)`).
   */
  sessions?: SessionSource | undefined;
  /** The token worker's dashboard, linked from "Your sessions". */
  dashboardUrl?: string | undefined;
  /** The Finesse agent desk at `/finesse` (see {@link FinesseDeskOptions}). */
  finesse?: FinesseDeskOptions | undefined;
}

/** The id of the set a token sink stored, when its answer has one (`AddResult.set.id` or `{ id }`). */
function storedSetId(info: unknown): string | undefined {
  if (typeof info !== 'object' || info === null) return undefined;
  const stored: unknown = (info as { stored?: unknown }).stored;
  if (typeof stored !== 'object' || stored === null) return undefined;
  const set: unknown = (stored as { set?: unknown }).set ?? stored;
  const id: unknown = typeof set === 'object' && set !== null ? (set as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : undefined;
}

function requireUser(req: Request, res: Response, next: NextFunction): void {
  if (req.isAuthenticated()) {
    next();
    return;
  }
  res.status(401).json({ error: 'unauthenticated', message: 'Sign in first: GET /login.' });
}

function currentUser(req: Request): AppUser {
  if (req.user === undefined) throw new Error('requireUser must run before this handler.');
  return req.user;
}

/**
 * Build the example app (not listening): `createApp(options).listen(3000)`.
 *
 * Routes: `/` (sign-in link or profile, and "Your sessions" with `sessions`), `/login`,
 * `/callback`, `/logout` (POST, or GET), `/profile` (JSON, signed-in only), `/api/me` (JSON,
 * signed-in only), and with `finesse` the agent desk `/finesse` + `POST /finesse/<action>`.
 */
export function createApp(options: ExampleAppOptions): Express {
  if (options.finesse !== undefined) checkFinesseDeskOptions(options.finesse);
  const passport = new Passport();
  passport.use(
    new WebexStrategy(
      {
        clientID: options.clientId,
        clientSecret: options.clientSecret,
        callbackURL: options.redirectUri,
        scope: options.scope,
        tokenStore: options.tokenStore,
        webex: {
          discoveryUrl: options.discoveryUrl,
          issuers: options.issuers,
          allowInsecureRequests: options.allowInsecure ?? false,
        },
      },
      (tokens, profile, done) => done(null, toAppUser(tokens, profile)),
    ),
  );
  // The whole (small) user object lives in the session; a real app would store only its id.
  passport.serializeUser((user, done) => done(null, user));
  passport.deserializeUser((user: AppUser, done) => done(null, user));

  const app = express();
  app.disable('x-powered-by');
  app.use(express.urlencoded({ extended: false }));
  app.use(
    session({
      name: 'example.sid',
      secret: options.sessionSecret ?? randomBytes(32).toString('base64url'),
      resave: false,
      saveUninitialized: false,
      // `lax` so the cookie comes along on the top-level redirect back from Webex.
      cookie: { httpOnly: true, sameSite: 'lax', secure: new URL(options.redirectUri).protocol === 'https:' },
    }),
  );
  app.use(passport.initialize());
  app.use(passport.session());

  app.get('/', (req, res) => {
    const failure = req.session.messages?.at(-1);
    delete req.session.messages;
    const user = req.user;
    if (user === undefined) {
      res.type('html').send(signedOutPage(failure));
      return;
    }
    const { sessions } = options;
    const base = { currentId: req.session.tokenSetId, dashboardUrl: options.dashboardUrl, limit: sessions?.limit };
    const view: Promise<SessionsView | undefined> =
      sessions === undefined
        ? Promise.resolve(undefined)
        : sessions.list(user.id).then(
            (list) => ({ ...base, sessions: list }),
            (err: unknown) => {
              options.onError?.(err);
              return { ...base, sessions: undefined, error: 'Your sessions could not be read right now.' };
            },
          );
    void view.then((v) => res.type('html').send(signedInPage(user, v)));
  });

  app.get('/login', (req, res, next) => {
    // `/login?login_hint=alice@example.com` pre-fills the Webex sign-in page; `?prompt=login`
    // asks for the password again (a new session even while the IdP remembers the user).
    const hint = req.query['login_hint'];
    const prompt = req.query['prompt'];
    const authenticateOptions: WebexAuthenticateOptions = {
      loginHint: typeof hint === 'string' ? hint : undefined,
      prompt: prompt === 'login' || prompt === 'consent' || prompt === 'select_account' ? prompt : undefined,
    };
    passport.authenticate('webex', authenticateOptions)(req, res, next);
  });

  app.get('/callback', passport.authenticate('webex', { failureRedirect: '/', failureMessage: true }), (req, res) => {
    const id = storedSetId(req.authInfo);
    if (id !== undefined) req.session.tokenSetId = id;
    res.redirect('/');
  });

  if (options.finesse !== undefined) {
    const { router, desk } = createFinesseRouter(options.finesse, options.onError);
    app.use(router);
    app.locals.close = () => desk.close();
  }

  const logout = (req: Request, res: Response, next: NextFunction): void => {
    req.logout((err) => (err ? next(err) : res.redirect('/')));
  };
  app.post('/logout', logout);
  app.get('/logout', logout);

  app.get('/profile', requireUser, (req, res) => {
    res.json(currentUser(req).profile);
  });

  app.get('/api/me', requireUser, (req, res) => {
    const { id, displayName, email, emailVerified, accessTokenExpiresAt, scope } = currentUser(req);
    res.json({ id, displayName, email, emailVerified, accessTokenExpiresAt, scope });
  });

  // Server-side failures (IdP unreachable, misconfigured client...) end here, not in a crash.
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    options.onError?.(err);
    res
      .status(500)
      .type('text')
      .send('Sign-in with Webex is unavailable right now (the server could not complete it). Try again later.');
  });

  return app;
}
