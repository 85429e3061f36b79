import type { TokenSetSummary } from '@webex-oidc/token-store';
import type { Logger } from 'pino';
import type { RedisClient } from './redis.js';
import type { WebhookSender } from './webhook.js';

/** Kinds of events the worker emits. */
export const TOKEN_WORKER_EVENTS = ['refreshed', 'reauth_required', 'reauth_soon', 'revoked', 'evicted', 'refresh_failed'] as const;
/** One of {@link TOKEN_WORKER_EVENTS}. */
export type TokenWorkerEventType = (typeof TOKEN_WORKER_EVENTS)[number];

/**
 * An event about one token set. Carries ids, status and times only — never a token.
 * Published as JSON on the Redis channel and POSTed to the webhook.
 */
export interface TokenWorkerEvent {
  type: TokenWorkerEventType;
  tokenSetId: string;
  userId: string;
  clientId: string;
  clientType: string;
  provider: string;
  /** When the event happened, epoch ms. */
  at: number;
  /** Why (e.g. `invalid_grant`, `refresh_token_expired`, `client_access_off`, `limit`). */
  reason?: string | undefined;
  /** The access token's expiry after the event, epoch ms. */
  expiresAt?: number | undefined;
  /** The refresh token's absolute expiry, epoch ms, when known. */
  refreshExpiresAt?: number | undefined;
}

/** A listener for events in this process. */
export type TokenWorkerEventListener = (event: TokenWorkerEvent) => void;

/** Builds an event from a set's non-secret summary. */
export function eventFor(
  type: TokenWorkerEventType,
  set: Pick<TokenSetSummary, 'id' | 'userId' | 'clientId' | 'clientType' | 'provider' | 'expiresAt' | 'refreshExpiresAt'>,
  extra: { reason?: string | undefined; at?: number | undefined } = {},
): TokenWorkerEvent {
  return {
    type,
    tokenSetId: set.id,
    userId: set.userId,
    clientId: set.clientId,
    clientType: set.clientType,
    provider: set.provider,
    at: extra.at ?? Date.now(),
    reason: extra.reason,
    expiresAt: set.expiresAt,
    refreshExpiresAt: set.refreshExpiresAt,
  };
}

/** Options of {@link EventPublisher}. */
export interface EventPublisherOptions {
  redis: RedisClient;
  /** Redis pub/sub channel; `undefined` disables publishing. */
  channel: string | undefined;
  webhook: WebhookSender | undefined;
  logger: Logger;
  /** Called for every event (metrics). */
  onEvent?: ((event: TokenWorkerEvent) => void) | undefined;
}

/**
 * Sends each event to the Redis channel, the optional webhook and in-process listeners. Never
 * throws: a failed delivery is logged (the refresh it reports has already happened).
 */
export class EventPublisher {
  private readonly listeners = new Set<TokenWorkerEventListener>();

  constructor(private readonly options: EventPublisherOptions) {}

  /** Adds an in-process listener; returns a function that removes it. */
  subscribe(listener: TokenWorkerEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Publishes one event. */
  async emit(event: TokenWorkerEvent): Promise<void> {
    const { redis, channel, webhook, logger, onEvent } = this.options;
    onEvent?.(event);
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        logger.warn({ err, event: event.type }, 'event listener threw');
      }
    }
    const body = JSON.stringify(event);
    const deliveries: Array<Promise<unknown>> = [];
    if (channel !== undefined) deliveries.push(redis.publish(channel, body));
    if (webhook !== undefined) deliveries.push(webhook.send(body));
    const results = await Promise.allSettled(deliveries);
    for (const result of results) {
      if (result.status === 'rejected') {
        logger.warn({ err: result.reason, event: event.type, tokenSetId: event.tokenSetId }, 'event delivery failed');
      }
    }
  }
}
