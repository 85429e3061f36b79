import { createGuestToken, decodeGuestSecret } from '@webex-oidc/core';
import type { Command } from 'commander';
import type { CliContext, OutputOptions } from '../context.js';
import { UsageError } from '../errors.js';
import { json, relative, tokenHint } from '../format.js';
import { issuerCredentials, withIssuer } from '../options.js';
import { tracer } from '../trace.js';

const trace = tracer('create');

/** Options of `create` (and `quick`). */
export interface CreateOptions extends OutputOptions {
  issuer?: string;
  secret?: string;
  delay: number;
}

/** A guest token and what it says. */
export interface CreatedGuestToken {
  guestToken: string;
  issuer: string;
  subject: string;
  name: string;
  expiresAt: number;
}

/** Mints the guest token (shared by `create` and `quick`). */
export async function mintGuestToken(ctx: CliContext, userId: string, userName: string, opts: CreateOptions): Promise<CreatedGuestToken> {
  if (userId.trim() === '') throw new UsageError('The user id must not be empty.');
  if (userName.trim() === '') throw new UsageError('The user name must not be empty.');
  const { issuerId, secret } = issuerCredentials(opts, ctx.env);
  trace('issuer %s, secret from %s (%d key bytes)', issuerId, opts.secret === undefined ? 'env SECRET' : '-s', decodeGuestSecret(secret).length);
  const now = ctx.now();
  const guestToken = await createGuestToken({ issuerId, secret, subject: userId, name: userName, expiresIn: opts.delay, now });
  const expiresAt = (Math.floor(now / 1000) + opts.delay) * 1000;
  trace('signed HS256 guest token %s for sub=%s name=%s, expires %s', tokenHint(guestToken), userId, userName, new Date(expiresAt).toISOString());
  return { guestToken, issuer: issuerId, subject: userId, name: userName, expiresAt };
}

/** `guestissuer create <userId> <userName> -i … -s … [-d …]` — the default command. */
export function registerCreate(program: Command, ctx: CliContext): void {
  const command = program
    .command('create', { isDefault: true })
    .description('create a guest token (HS256 JWT) for a guest user — the default command')
    .argument('<userId>', 'the guest user id (sub), unique within the issuer')
    .argument('<userName>', 'the display name (name), any Unicode');
  withIssuer(command)
    .addHelpText('after', '\nExample:\n  guestissuer create guest-42 "Stève" -i $ISSUER -s $SECRET -d 3600\n  ISSUER=… SECRET=… guestissuer guest-42 "Stève"')
    .action(async (userId: string, userName: string, _local: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<CreateOptions>();
      const created = await mintGuestToken(ctx, userId, userName, opts);
      if (opts.json === true) {
        ctx.out(json({ ...created, expiresAt: new Date(created.expiresAt).toISOString(), expiresIn: opts.delay }));
        return;
      }
      ctx.out(`${created.guestToken}\n`);
      ctx.err(`Guest token for ${userId} (${userName}) expires ${relative(created.expiresAt, ctx.now())}; exchange it with: guestissuer login <guestToken>\n`);
    });
}
