import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header carrying the signature: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = 'x-token-worker-signature';

/** Signs a webhook body with the shared secret at time `timestamp` (unix seconds). */
export function signWebhook(secret: string, body: string, timestamp: number): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

/**
 * Verifies a webhook signature header (for receivers, and tests): the HMAC must match and the
 * timestamp must be within `toleranceSeconds` of `now` (replay protection).
 */
export function verifyWebhook(
  secret: string,
  body: string,
  header: string | undefined,
  options: { toleranceSeconds?: number; now?: number } = {},
): boolean {
  if (header === undefined) return false;
  const parts = new Map(header.split(',').map((part) => part.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1');
  if (!Number.isInteger(t) || v1 === undefined) return false;
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  if (Math.abs(now - t) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhook(secret, body, t).slice(`t=${t},v1=`.length), 'hex');
  const given = Buffer.from(v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Options of {@link WebhookSender}. */
export interface WebhookOptions {
  url: string;
  /** Shared HMAC secret. */
  secret: string;
  /** Per-attempt timeout in ms. Default 5 000. */
  timeoutMs?: number | undefined;
  /** Attempts per event (with 0.5 s, 1 s… backoff). Default 3. */
  attempts?: number | undefined;
}

/** POSTs signed JSON events to one URL; a non-2xx answer is retried a few times, then rejected. */
export class WebhookSender {
  // A private field: `console.log(sender)` (or of the event publisher holding it) never shows the secret.
  readonly #options: WebhookOptions;

  constructor(options: WebhookOptions) {
    this.#options = options;
  }

  /** Delivers one body; rejects after the last failed attempt. */
  async send(body: string): Promise<void> {
    const attempts = this.#options.attempts ?? 3;
    let lastError: unknown;
    for (let attempt = 0; attempt < attempts; attempt += 1) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** (attempt - 1)));
      try {
        const timestamp = Math.floor(Date.now() / 1000);
        const response = await fetch(this.#options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signWebhook(this.#options.secret, body, timestamp) },
          body,
          signal: AbortSignal.timeout(this.#options.timeoutMs ?? 5_000),
        });
        await response.body?.cancel();
        if (response.ok) return;
        lastError = new Error(`webhook answered HTTP ${response.status}`);
      } catch (err) {
        lastError = err;
      }
    }
    throw lastError;
  }
}
