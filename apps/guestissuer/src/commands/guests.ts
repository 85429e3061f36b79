import { countServiceAppGuests, createServiceAppGuest } from '@webex-oidc/core';
import type { Command } from 'commander';
import type { CliContext, CliEnv, RemoteOptions } from '../context.js';
import { UsageError } from '../errors.js';
import { json, relative, tokenHint } from '../format.js';
import { tracer } from '../trace.js';

const trace = tracer('guests');

interface GuestsOptions extends RemoteOptions {
  token?: string;
}

function serviceAppToken(opts: GuestsOptions, env: CliEnv): string {
  const token = opts.token ?? env.serviceAppToken;
  if (token === undefined || token.trim() === '') {
    throw new UsageError('Missing the Service App access token: pass --token <serviceAppToken> or set SERVICE_APP_TOKEN.');
  }
  return token;
}

const TOKEN_HELP = 'Service App access token with scope guest-issuer:write / :read (or env SERVICE_APP_TOKEN)';

/** `guestissuer guests-token <subject> <displayName> --token …` and `guests-count --token …`. */
export function registerGuests(program: Command, ctx: CliContext): void {
  program
    .command('guests-token')
    .description('create a Service-App guest and print its access token (POST /v1/guests/token; valid ~18 h)')
    .argument('<subject>', 'your external id for the guest')
    .argument('<displayName>', 'the display name, any Unicode')
    .option('--token <serviceAppToken>', TOKEN_HELP)
    .addHelpText('after', '\nExample:\n  guestissuer guests-token visitor-7 "Stève" --token "$SERVICE_APP_TOKEN" --json')
    .action(async (subject: string, displayName: string, _local: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GuestsOptions>();
      const token = serviceAppToken(opts, ctx.env);
      trace('POST %s/guests/token subject=%s displayName=%s with service app token %s', opts.baseUrl, subject, displayName, tokenHint(token));
      const guest = await createServiceAppGuest({ apiBaseUrl: opts.baseUrl }, token, { subject, displayName });
      trace('guest %s, access token %s, expiresIn %d s', guest.id, tokenHint(guest.accessToken), guest.expiresIn);
      if (opts.json === true) {
        ctx.out(json({ ...guest, expiresAt: new Date(guest.expiresAt).toISOString() }));
        return;
      }
      ctx.out(`${guest.accessToken}\n`);
      ctx.err(`Guest ${guest.id} (${guest.email ?? guest.subject}); access token valid ${relative(guest.expiresAt, ctx.now()).replace(/^in /, 'for ')}.\n`);
    });

  program
    .command('guests-count')
    .description("count the Service App's guests (GET /v1/guests/count)")
    .option('--token <serviceAppToken>', TOKEN_HELP)
    .action(async (_local: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GuestsOptions>();
      const token = serviceAppToken(opts, ctx.env);
      trace('GET %s/guests/count with service app token %s', opts.baseUrl, tokenHint(token));
      const count = await countServiceAppGuests({ apiBaseUrl: opts.baseUrl }, token);
      ctx.out(opts.json === true ? json({ count }) : `${count}\n`);
    });
}
