import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { TokenStore } from '@webex-oidc/token-store';
import express from 'express';
import type { Logger } from 'pino';
import { createDashboardRouter } from './dashboard/router.js';
import type { RefreshHistory } from './history.js';
import type { RedisClient } from './redis.js';
import type { WorkerMetrics } from './metrics.js';
import type { RefreshQueue } from './scheduler.js';

/** Options of {@link startHttpServer}. */
export interface HttpServerOptions {
  port: number;
  host: string;
  /** Mount the read-only bull-board dashboard at `/admin/queues`. */
  dashboard: boolean;
  queue: RefreshQueue;
  redis: RedisClient;
  metrics: WorkerMetrics;
  logger: Logger;
  /** Whether the worker is consuming (false while shutting down). */
  isRunning: () => boolean;
  /** With `dashboard`: the store whose sets the token-set dashboard (`GET /`, `GET /api/token-sets`) lists. */
  store?: Pick<TokenStore, 'scan' | 'countByStatus'> | undefined;
  /** Refresh history shown on the token-set dashboard. */
  history?: RefreshHistory | undefined;
}

/** The operations server: `GET /healthz`, `GET /metrics`, `GET /` + `GET /api/token-sets` (token sets), `/admin/queues` (bull-board). */
export interface HttpServer {
  /** The bound port (useful with port 0). */
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Starts the operations HTTP server. `/healthz` answers 200 `{"status":"ok"}` when Redis answers
 * PING and the worker runs, 503 otherwise. Bind it to an internal interface: the dashboard has no
 * authentication of its own (it is read-only and shows ids, never tokens).
 */
export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('redis ping timed out')), 2_000).unref());
    Promise.race([options.redis.ping(), timeout]).then(
      () => {
        const running = options.isRunning();
        res.status(running ? 200 : 503).json({ status: running ? 'ok' : 'stopping', redis: 'ok' });
      },
      () => res.status(503).json({ status: 'unavailable', redis: 'down' }),
    );
  });
  app.get('/metrics', (_req, res) => {
    options.metrics.registry.metrics().then(
      (body) => res.type(options.metrics.registry.contentType).send(body),
      (err: unknown) => {
        options.logger.warn({ err }, 'metrics collection failed');
        res.status(500).send('metrics collection failed');
      },
    );
  });
  if (options.dashboard && options.store !== undefined) {
    const { store, queue, redis, history, logger } = options;
    app.use(createDashboardRouter({ store, queue, redis, history, logger }));
  }
  if (options.dashboard) {
    const serverAdapter = new ExpressAdapter();
    serverAdapter.setBasePath('/admin/queues');
    createBullBoard({ queues: [new BullMQAdapter(options.queue, { readOnlyMode: true })], serverAdapter });
    app.use('/admin/queues', serverAdapter.getRouter());
  }
  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(options.port, options.host, (err?: Error) => (err ? reject(err) : resolve(listening)));
  });
  const { port } = server.address() as AddressInfo;
  options.logger.info({ port, dashboard: options.dashboard }, 'operations server listening');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
