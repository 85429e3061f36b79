import type { Command } from 'commander';
import type { CliContext, RemoteOptions } from '../context.js';
import { withIssuer } from '../options.js';
import { mintGuestToken, type CreateOptions } from './create.js';
import { exchange, printAccess } from './login.js';

/** `guestissuer quick <userId> <userName> -i … -s …`: create + login; the guest token is not kept. */
export function registerQuick(program: Command, ctx: CliContext): void {
  const command = program
    .command('quick')
    .description('create a guest token and exchange it at once; prints the access token (the guest token is not kept)')
    .argument('<userId>', 'the guest user id (sub)')
    .argument('<userName>', 'the display name, any Unicode');
  withIssuer(command)
    .addHelpText('after', '\nExample:\n  ISSUER=… SECRET=… guestissuer quick guest-42 "Stève" --json')
    .action(async (userId: string, userName: string, _local: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<CreateOptions & RemoteOptions>();
      const created = await mintGuestToken(ctx, userId, userName, opts);
      const result = await exchange(ctx, created.guestToken, opts);
      printAccess(ctx, result, opts, { subject: userId, name: userName, issuer: created.issuer });
    });
}
