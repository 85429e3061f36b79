import { InvalidArgumentError, Option, type Command } from 'commander';
import { DEFAULT_API_BASE_URL } from '@webex-oidc/core';
import type { CliEnv } from './context.js';
import { UsageError } from './errors.js';

/** Parses `-d <seconds>`: a positive whole number. */
export function parseDelay(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) <= 0 || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError('The expiration delay must be a positive whole number of seconds, e.g. 5400.');
  }
  return Number(value);
}

/** Parses `--base-url`: an http(s) URL. */
export function parseBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError(`Not a URL; expected e.g. ${DEFAULT_API_BASE_URL}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidArgumentError(`Not an http(s) URL; expected e.g. ${DEFAULT_API_BASE_URL}.`);
  }
  return value;
}

/** Adds the global `--json` and `--base-url` options (accepted before or after the command). */
export function withGlobalOptions(program: Command): Command {
  return program
    .option('--json', 'print one JSON document (for scripts); errors go to stderr as JSON too')
    .addOption(
      new Option('--base-url <url>', 'Webex REST API base URL (Webex for Government, the sandbox)')
        .default(DEFAULT_API_BASE_URL)
        .argParser(parseBaseUrl),
    );
}

/** Adds `-i`, `-s`. */
export function withIssuer(command: Command): Command {
  return command
    .option('-i, --issuer <issuerAppId>', 'Guest Issuer application id (or env ISSUER)')
    .option('-s, --secret <issuerAppSecret>', 'Guest Issuer secret, base64 (or env SECRET)')
    .option('-d, --delay <seconds>', 'guest token lifetime in seconds', parseDelay, 5400);
}

/** Issuer id and secret from the flags, else the environment; a usage error when either is missing. */
export function issuerCredentials(opts: { issuer?: string; secret?: string }, env: CliEnv): { issuerId: string; secret: string } {
  const issuerId = nonEmpty(opts.issuer) ?? nonEmpty(env.issuer);
  const secret = nonEmpty(opts.secret) ?? nonEmpty(env.secret);
  const missing = [
    issuerId === undefined ? 'the Guest Issuer app id (-i <issuerAppId> or env ISSUER)' : undefined,
    secret === undefined ? 'the Guest Issuer secret (-s <issuerAppSecret> or env SECRET)' : undefined,
  ].filter((m): m is string => m !== undefined);
  if (issuerId === undefined || secret === undefined) throw new UsageError(`Missing ${missing.join(' and ')}.`);
  return { issuerId, secret };
}

/** `undefined` for an absent or blank value. */
export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/**
 * A token argument: `-` reads it from standard input (keeps it out of the process list and shell
 * history); surrounding whitespace is dropped.
 */
export async function tokenArgument(value: string, ctx: { readStdin(): Promise<string> }, what: string): Promise<string> {
  const token = (value === '-' ? await ctx.readStdin() : value).trim();
  if (token === '') throw new UsageError(`The ${what} is empty${value === '-' ? ' (nothing on standard input)' : ''}.`);
  return token;
}
