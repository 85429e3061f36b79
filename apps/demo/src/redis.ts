/**
 * Makes sure Redis answers: a PING on the URL's host and port; when nothing answers there, the URL
 * is on loopback and `redis-server` is installed, a private one is started (nothing saved to disk)
 * and stopped again by {@link RedisHandle.stop}.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { Redis } from 'ioredis';
import { DemoError, DemoErrorCode } from './errors.js';

/** How to get Redis, for the message when there is none. */
export const REDIS_INSTALL_HELP = [
  'Install Redis, then run the demo again (it starts redis-server itself when nothing answers):',
  '  Debian/Ubuntu:  sudo apt-get install -y redis-server',
  '  Fedora/RHEL:    sudo dnf install -y redis',
  '  macOS:          brew install redis',
  'or start any Redis 6.2+ yourself and point REDIS_URL at it (e.g. REDIS_URL=redis://127.0.0.1:6380).',
].join('\n');

/** The Redis the demo uses. */
export interface RedisHandle {
  /** The URL to connect to. */
  readonly url: string;
  /** Whether the demo started this `redis-server` (and stops it on exit). */
  readonly started: boolean;
  /** Stops the `redis-server` the demo started; a no-op otherwise. */
  stop(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Whether a RESP server answers a PING at host:port within `timeoutMs` (any reply counts, `-NOAUTH` too). */
export function redisAnswers(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: host.replace(/^\[|\]$/g, ''), port });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (chunk: Buffer) => done(/^[+-]/.test(chunk.toString('latin1'))));
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, exited: () => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !exited()) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

function startRedisServer(port: number): Promise<ChildProcess | undefined> {
  return new Promise((resolve, reject) => {
    // Its own process group: Ctrl-C in the terminal reaches the demo, which stops Redis last.
    const child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', tmpdir()],
      { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
    );
    child.once('spawn', () => resolve(child));
    child.once('error', (err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? resolve(undefined) : reject(err)));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Resolves once Redis answers at `url`, starting a private `redis-server` on the URL's port when
 * nothing answers, the URL is on loopback and `redis-server` is on PATH.
 * @throws {@link DemoError} `redis_unavailable`, with install instructions, when there is no Redis.
 */
export async function ensureRedis(url: string, log: (line: string) => void = () => undefined): Promise<RedisHandle> {
  const parsed = new URL(url);
  const host = parsed.hostname || '127.0.0.1';
  const port = Number(parsed.port || '6379');
  const noop = { url, started: false, stop: async () => undefined };
  if (parsed.protocol === 'rediss:') return noop; // TLS: let ioredis find out.
  if (await redisAnswers(host, port)) return noop;
  if (!LOOPBACK.has(host)) {
    throw new DemoError(DemoErrorCode.RedisUnavailable, `Nothing answers at ${parsed.host} (REDIS_URL). Start that Redis, or unset REDIS_URL to use a local one.`);
  }
  const child = await startRedisServer(port);
  if (child === undefined) {
    throw new DemoError(DemoErrorCode.RedisUnavailable, `Redis does not answer on ${host}:${port} and redis-server is not installed (not on PATH).\n${REDIS_INSTALL_HELP}`);
  }
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  const up = await waitFor(() => redisAnswers('127.0.0.1', port, 500), 10_000, () => child.exitCode !== null);
  if (!up) {
    await stopChild(child);
    process.off('exit', killOnExit);
    throw new DemoError(
      DemoErrorCode.RedisUnavailable,
      `redis-server did not come up on 127.0.0.1:${port}${stderr.trim() === '' ? '' : `: ${stderr.trim()}`}. Is the port taken by something else? Set REDIS_URL to a Redis that runs.`,
    );
  }
  log(`Started a private redis-server on 127.0.0.1:${port} (nothing saved to disk; stopped on exit).`);
  return {
    url,
    started: true,
    async stop() {
      await stopChild(child);
      process.off('exit', killOnExit);
    },
  };
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/**
 * Deletes the keys of one demo run's prefix (`{prefix}…` queue keys, `{prefix:…` store keys):
 * the sandbox keeps its tokens in memory, so sets left by an earlier run can never refresh again.
 */
export async function deleteDemoKeys(url: string, prefix: string): Promise<number> {
  if (prefix === '') throw new DemoError(DemoErrorCode.ConfigInvalid, 'The demo Redis prefix must not be empty.');
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    await redis.connect();
    const p = escapeGlob(prefix);
    for (const pattern of [`{${p}}*`, `{${p}:*`]) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1_000);
        if (keys.length > 0) deleted += await redis.unlink(...keys);
        cursor = next;
      } while (cursor !== '0');
    }
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
  return deleted;
}
