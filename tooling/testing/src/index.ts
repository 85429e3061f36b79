export {
  DEFAULT_REDIS_URL,
  deleteRedisPrefix,
  redisTestPrefix,
  redisTestUrl,
  withRedis,
} from './redis.js';
export type { RedisFixture, WithRedisOptions } from './redis.js';
export { useSandbox } from './sandbox.js';
export { Browser } from './browser.js';
export { freePort } from './net.js';
