import { argError } from '../util/args.js';
import { resolvePrivateKey } from './private-key.js';
import {
  CLIENT_AUTH_METHODS,
  CLIENT_SECRET_JWT_ALGORITHMS,
  PRIVATE_KEY_JWT_ALGORITHMS,
  type ClientAuthMethod,
  type ClientSecretJwtAlgorithm,
  type ResolvedClientAuth,
  type WebexClientAuth,
} from './types.js';

/** The options `resolveClientAuth` reads (a subset of `WebexConfigOptions`). */
export interface ClientAuthOptions {
  clientSecret?: unknown;
  tokenEndpointAuthMethod?: unknown;
  clientAuth?: unknown;
}

/** The members each method takes (anything else is refused: a misspelt `privateKey` must not pass silently). */
const MEMBERS: Record<ClientAuthMethod, readonly string[]> = {
  client_secret_basic: ['method', 'clientSecret'],
  client_secret_post: ['method', 'clientSecret'],
  client_secret_jwt: ['method', 'clientSecret', 'alg'],
  private_key_jwt: ['method', 'key', 'kid', 'alg'],
};

/** Members whose values are credentials: kept off `config.options` enumeration. */
const SECRET_MEMBERS = ['clientSecret', 'key'] as const;

function quoted(list: readonly string[]): string {
  return list.map((item) => `"${item}"`).join(', ');
}

/** A method name may be echoed only when it looks like one (never a misplaced secret). */
function describeMethod(method: unknown): string {
  if (method === undefined) return 'it is missing';
  if (typeof method !== 'string') return `got a ${typeof method}`;
  return /^[a-z_]{1,40}$/.test(method) ? `got "${method}"` : 'got an unsupported value';
}

function clientSecretOf(value: unknown, method: ClientAuthMethod): string {
  const name = '"options.clientAuth.clientSecret"';
  if (value === undefined) {
    throw argError(
      'ERR_MISSING_OPTION',
      method === 'client_secret_jwt'
        ? `${name} is required for client_secret_jwt: the integration's client secret, the HMAC key of the assertions.`
        : `${name} is required for ${method}: the integration's client secret.`,
    );
  }
  if (typeof value !== 'string') throw argError('ERR_INVALID_ARG_TYPE', `${name} must be a string.`);
  if (value === '') throw argError('ERR_INVALID_ARG_VALUE', `${name} must not be empty.`);
  return value;
}

function hmacAlgOf(value: unknown): ClientSecretJwtAlgorithm {
  if (value === undefined) return 'HS256';
  if (typeof value !== 'string') throw argError('ERR_INVALID_ARG_TYPE', '"options.clientAuth.alg" must be a string such as "HS256".');
  if ((CLIENT_SECRET_JWT_ALGORITHMS as readonly string[]).includes(value)) return value as ClientSecretJwtAlgorithm;
  const known = (PRIVATE_KEY_JWT_ALGORITHMS as readonly string[]).includes(value);
  throw argError(
    'ERR_INVALID_ARG_VALUE',
    `"options.clientAuth.alg" must be ${quoted(CLIENT_SECRET_JWT_ALGORITHMS)} for client_secret_jwt (an HMAC with the client secret); ${
      known ? `got "${value}", which signs with a private key: use method "private_key_jwt" with "key" for it.` : 'got an unsupported value.'
    }`,
  );
}

/** Without `clientAuth`: today's `clientSecret` + `tokenEndpointAuthMethod` (Basic by default). */
function legacy(options: ClientAuthOptions): ResolvedClientAuth {
  const { clientSecret } = options;
  if (clientSecret !== undefined) {
    if (typeof clientSecret !== 'string') throw argError('ERR_INVALID_ARG_TYPE', '"options.clientSecret" must be a string.');
    if (clientSecret === '') throw argError('ERR_INVALID_ARG_VALUE', '"options.clientSecret" must not be empty.');
  }
  const method = options.tokenEndpointAuthMethod ?? 'client_secret_basic';
  if (method !== 'client_secret_basic' && method !== 'client_secret_post') {
    throw argError(
      'ERR_INVALID_ARG_VALUE',
      method === 'client_secret_jwt' || method === 'private_key_jwt'
        ? `"options.tokenEndpointAuthMethod" takes "client_secret_basic" or "client_secret_post"; for ${method} use "options.clientAuth": ${
            method === 'client_secret_jwt' ? "{ method: 'client_secret_jwt', clientSecret }" : "{ method: 'private_key_jwt', key, kid? }"
          }.`
        : '"options.tokenEndpointAuthMethod" must be "client_secret_basic" or "client_secret_post".',
    );
  }
  return { method, secret: clientSecret };
}

/**
 * Validates how the client authenticates: `options.clientAuth`, or else `clientSecret` with
 * `tokenEndpointAuthMethod`. Bad input is a `TypeError` with a Node-style `code`
 * (`ERR_INVALID_ARG_TYPE`, `ERR_INVALID_ARG_VALUE`, `ERR_MISSING_OPTION`) whose message says what
 * to change and never contains the secret or key.
 */
export function resolveClientAuth(options: ClientAuthOptions): ResolvedClientAuth {
  const { clientAuth } = options;
  if (clientAuth === undefined) return legacy(options);
  if (options.clientSecret !== undefined || options.tokenEndpointAuthMethod !== undefined) {
    throw argError(
      'ERR_INVALID_ARG_VALUE',
      'Give either "options.clientAuth" or "options.clientSecret"/"options.tokenEndpointAuthMethod", not both: put the secret in "options.clientAuth.clientSecret".',
    );
  }
  if (typeof clientAuth !== 'object' || clientAuth === null || Array.isArray(clientAuth)) {
    throw argError('ERR_INVALID_ARG_TYPE', '"options.clientAuth" must be an object such as { method: \'private_key_jwt\', key }.');
  }
  const auth = clientAuth as Record<string, unknown>;
  const method = auth.method;
  if (typeof method !== 'string' || !(CLIENT_AUTH_METHODS as readonly string[]).includes(method)) {
    throw argError(
      method === undefined || typeof method === 'string' ? 'ERR_INVALID_ARG_VALUE' : 'ERR_INVALID_ARG_TYPE',
      `"options.clientAuth.method" must be one of ${quoted(CLIENT_AUTH_METHODS)}; ${describeMethod(method)}.`,
    );
  }
  const known = MEMBERS[method as ClientAuthMethod];
  for (const member of Object.keys(auth)) {
    if (!known.includes(member)) {
      throw argError(
        'ERR_INVALID_ARG_VALUE',
        `"options.clientAuth.${member.length <= 40 ? member : `${member.slice(0, 40)}…`}" is not an option of ${method}, which takes ${quoted(known)}.`,
      );
    }
  }
  switch (method as ClientAuthMethod) {
    case 'client_secret_basic':
    case 'client_secret_post':
      return { method: method as 'client_secret_basic' | 'client_secret_post', secret: clientSecretOf(auth.clientSecret, method as ClientAuthMethod) };
    case 'client_secret_jwt':
      return { method: 'client_secret_jwt', secret: clientSecretOf(auth.clientSecret, 'client_secret_jwt'), alg: hmacAlgOf(auth.alg) };
    case 'private_key_jwt': {
      const { alg, kid, signingKey } = resolvePrivateKey(auth.key, auth.alg, auth.kid);
      return { method: 'private_key_jwt', alg, kid, signingKey };
    }
  }
}

/**
 * The `clientAuth` kept on `config.options`: a frozen copy whose `method`, `alg` and `kid` show
 * when the configuration is logged, while `clientSecret` and `key` stay readable but not
 * enumerable (so `console.log`, util.inspect and JSON.stringify never print them).
 */
export function visibleClientAuth(clientAuth: WebexClientAuth): WebexClientAuth {
  const source = clientAuth as unknown as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const [member, value] of Object.entries(source)) {
    if (!(SECRET_MEMBERS as readonly string[]).includes(member)) copy[member] = value;
  }
  for (const member of SECRET_MEMBERS) {
    if (member in source) Object.defineProperty(copy, member, { value: source[member], enumerable: false });
  }
  return Object.freeze(copy) as unknown as WebexClientAuth;
}

/** Whether the client has credentials to send (a secret or a key). */
export function hasClientCredentials(auth: ResolvedClientAuth): boolean {
  return auth.method === 'private_key_jwt' || auth.secret !== undefined;
}
