#!/usr/bin/env node
import { Command } from 'commander';
import { startApp } from './app.js';
import { ConfigError } from './config-reader.js';
import { describeClientAuth, loadConfig, readConfigFile, type WorkerConfig } from './config.js';
import { readEnv } from './env.js';

function configFrom(path: string | undefined): WorkerConfig {
  const env = readEnv();
  const file = path ?? env.TOKEN_WORKER_CONFIG;
  return loadConfig(env, file === undefined ? {} : readConfigFile(file));
}

function fail(err: unknown): never {
  process.stderr.write(`${err instanceof ConfigError ? err.message : `token-worker: ${(err as Error).message ?? String(err)}`}\n`);
  process.exit(err instanceof ConfigError ? 78 : 1);
}

const program = new Command('token-worker')
  .description('Keeps stored Webex token sets fresh ahead of expiry (BullMQ).')
  .showHelpAfterError();

program
  .command('start')
  .description('Run the worker: refresh jobs, health/metrics/dashboard server, graceful shutdown on SIGINT/SIGTERM.')
  .option('-c, --config <file>', 'JSON config file (env vars win; default $TOKEN_WORKER_CONFIG)')
  .action(async (opts: { config?: string }) => {
    const config = configFrom(opts.config);
    const app = await startApp(config);
    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) return;
      stopping = true;
      app.logger.info({ signal }, 'shutting down: letting in-flight refreshes finish');
      app.stop().then(
        () => process.exit(0),
        (err: unknown) => {
          app.logger.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    process.on('SIGINT', () => shutdown('SIGINT'));
    process.on('SIGTERM', () => shutdown('SIGTERM'));
    process.send?.({ type: 'ready', port: app.http.port });
  });

program
  .command('check-config')
  .description('Validate the configuration and exit (0 when valid).')
  .option('-c, --config <file>', 'JSON config file')
  .action((opts: { config?: string }) => {
    const config = configFrom(opts.config);
    const auth = config.clients.map((client) => `${client.clientId}: ${describeClientAuth(client).method}`).join(', ');
    process.stdout.write(
      `configuration ok: ${config.clients.length} client(s)${auth === '' ? '' : ` (${auth})`}, queue ${config.queue.prefix}:${config.queue.name}\n`,
    );
  });

program.parseAsync().catch(fail);
