/** Thrown when the configuration is invalid; `problems` lists every problem found, one per line of the message. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** Stable code. */
  readonly code = 'config_invalid';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid token-worker configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/** Collects problems while reading a config object; fields are named by their path. @internal */
export class ConfigReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Readonly<Record<string, string>>) {}

  problem(message: string): void {
    this.problems.push(message);
  }

  /** A string from env var `name` (wins) or the file value. */
  string(name: string, fileValue: unknown, path: string): string | undefined {
    const env = this.env[name];
    if (env !== undefined && env !== '') return env;
    if (fileValue === undefined || fileValue === null) return undefined;
    if (typeof fileValue !== 'string' || fileValue === '') {
      this.problem(`${path} (file) must be a non-empty string.`);
      return undefined;
    }
    return fileValue;
  }

  number(name: string, fileValue: unknown, path: string, range: { min: number; max?: number; integer?: boolean }): number | undefined {
    const env = this.env[name];
    const raw: unknown = env !== undefined && env !== '' ? Number(env) : fileValue;
    if (raw === undefined || raw === null) return undefined;
    const where = env !== undefined && env !== '' ? `${name}=${JSON.stringify(env)}` : `${path} (file)`;
    const ok =
      typeof raw === 'number' &&
      Number.isFinite(raw) &&
      raw >= range.min &&
      (range.max === undefined || raw <= range.max) &&
      (!range.integer || Number.isInteger(raw));
    if (!ok) {
      const bounds = range.max === undefined ? `≥ ${range.min}` : `from ${range.min} to ${range.max}`;
      this.problem(`${where} must be ${range.integer ? 'a whole number' : 'a number'} ${bounds}.`);
      return undefined;
    }
    return raw as number;
  }

  boolean(name: string, fileValue: unknown, path: string): boolean | undefined {
    const env = this.env[name];
    if (env !== undefined && env !== '') {
      if (/^(1|true|yes|on)$/i.test(env)) return true;
      if (/^(0|false|no|off)$/i.test(env)) return false;
      this.problem(`${name}=${JSON.stringify(env)} must be true or false.`);
      return undefined;
    }
    if (fileValue === undefined || fileValue === null) return undefined;
    if (typeof fileValue !== 'boolean') {
      this.problem(`${path} (file) must be true or false.`);
      return undefined;
    }
    return fileValue;
  }

  /** A JSON object from env var `name` (wins) or the file value. */
  object(name: string, fileValue: unknown, path: string): Record<string, unknown> | undefined {
    const env = this.env[name];
    let raw: unknown = fileValue;
    if (env !== undefined && env !== '') {
      try {
        raw = JSON.parse(env);
      } catch {
        this.problem(`${name} must be JSON.`);
        return undefined;
      }
    }
    if (raw === undefined || raw === null) return undefined;
    if (!isRecord(raw)) {
      this.problem(`${path} must be an object.`);
      return undefined;
    }
    return raw;
  }

  /** `host:port,host:port` from env or `[{host, port}]` from the file. */
  hosts(name: string, fileValue: unknown, path: string): Array<{ host: string; port: number }> | undefined {
    const env = this.env[name];
    const list: unknown[] | undefined =
      env !== undefined && env !== ''
        ? env.split(',').map((item): unknown => {
            const at = item.lastIndexOf(':');
            // No ':' → no port: keep the raw entry so the problem names it as the user wrote it.
            return at < 0 ? item.trim() : { host: item.slice(0, at).trim(), port: Number(item.slice(at + 1)) };
          })
        : Array.isArray(fileValue)
          ? fileValue
          : undefined;
    if (list === undefined) {
      if (fileValue !== undefined) this.problem(`${path} must be a list of {host, port}.`);
      return undefined;
    }
    const out: Array<{ host: string; port: number }> = [];
    for (const item of list) {
      if (isRecord(item) && typeof item.host === 'string' && item.host !== '' && Number.isInteger(item.port) && (item.port as number) > 0) {
        out.push({ host: item.host, port: item.port as number });
      } else {
        const shown = typeof item === 'string' ? `"${item}" (no port)` : JSON.stringify(item);
        this.problem(`${env !== undefined ? name : path} has an entry that is not host:port: ${shown}; write e.g. redis-1:26379.`);
      }
    }
    return out;
  }
}

/** Whether `value` is a plain object. @internal */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
