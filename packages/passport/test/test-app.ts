import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import session from 'express-session';
import { Passport } from 'passport';
import type { WebexStrategy } from '../src/index.js';

/** A running Express app with one Webex strategy, answering its outcomes as JSON. */
export interface TestApp {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The configured callback URL (`${url}/callback`). */
  callbackURL: string;
  /** Errors that reached the error handler (500s). */
  errors: unknown[];
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Mount express-session (default true). */
  session?: boolean;
  /** Options passed to `passport.authenticate` on `/login`, per request. */
  loginOptions?: (req: Request) => Record<string, unknown>;
}

/**
 * Start an app: `/login` starts the sign-in, `/callback` answers `200 {user, info}` on success,
 * `401 {info}` on failure and `500 {code, message}` on error; `/me` returns the session user or 401.
 * The strategy is built once the port is known, from the callback URL.
 */
export async function startTestApp(makeStrategy: (callbackURL: string) => WebexStrategy, options: TestAppOptions = {}): Promise<TestApp> {
  const passport = new Passport();
  passport.serializeUser((user, done) => done(null, user));
  passport.deserializeUser((user: Express.User, done) => done(null, user));
  const errors: unknown[] = [];
  const app = express();
  // Trust X-Forwarded-* so that a strategy deriving anything from the Host would be fooled.
  app.set('trust proxy', true);
  if (options.session !== false) {
    app.use(session({ secret: 'test-secret', resave: false, saveUninitialized: false }));
  }
  app.use(passport.initialize());
  if (options.session !== false) app.use(passport.session());
  app.get('/login', (req, res, next) => passport.authenticate('webex', options.loginOptions?.(req) ?? {})(req, res, next));
  // (keepSessionInfo is honoured by passport 0.7 but missing from @types/passport's LogInOptions.)
  const loginOptions = { session: true, keepSessionInfo: true };
  app.get('/callback', (req, res, next) => {
    passport.authenticate('webex', (err: unknown, user: Express.User | false, info: unknown, status: number | undefined) => {
      if (err) {
        next(err);
        return;
      }
      if (!user) {
        res.status(status ?? 401).json({ info });
        return;
      }
      // keepSessionInfo: the session (and any pending sign-in in it) survives the login, so a
      // replay is refused by the strategy itself, not merely by the session being regenerated.
      req.logIn(user, loginOptions, (loginErr) => (loginErr ? next(loginErr) : res.json({ user, info })));
    })(req, res, next);
  });
  app.get('/me', (req, res) => {
    if (req.user === undefined) res.status(401).json({});
    else res.json(req.user);
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    errors.push(err);
    const { code, message } = err as { code?: unknown; message?: unknown };
    res.status(500).json({ code, message });
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const callbackURL = `${url}/callback`;
  passport.use(makeStrategy(callbackURL));
  return {
    url,
    callbackURL,
    errors,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
