import createDebug, { type Debugger } from 'debug';

/**
 * A `debug` logger under `guestissuer:<step>`; enable with `DEBUG=guest*`. Callers log ids,
 * names, URLs and {@link tokenHint}s only — never the secret or a whole token.
 */
export function tracer(step: string): Debugger {
  return createDebug(`guestissuer:${step}`);
}
