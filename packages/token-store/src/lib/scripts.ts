import { readFileSync } from 'node:fs';
import type { Cluster, Redis } from 'ioredis';

/** An ioredis connection: a single node (or Sentinel-managed) `Redis`, or a `Cluster`. */
export type RedisConnection = Redis | Cluster;

/** The store's Lua scripts, by file name (`<name>-<numKeys>.lua`, under `src/lua`, shipped in `dist/lua`). */
const SCRIPT_FILES = ['add-3.lua', 'update-4.lua', 'remove-3.lua', 'reencrypt-1.lua', 'lease-2.lua', 'renew-1.lua', 'release-1.lua'] as const;

/** @internal Script names. */
export type ScriptName = 'add' | 'update' | 'remove' | 'reencrypt' | 'lease' | 'renew' | 'release';

interface Script {
  command: string;
  numberOfKeys: number;
  lua: string;
}

let loaded: ReadonlyMap<ScriptName, Script> | undefined;

function load(): ReadonlyMap<ScriptName, Script> {
  if (loaded !== undefined) return loaded;
  const scripts = new Map<ScriptName, Script>();
  for (const file of SCRIPT_FILES) {
    const match = /^([a-z]+)-(\d+)\.lua$/.exec(file);
    if (match === null || match[1] === undefined || match[2] === undefined) continue;
    const name = match[1] as ScriptName;
    scripts.set(name, {
      command: `webexOidcTokenStore_${name}`,
      numberOfKeys: Number(match[2]),
      lua: readFileSync(new URL(`../lua/${file}`, import.meta.url), 'utf8'),
    });
  }
  loaded = scripts;
  return scripts;
}

type CommandFn = (...args: Array<string | number>) => Promise<unknown>;

/** @internal Runs the store's scripts on one connection (defined once per connection with `defineCommand`, i.e. EVALSHA with an EVAL fallback). */
export class Scripts {
  readonly #redis: RedisConnection;

  constructor(redis: RedisConnection) {
    this.#redis = redis;
    for (const script of load().values()) {
      if (typeof Reflect.get(redis, script.command) !== 'function') {
        redis.defineCommand(script.command, { numberOfKeys: script.numberOfKeys, lua: script.lua });
      }
    }
  }

  /** Run a script: `keys` must number exactly as the file name says. */
  run(name: ScriptName, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<unknown> {
    const script = load().get(name);
    const fn: unknown = script === undefined ? undefined : Reflect.get(this.#redis, script.command);
    if (script === undefined || typeof fn !== 'function' || keys.length !== script.numberOfKeys) {
      return Promise.reject(new Error(`token-store: script ${name} is not loaded or got the wrong number of keys`));
    }
    return (fn as CommandFn).call(this.#redis, ...keys, ...args);
  }
}
