/**
 * The only module of the app that reads `process.env`: it returns the variables the worker
 * understands (`TOKEN_WORKER_*`, `FINESSE_*` and `REDIS_URL`), for `loadConfig` to validate.
 */
export function readEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && (name.startsWith('TOKEN_WORKER_') || name.startsWith('FINESSE_') || name === 'REDIS_URL')) out[name] = value;
  }
  return out;
}
