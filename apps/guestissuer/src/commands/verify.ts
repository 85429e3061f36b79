import { decodeGuestSecret, decodeGuestToken, fetchPerson } from '@webex-oidc/core';
import type { Command } from 'commander';
import { compactVerify } from 'jose';
import type { CliContext, RemoteOptions } from '../context.js';
import { UsageError } from '../errors.js';
import { json, relative, table, tokenHint } from '../format.js';
import { nonEmpty, tokenArgument } from '../options.js';
import { tracer } from '../trace.js';

const trace = tracer('verify');

interface VerifyOptions extends RemoteOptions {
  jwt?: string;
  access?: string;
  issuer?: string;
  secret?: string;
}

/**
 * Checks the guest token's HS256 signature with the issuer secret, and its `iss` with the issuer
 * id, when they are given (flags or ISSUER / SECRET). A mismatch is a usage error (exit 2).
 */
async function checkIssuer(ctx: CliContext, token: string, iss: string, opts: VerifyOptions): Promise<'valid' | 'not_checked'> {
  const issuerId = nonEmpty(opts.issuer) ?? nonEmpty(ctx.env.issuer);
  if (issuerId !== undefined && issuerId !== iss) {
    throw new UsageError(`The guest token was issued by ${iss}, not by the Guest Issuer app ${issuerId} (-i / ISSUER).`);
  }
  const secret = nonEmpty(opts.secret) ?? nonEmpty(ctx.env.secret);
  if (secret === undefined) return 'not_checked';
  const key = decodeGuestSecret(secret);
  trace('checking the HS256 signature with the secret from %s (%d key bytes)', opts.secret === undefined ? 'env SECRET' : '-s', key.length);
  try {
    await compactVerify(token, key, { algorithms: ['HS256'] });
  } catch {
    throw new UsageError('The guest token\'s signature does not verify with this issuer secret (-s / SECRET): it was signed with another secret, or altered. Create a new one with the right secret.');
  }
  return 'valid';
}

async function verifyJwt(ctx: CliContext, token: string, opts: VerifyOptions): Promise<void> {
  const now = ctx.now();
  trace('decoding guest token %s', tokenHint(token));
  const { header, claims, expiresAt, expired } = decodeGuestToken(token, { now });
  trace('sub=%s iss=%s exp=%d expired=%s', claims.sub, claims.iss, claims.exp, expired);
  const signature = await checkIssuer(ctx, token, claims.iss, opts);
  trace('signature %s', signature);
  if (opts.json === true) {
    ctx.out(json({ header, claims, expiresAt: new Date(expiresAt).toISOString(), expired, expiresIn: Math.round((expiresAt - now) / 1000), signature }));
    return;
  }
  const signatureText = signature === 'valid' ? 'valid (HS256, this issuer secret)' : 'not checked (pass -s or set SECRET to check it here; Webex checks it at login)';
  ctx.out(
    table([
      ['header', JSON.stringify(header)],
      ['claims', JSON.stringify(claims)],
      ['expires', `${new Date(expiresAt).toISOString()} (${relative(expiresAt, now)})`],
      ['signature', signatureText],
      ['status', expired ? `EXPIRED ${relative(expiresAt, now)}: create a new guest token` : 'not expired'],
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
    .option('-i, --issuer <issuerAppId>', 'with --jwt: the token must be issued by this Guest Issuer app (or env ISSUER)')
    .option('-s, --secret <issuerAppSecret>', 'with --jwt: check the HS256 signature with this secret, base64 (or env SECRET)')
    .addHelpText('after', '\nExamples:\n  guestissuer verify --jwt "$GUEST_TOKEN"              # with SECRET set: signature checked too\n  guestissuer verify --jwt "$GUEST_TOKEN" -s "$SECRET"\n  guestissuer verify --access "$ACCESS_TOKEN" --json')
    .action(async (_local: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<VerifyOptions>();
      if (opts.jwt !== undefined && opts.access !== undefined) throw new UsageError('Pass either --jwt or --access, not both.');
      if (opts.jwt !== undefined) return verifyJwt(ctx, await tokenArgument(opts.jwt, ctx, 'guest token'), opts);
      if (opts.access !== undefined) return verifyAccess(ctx, await tokenArgument(opts.access, ctx, 'access token'), opts);
      throw new UsageError('Pass --jwt <guestToken> or --access <accessToken>.');
    });
}
