import type { Cluster, Redis } from 'ioredis';

/** A Redis client or cluster, as ioredis gives them. */
export type RedisClient = Redis | Cluster;
