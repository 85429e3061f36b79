/** Stable codes of {@link DemoError}. */
export const DemoErrorCode = {
  /** A port the demo needs is taken by another program. */
  PortInUse: 'port_in_use',
  /** Nothing answers on the Redis URL and no `redis-server` could be started. */
  RedisUnavailable: 'redis_unavailable',
  /** An environment variable or option is out of range. */
  ConfigInvalid: 'config_invalid',
} as const;

/** One of {@link DemoErrorCode}. */
export type DemoErrorCode = (typeof DemoErrorCode)[keyof typeof DemoErrorCode];

/** Why the demo could not start, with a message that says what to do. */
export class DemoError extends Error {
  override readonly name = 'DemoError';
  readonly code: DemoErrorCode;

  constructor(code: DemoErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Whether `err` is a {@link DemoError} (optionally with this `code`). */
export function isDemoError(err: unknown, code?: DemoErrorCode): err is DemoError {
  return err instanceof DemoError && (code === undefined || err.code === code);
}
