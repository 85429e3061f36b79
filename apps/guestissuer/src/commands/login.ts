import { exchangeGuestToken, type GuestAccessToken } from '@webex-oidc/core';
import type { Command } from 'commander';
import type { CliContext, RemoteOptions } from '../context.js';
import { json, relative, tokenHint } from '../format.js';
import { tokenArgument } from '../options.js';
import { tracer } from '../trace.js';

const trace = tracer('login');

/** Exchanges a guest token (shared by `login` and `quick`). */
export async function exchange(ctx: CliContext, guestToken: string, opts: RemoteOptions): Promise<GuestAccessToken> {
  trace('POST %s/jwt/login with guest token %s', opts.baseUrl, tokenHint(guestToken));
  const result = await exchangeGuestToken({ apiBaseUrl: opts.baseUrl, now: ctx.now() }, guestToken);
  trace('got access token %s, expiresIn %d s', tokenHint(result.accessToken), result.expiresIn);
  return result;
}

/** Prints an access token: the token alone on stdout (text) or a JSON document. */
export function printAccess(ctx: CliContext, result: GuestAccessToken, opts: RemoteOptions, extra: Record<string, unknown> = {}): void {
  if (opts.json === true) {
    ctx.out(json({ accessToken: result.accessToken, expiresIn: result.expiresIn, expiresAt: new Date(result.expiresAt).toISOString(), ...extra }));
    return;
  }
  ctx.out(`${result.accessToken}\n`);
  ctx.err(`Access token valid ${relative(result.expiresAt, ctx.now()).replace(/^in /, 'for ')} (until ${new Date(result.expiresAt).toISOString()}).\n`);
}

/** `guestissuer login <guestToken>`. */
export function registerLogin(program: Command, ctx: CliContext): void {
  program
    .command('login')
    .description('exchange a guest token for a Webex access token (POST /v1/jwt/login; valid ~6 h)')
    .argument('<guestToken>', 'the guest token from `guestissuer create` (`-`: read it from stdin)')
    .addHelpText('after', '\nExamples:\n  guestissuer login "$(guestissuer create guest-42 Stève)"\n  guestissuer create guest-42 Stève | guestissuer login -')
    .action(async (guestToken: string, _local: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<RemoteOptions>();
      printAccess(ctx, await exchange(ctx, await tokenArgument(guestToken, ctx, 'guest token'), opts), opts);
    });
}
