import { CommanderError } from 'commander';
import { ErrorCode, isWebexOidcError } from '@webex-oidc/core';

/** Exit codes scripts can rely on. */
export const ExitCode = {
  /** Success. */
  Ok: 0,
  /** Webex refused the request or could not be reached. */
  RemoteFailure: 1,
  /** Bad usage or bad input: nothing was sent to Webex. */
  Usage: 2,
} as const;

/** A bad invocation or input detected by the CLI itself. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const LOCAL_GUEST_REASONS = new Set(['secret', 'malformed', 'expired']);

/** The exit code for an error thrown while running a command. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
  if (err instanceof UsageError) return ExitCode.Usage;
  // core's bad-argument errors (empty user id or name…): TypeError with a Node-style ERR_INVALID_* code
  if (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_INVALID')) return ExitCode.Usage;
  if (isWebexOidcError(err, ErrorCode.GuestTokenInvalid) && LOCAL_GUEST_REASONS.has(err.reason ?? '')) return ExitCode.Usage;
  return ExitCode.RemoteFailure;
}

/** The error as a JSON document for `--json` (no stack, no tokens: messages never hold them). */
export function errorJson(err: unknown): Record<string, unknown> {
  if (isWebexOidcError(err)) {
    return {
      error: {
        code: err.code,
        message: err.message,
        status: err.status,
        trackingId: err.trackingId,
        reason: err.reason,
      },
    };
  }
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : 'usage';
  return { error: { code, message: err instanceof Error ? err.message : String(err) } };
}
