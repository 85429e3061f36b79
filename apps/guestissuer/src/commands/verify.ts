import { decodeGuestToken, fetchPerson } from '@webex-oidc/core';
import type { Command } from 'commander';
import type { CliContext, RemoteOptions } from '../context.js';
import { UsageError } from '../errors.js';
import { json, relative, table, tokenHint } from '../format.js';
import { tokenArgument } from '../options.js';
import { tracer } from '../trace.js';

const trace = tracer('verify');

interface VerifyOptions extends RemoteOptions {
  jwt?: string;
  access?: string;
}

function verifyJwt(ctx: CliContext, token: string, opts: VerifyOptions): void {
  const now = ctx.now();
  trace('decoding guest token %s', tokenHint(token));
  const { header, claims, expiresAt, expired } = decodeGuestToken(token, { now });
  trace('sub=%s iss=%s exp=%d expired=%s', claims.sub, claims.iss, claims.exp, expired);
  if (opts.json === true) {
    ctx.out(json({ header, claims, expiresAt: new Date(expiresAt).toISOString(), expired, expiresIn: Math.round((expiresAt - now) / 1000) }));
    return;
  }
  ctx.out(
    table([
      ['header', JSON.stringify(header)],
      ['claims', JSON.stringify(claims)],
      ['expires', `${new Date(expiresAt).toISOString()} (${relative(expiresAt, now)})`],
      ['status', expired ? `EXPIRED ${relative(expiresAt, now)}: create a new guest token` : 'not expired (the signature is checked by Webex at login)'],
    ]),
  );
}

async function verifyAccess(ctx: CliContext, token: string, opts: VerifyOptions): Promise<void> {
  trace('GET %s/people/me with access token %s', opts.baseUrl, tokenHint(token));
  const person = await fetchPerson({ apiBaseUrl: opts.baseUrl }, token);
  trace('person %s type=%s', person.id, person.type);
  if (opts.json === true) {
    ctx.out(json(person));
    return;
  }
  ctx.out(
    table([
      ['id', person.id],
      ['displayName', person.displayName],
      ['emails', person.emails?.join(', ')],
      ['type', person.type],
      ['orgId', person.orgId],
      ['created', person.created],
    ]),
  );
}

/** `guestissuer verify --jwt <token>` | `verify --access <accessToken>`. */
export function registerVerify(program: Command, ctx: CliContext): void {
  program
    .command('verify')
    .description('show a guest token (header, claims, expiry) or the person an access token belongs to (GET /v1/people/me)')
    .option('--jwt <guestToken>', 'decode a guest token: header, claims, expiry in words, expired or not (`-`: stdin)')
    .option('--access <accessToken>', 'call /people/me with an access token (`-`: stdin)')
    .addHelpText('after', '\nExamples:\n  guestissuer verify --jwt "$GUEST_TOKEN"\n  guestissuer verify --access "$ACCESS_TOKEN" --json')
    .action(async (_local: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<VerifyOptions>();
      if (opts.jwt !== undefined && opts.access !== undefined) throw new UsageError('Pass either --jwt or --access, not both.');
      if (opts.jwt !== undefined) return verifyJwt(ctx, await tokenArgument(opts.jwt, ctx, 'guest token'), opts);
      if (opts.access !== undefined) return verifyAccess(ctx, await tokenArgument(opts.access, ctx, 'access token'), opts);
      throw new UsageError('Pass --jwt <guestToken> or --access <accessToken>.');
    });
}
