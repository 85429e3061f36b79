import { Router } from 'express';
import type { Logger } from 'pino';
import { renderDashboardPage } from './page.js';
import { takeSnapshot, type DashboardSource } from './snapshot.js';

/** Options of {@link createDashboardRouter}. */
export interface DashboardRouterOptions extends DashboardSource {
  logger?: Logger | undefined;
  /** Whether bull-board is mounted at `/admin/queues` (for the page's link). Default `true`. */
  bullBoard?: boolean | undefined;
}

/**
 * The token-set dashboard: `GET /` (HTML, grouped by user, next refresh and refresh history,
 * updating itself every 2 s) and `GET /api/token-sets` (the same as JSON). Read-only; shows ids,
 * statuses and times, never a token. It has no authentication: serve it on an internal interface.
 */
export function createDashboardRouter(options: DashboardRouterOptions): Router {
  const router = Router();
  const logFailure = (err: unknown): void => options.logger?.warn({ err }, 'dashboard: could not read the token sets');
  router.get('/api/token-sets', (_req, res) => {
    takeSnapshot(options).then(
      (snapshot) => res.set('cache-control', 'no-store').json(snapshot),
      (err: unknown) => {
        logFailure(err);
        res.status(503).json({ error: 'unavailable', message: 'Could not read the token sets from Redis; see the worker log.' });
      },
    );
  });
  router.get('/', (_req, res) => {
    takeSnapshot(options).then(
      (snapshot) => res.set('cache-control', 'no-store').type('html').send(renderDashboardPage(snapshot, { bullBoard: options.bullBoard ?? true })),
      (err: unknown) => {
        logFailure(err);
        res.status(503).type('text').send('Could not read the token sets from Redis; see the worker log.');
      },
    );
  });
  return router;
}
