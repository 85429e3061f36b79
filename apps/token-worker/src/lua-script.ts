import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Cluster, Redis } from 'ioredis';

/** A Redis client or cluster, as ioredis gives them. */
export type RedisClient = Redis | Cluster;

/**
 * A Lua script loaded from `src/lua/<name>-<numKeys>.lua` (copied to `dist/lua`), run with
 * EVALSHA and re-sent with EVAL only when Redis does not know it yet (after a restart, on a new
 * cluster node).
 * @internal
 */
export class LuaScript {
  /** Script name, e.g. `lock-acquire`. */
  readonly name: string;
  /** Number of KEYS the script takes (from its file name). */
  readonly numKeys: number;
  private readonly source: string;
  private readonly sha: string;

  constructor(fileName: string) {
    const match = /^(.+)-(\d+)\.lua$/.exec(fileName);
    if (!match?.[1] || !match[2]) throw new TypeError(`Lua script file ${fileName} must be named <name>-<numKeys>.lua`);
    this.name = match[1];
    this.numKeys = Number(match[2]);
    this.source = readFileSync(new URL(`./lua/${fileName}`, import.meta.url), 'utf8');
    this.sha = createHash('sha1').update(this.source).digest('hex');
  }

  /** Runs the script; `keys.length` must equal {@link numKeys}. */
  async run(redis: RedisClient, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<unknown> {
    if (keys.length !== this.numKeys) throw new TypeError(`${this.name} takes ${this.numKeys} keys, got ${keys.length}`);
    try {
      return await redis.evalsha(this.sha, this.numKeys, ...keys, ...args);
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('NOSCRIPT')) {
        return redis.eval(this.source, this.numKeys, ...keys, ...args);
      }
      throw err;
    }
  }
}
