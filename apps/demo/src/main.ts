#!/usr/bin/env node
/** `npm run demo` (scripts/run.sh demo) ends here: start the demo, print the walk-through, stop on Ctrl-C. */
import { demoBanner } from './banner.js';
import { startDemo } from './demo.js';
import { readEnv } from './env.js';
import { isDemoError } from './errors.js';

async function main(): Promise<void> {
  const env = readEnv();
  console.log('Starting the webex-oidc demo…');
  const demo = await startDemo({
    ports: env.ports,
    accessTokenTtl: env.accessTokenTtl,
    finesseTokenTtl: env.finesseTokenTtl,
    redisUrl: env.redisUrl,
    logLevel: env.logLevel,
  });
  console.log(demoBanner(demo, env.accessTokenTtl));

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    // npm forwards the terminal's SIGINT too, so a second signal during shutdown is expected.
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the demo (example app, token worker, simulators${demo.redis.started ? ', redis-server' : ''})…`);
    const force = setTimeout(() => {
      console.error('demo: did not stop within 20 s; exiting anyway.');
      process.exit(1);
    }, 20_000);
    force.unref();
    demo.close().then(
      () => {
        console.log('demo: stopped.');
        process.exit(0);
      },
      (err: unknown) => {
        console.error('demo: failed to stop cleanly:', err instanceof Error ? err.message : err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  if (isDemoError(err)) console.error(`\ndemo: ${err.message}`);
  else console.error('\ndemo: failed to start:', err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
