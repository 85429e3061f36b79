import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Outcomes counted by `token_worker_refreshes_total`. */
export type RefreshResult =
  | 'ok'
  | 'failed'
  | 'rate_limited'
  | 'reauth_required'
  | 'revoked'
  | 'skipped_fresh'
  | 'superseded'
  | 'locked'
  | 'gone';

/** Sources of the gauges, read at scrape time. */
export interface MetricSources {
  /** Stored sets by status. */
  countByStatus?: (() => Promise<Record<string, number>>) | undefined;
  /** BullMQ job counts by state. */
  jobCounts?: (() => Promise<Record<string, number>>) | undefined;
}

/** The worker's Prometheus metrics, in their own registry (several workers may share a process). */
export class WorkerMetrics {
  /** The registry to expose on `/metrics`. */
  readonly registry = new Registry();
  /** Refresh attempts by provider and result. */
  readonly refreshes: Counter<'provider' | 'result'>;
  /** Seconds between a set's refresh point and the moment its refresh started. */
  readonly lag: Histogram;
  /** Duration of the token-endpoint call. */
  readonly duration: Histogram<'provider'>;
  /** Sets evicted by the per-user limit. */
  readonly evictions: Counter;
  /** Events emitted, by type. */
  readonly events: Counter<'type'>;

  constructor(sources: MetricSources = {}, options: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.refreshes = new Counter({
      name: 'token_worker_refreshes_total',
      help: 'Refresh jobs by provider and result (ok, failed = transient retry, rate_limited, reauth_required, revoked, skipped_fresh, superseded, locked, gone).',
      labelNames: ['provider', 'result'],
      registers,
    });
    this.lag = new Histogram({
      name: 'token_worker_refresh_lag_seconds',
      help: 'How long after its refresh point (75% of the access token life by default) a set was refreshed.',
      buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600],
      registers,
    });
    this.duration = new Histogram({
      name: 'token_worker_refresh_duration_seconds',
      help: 'Duration of the refresh call to the IdP.',
      labelNames: ['provider'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers,
    });
    this.evictions = new Counter({
      name: 'token_worker_limit_evictions_total',
      help: 'Token sets evicted (and revoked) by the per-user-per-client refresh-token limit.',
      registers,
    });
    this.events = new Counter({ name: 'token_worker_events_total', help: 'Events emitted, by type.', labelNames: ['type'], registers });
    const { countByStatus, jobCounts } = sources;
    if (countByStatus !== undefined) {
      new Gauge({
        name: 'token_worker_token_sets',
        help: 'Stored token sets by status.',
        labelNames: ['status'],
        registers,
        async collect() {
          const counts = await countByStatus();
          for (const [status, value] of Object.entries(counts)) if (status !== 'total') this.set({ status }, value);
        },
      });
    }
    if (jobCounts !== undefined) {
      new Gauge({
        name: 'token_worker_jobs',
        help: 'Refresh jobs by BullMQ state (delayed = scheduled refreshes).',
        labelNames: ['state'],
        registers,
        async collect() {
          const counts = await jobCounts();
          for (const [state, value] of Object.entries(counts)) this.set({ state }, value);
        },
      });
    }
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'token_worker_' });
  }
}
