import { decryptTokens, encryptTokens } from './cipher.js';
import type { ResolvedKeyring } from './keyring.js';
import type { KeyLayout } from './keys.js';
import type { ReencryptOptions, ReencryptReport } from './options.js';
import { FIELDS, parseSummary } from './record.js';
import { redisCall } from './replies.js';
import { scanAll } from './scan.js';
import type { RedisConnection, Scripts } from './scripts.js';
import { checkCount } from './validate.js';

/** @internal What re-encryption needs from the store. */
export interface ReencryptContext {
  redis: RedisConnection;
  scripts: Scripts;
  keyring: ResolvedKeyring;
  layout: KeyLayout;
}

const MAX_ATTEMPTS = 5;

type Outcome = 'reencrypted' | 'current' | 'gone';

/** Move one record to the current key; compare-and-set on (version, keyId), re-read on a race. */
async function moveOne(ctx: ReencryptContext, key: string): Promise<Outcome> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const hash = await redisCall('reading a record to re-encrypt', () => ctx.redis.hgetall(key));
    if (Object.keys(hash).length === 0) return 'gone';
    const summary = parseSummary(hash);
    if (summary.keyId === ctx.keyring.currentId) return 'current';
    const ciphertext = hash[FIELDS.ciphertext] ?? '';
    const identity = { id: summary.id, userId: summary.userId, clientId: summary.clientId, provider: summary.provider };
    const secret = decryptTokens(summary.keyId, ciphertext, identity, ctx.keyring);
    const sealed = encryptTokens(secret, identity, ctx.keyring);
    const replaced = await redisCall('re-encrypting a record', () =>
      ctx.scripts.run('reencrypt', [key], [String(summary.version), summary.keyId, sealed.keyId, sealed.ciphertext]),
    );
    if (replaced === 1) return 'reencrypted';
    // Changed since read (a concurrent write, which uses the current key): look again.
  }
  return 'current';
}

/**
 * @internal SCAN every record of the prefix and move those on an older key to the current one,
 * one batch at a time. Safe to run while the store is in use and to run again after a failure.
 */
export async function reencryptAll(ctx: ReencryptContext, options: ReencryptOptions = {}): Promise<ReencryptReport> {
  const batchSize = checkCount('batchSize', options.batchSize, 200, 1);
  const report: ReencryptReport = { scanned: 0, reencrypted: 0, alreadyCurrent: 0, failed: [] };
  for await (const keys of scanAll(ctx.redis, ctx.layout.recordPattern(), batchSize)) {
    if (options.signal?.aborted === true) break;
    const outcomes = await Promise.allSettled(keys.map((key) => moveOne(ctx, key)));
    outcomes.forEach((outcome, i) => {
      if (outcome.status === 'rejected') {
        report.scanned++;
        report.failed.push({ id: idFromKey(keys[i] ?? ''), error: outcome.reason });
      } else if (outcome.value !== 'gone') {
        report.scanned++;
        if (outcome.value === 'reencrypted') report.reencrypted++;
        else report.alreadyCurrent++;
      }
    });
  }
  return report;
}

/** `{prefix:<slot>}:s:<rand>` → `<slot>.<rand>`. */
function idFromKey(key: string): string {
  const match = /:([A-Za-z0-9_-]{22})\}:s:([A-Za-z0-9_-]{22})$/.exec(key);
  return match === null ? key : `${match[1] ?? ''}.${match[2] ?? ''}`;
}
