/**
 * What the commands get from the outside world. Only `cli.ts` builds it from `process.*`, so the
 * program can be driven in-process and no other module reads the environment.
 */
export interface CliContext {
  /** Credentials and defaults from the environment (`ISSUER`, `SECRET`, `SERVICE_APP_TOKEN`). */
  env: CliEnv;
  /** Writes to standard output. */
  out(text: string): void;
  /** Writes to standard error. */
  err(text: string): void;
  /** The current time, epoch milliseconds. */
  now(): number;
  /** Reads all of standard input (for a `-` argument: `guestissuer create … | guestissuer login -`). */
  readStdin(): Promise<string>;
}

/** The environment variables the CLI understands. */
export interface CliEnv {
  /** Guest Issuer application id (instead of `-i`). */
  issuer?: string | undefined;
  /** Guest Issuer secret, base64 (instead of `-s`). */
  secret?: string | undefined;
  /** Service App access token (instead of `--token`). */
  serviceAppToken?: string | undefined;
}

/** Options every command accepts. */
export interface OutputOptions {
  /** Print one JSON document instead of text. */
  json?: boolean;
}

/** Options of commands that call Webex. */
export interface RemoteOptions extends OutputOptions {
  /** Webex REST API base URL. */
  baseUrl?: string;
}
