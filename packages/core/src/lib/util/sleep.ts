import { ErrorCode, WebexOidcError } from '../errors.js';

/** Waits `ms` milliseconds; rejects with an `aborted` {@link WebexOidcError} when `signal` fires. */
export function sleep(ms: number, signal?: AbortSignal, what = 'operation'): Promise<void> {
  return new Promise((resolve, reject) => {
    const aborted = () => new WebexOidcError(ErrorCode.Aborted, `The Webex ${what} was cancelled.`, { cause: signal?.reason });
    if (signal?.aborted === true) {
      reject(aborted());
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(aborted());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Exponential backoff with full jitter: a random delay in [base·2^attempt / 2, base·2^attempt], capped. */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
