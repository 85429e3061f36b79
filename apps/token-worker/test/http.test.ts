import type { WebexConfig } from '@webex-oidc/core';
import type { Sandbox } from '@webex-oidc/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type HttpServer } from '../src/http-server.js';
import type { TokenWorker } from '../src/token-worker.js';
import { createHarness, waitFor, type Harness } from './helpers.js';
import { signIn, startTestSandbox } from './sandbox.js';

let h: Harness;
let sandbox: Sandbox;
let config: WebexConfig;
let worker: TokenWorker;
let http: HttpServer;
let running = true;
let base = '';

beforeAll(async () => {
  h = await createHarness('token-worker-http');
  ({ sandbox, config } = await startTestSandbox(h, { accessTokenTtl: 4, rotateRefreshTokens: true }));
  worker = await h.startWorker();
  http = await startHttpServer({ port: 0, host: '127.0.0.1', dashboard: true, queue: worker.queue, redis: h.redis, metrics: worker.metrics, logger: worker.logger, isRunning: () => running });
  base = `http://127.0.0.1:${http.port}`;
});
afterAll(async () => {
  await http?.close();
  await h?.cleanup();
  await sandbox?.close();
});

/** The value of one sample line of a Prometheus text exposition, e.g. `name{a="b"}`. */
function sample(body: string, series: string): number | undefined {
  const line = body.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('operations server over HTTP', () => {
  it('GET /healthz answers 200 while running and Redis answers, 503 while stopping', async () => {
    const ok = await fetch(`${base}/healthz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'ok', redis: 'ok' });
    running = false;
    const stopping = await fetch(`${base}/healthz`);
    expect(stopping.status).toBe(503);
    expect(await stopping.json()).toMatchObject({ status: 'stopping' });
    running = true;
  });

  it('GET /metrics counts refreshes, events, sets by status and jobs after real refreshes', async () => {
    const tokens = await signIn(sandbox, config, 'alice@example.com');
    const { set } = await worker.addTokenSet({ userId: 'alice', clientId: sandbox.client.clientId, clientType: 'web', tokens });
    await waitFor(async () => ((await h.store.get(set.id))?.metadata.refreshCount ?? 0) >= 1, 10_000, 'a refresh');
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const body = await res.text();
    const refreshCount = (await h.store.get(set.id))?.metadata.refreshCount ?? 0; // 1, or 2 on a very slow machine
    const ok = sample(body, 'token_worker_refreshes_total{provider="webex",result="ok"}') ?? 0;
    expect(ok).toBeGreaterThanOrEqual(1);
    expect(ok).toBeLessThanOrEqual(refreshCount);
    expect(sample(body, 'token_worker_events_total{type="refreshed"}')).toBe(ok);
    expect(sample(body, 'token_worker_token_sets{status="active"}')).toBe(1);
    expect(sample(body, 'token_worker_token_sets{status="revoked"}')).toBe(0);
    expect(sample(body, 'token_worker_jobs{state="delayed"}')).toBe(1); // the next refresh is scheduled
    expect(sample(body, 'token_worker_refresh_duration_seconds_count{provider="webex"}')).toBe(ok);
    expect(sample(body, 'token_worker_refresh_lag_seconds_count')).toBeLessThanOrEqual(ok); // only runs that started after the refresh point
    expect(sample(body, 'token_worker_limit_evictions_total')).toBe(0);
    for (const token of [tokens.accessToken, tokens.refreshToken ?? '']) expect(body).not.toContain(token);
  });

  it('serves the read-only dashboard at /admin/queues', async () => {
    const page = await fetch(`${base}/admin/queues`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toMatch(/<html/i);
    const api = await fetch(`${base}/admin/queues/api/queues`);
    expect(api.status).toBe(200);
    const json = (await api.json()) as { queues?: Array<{ name: string; readOnlyMode?: boolean }> };
    expect(json.queues?.map((q) => q.name)).toContain(worker.queue.name);
    expect(json.queues?.[0]?.readOnlyMode).toBe(true);
  });
});
