import { createRequire } from 'node:module';
import { Command } from 'commander';
import { registerCreate } from './commands/create.js';
import { registerGuests } from './commands/guests.js';
import { registerLogin } from './commands/login.js';
import { registerQuick } from './commands/quick.js';
import { registerVerify } from './commands/verify.js';
import type { CliContext } from './context.js';
import { errorJson, exitCodeFor } from './errors.js';
import { withGlobalOptions } from './options.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** Builds the `guestissuer` program. Commander errors are thrown (exitOverride), not exited on. */
export function buildProgram(ctx: CliContext): Command {
  const program = withGlobalOptions(new Command('guestissuer'))
    .description('Create Webex guest tokens (Guest Issuer apps), exchange them for access tokens, verify them; and Service-App guests.')
    .version(version)
    .exitOverride()
    .configureOutput({ writeOut: (text) => ctx.out(text), writeErr: (text) => ctx.err(text) })
    .showHelpAfterError('(add --help for usage)')
    .configureHelp({ showGlobalOptions: true })
    .addHelpText(
      'after',
      [
        '',
        'Environment: ISSUER and SECRET instead of -i/-s; SERVICE_APP_TOKEN instead of --token;',
        '             DEBUG=guest* traces each step (never the secret or whole tokens).',
        'Exit codes:  0 ok · 1 Webex refused or could not be reached · 2 bad usage or input (nothing sent).',
      ].join('\n'),
    );
  registerCreate(program, ctx);
  registerLogin(program, ctx);
  registerQuick(program, ctx);
  registerVerify(program, ctx);
  registerGuests(program, ctx);
  return program;
}

/**
 * Runs the CLI with `args` (without `node` and the script) and returns the exit code:
 * 0 ok, 1 remote failure, 2 usage / bad input.
 */
export async function run(args: readonly string[], ctx: CliContext): Promise<number> {
  try {
    await buildProgram(ctx).parseAsync([...args], { from: 'user' });
    return 0;
  } catch (err) {
    const code = exitCodeFor(err);
    const commanderError = typeof err === 'object' && err !== null && 'code' in err && String(err.code).startsWith('commander.');
    if (!commanderError) {
      if (args.includes('--json')) ctx.err(`${JSON.stringify(errorJson(err))}\n`);
      else ctx.err(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    }
    return code;
  }
}
