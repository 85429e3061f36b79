export { startDemo, DEMO_FINESSE_AGENT, DEMO_SESSION_LIMIT } from './demo.js';
export type { Demo, DemoOptions, DemoPorts, DemoUrls } from './demo.js';
export { demoBanner } from './banner.js';
export { DemoError, DemoErrorCode, isDemoError } from './errors.js';
export { DEFAULT_CHROMIUM_PATH, DEFAULT_REDIS_URL, readEnv } from './env.js';
export type { DemoEnv } from './env.js';
export { deleteDemoKeys, ensureRedis, redisAnswers, REDIS_INSTALL_HELP } from './redis.js';
export type { RedisHandle } from './redis.js';
