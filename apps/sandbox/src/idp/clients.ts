import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { ClientMetadata, SigningAlgorithm } from 'oidc-provider';
import type { SandboxClient, SandboxClientAuthMethod } from '../types.js';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** The client authentication methods the sandbox accepts and discovery lists, in Webex's order. */
export const CLIENT_AUTH_METHODS: readonly SandboxClientAuthMethod[] = [
  'client_secret_post',
  'client_secret_basic',
  'client_secret_jwt',
  'private_key_jwt',
];

/** Algorithms accepted for `client_secret_jwt` (HS*) and `private_key_jwt` (RS*, PS*, ES*) assertions. */
export const CLIENT_AUTH_SIGNING_ALGS: readonly SigningAlgorithm[] = [
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
];

/**
 * `kid` of the key the sandbox itself holds for each `private_key_jwt` client, to authenticate
 * device authorization requests on the client's behalf (Webex takes them without client
 * authentication; oidc-provider wants the registered method). Its private half never leaves the
 * sandbox process.
 */
export const DEVICE_AUTHORIZE_KID = 'sandbox-device-authorize';

/** A client as registered: a copy of the caller's, plus the sandbox-held device-authorize key. */
export interface RegisteredClient extends SandboxClient {
  /** The {@link DEVICE_AUTHORIZE_KID} key pair (`private_key_jwt` clients only). */
  readonly deviceAuthorizeKey?: { readonly privateKey: CryptoKey; readonly publicJwk: JWK };
}

/** JWK members that hold private or symmetric key material. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

function checkClient(client: SandboxClient, where: string): void {
  if (typeof client !== 'object' || client === null) throw new TypeError(`${where} must be an object`);
  if (typeof client.clientId !== 'string' || client.clientId === '') throw new TypeError(`${where}.clientId must be a non-empty string`);
  if (typeof client.clientSecret !== 'string') throw new TypeError(`${where}.clientSecret must be a string`);
  if (!Array.isArray(client.redirectUris)) throw new TypeError(`${where}.redirectUris must be an array of URIs`);
  const method = client.tokenEndpointAuthMethod ?? 'client_secret_basic';
  if (!CLIENT_AUTH_METHODS.includes(method)) {
    throw new TypeError(`${where}.tokenEndpointAuthMethod must be one of ${CLIENT_AUTH_METHODS.join(', ')}; got ${String(method)}`);
  }
  if (method === 'client_secret_jwt' && client.clientSecret === '') {
    throw new TypeError(`${where}.clientSecret is the HMAC key of client_secret_jwt and must not be empty`);
  }
  if (client.jwks !== undefined) {
    if (typeof client.jwks !== 'object' || client.jwks === null || !Array.isArray(client.jwks.keys)) {
      throw new TypeError(`${where}.jwks must be a JWK set: { keys: [...] }`);
    }
    client.jwks.keys.forEach((key, i) => {
      if (typeof key !== 'object' || key === null || typeof key.kty !== 'string') {
        throw new TypeError(`${where}.jwks.keys[${i}] must be a JWK with "kty"`);
      }
      if (PRIVATE_MEMBERS.some((member) => member in key)) {
        throw new TypeError(
          `${where}.jwks.keys[${i}] holds private key material; register only the public key (the client keeps the private one)`,
        );
      }
    });
  }
  if (method === 'private_key_jwt' && (client.jwks === undefined || client.jwks.keys.length === 0)) {
    throw new TypeError(`${where} uses private_key_jwt and needs "jwks" with the client's public key(s)`);
  }
}

/**
 * Validates and copies the clients to register (the default client first); each
 * `private_key_jwt` client gets a sandbox-held ES256 key for device authorization (see
 * {@link DEVICE_AUTHORIZE_KID}).
 */
export async function registerClients(clients: readonly SandboxClient[]): Promise<RegisteredClient[]> {
  const registered: RegisteredClient[] = [];
  for (const [i, client] of clients.entries()) {
    checkClient(client, i === 0 ? 'client' : `clients[${i - 1}]`);
    const copy: SandboxClient = { ...client, redirectUris: [...client.redirectUris] };
    if (client.jwks !== undefined) copy.jwks = structuredClone(client.jwks);
    if (client.tokenEndpointAuthMethod !== 'private_key_jwt') {
      registered.push(copy);
      continue;
    }
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid: DEVICE_AUTHORIZE_KID, alg: 'ES256', use: 'sig' };
    registered.push({ ...copy, deviceAuthorizeKey: { privateKey, publicJwk } });
  }
  return registered;
}

/** oidc-provider metadata of a registered client (every flow, its own authentication method). */
export function clientMetadata(client: RegisteredClient): ClientMetadata {
  const metadata: ClientMetadata = {
    client_id: client.clientId,
    client_secret: client.clientSecret,
    redirect_uris: client.redirectUris,
    grant_types: ['authorization_code', 'refresh_token', 'implicit', DEVICE_GRANT],
    response_types: ['code', 'id_token', 'id_token token'],
    token_endpoint_auth_method: client.tokenEndpointAuthMethod ?? 'client_secret_basic',
  };
  const keys = [...(client.jwks?.keys ?? [])];
  if (client.deviceAuthorizeKey !== undefined) keys.push(client.deviceAuthorizeKey.publicJwk);
  if (keys.length > 0) metadata.jwks = { keys: keys.map((k) => ({ ...k })) };
  return metadata;
}

function basic(client: SandboxClient): string {
  const encode = (v: string): string => encodeURIComponent(v);
  return `Basic ${Buffer.from(`${encode(client.clientId)}:${encode(client.clientSecret)}`).toString('base64')}`;
}

async function assertion(client: RegisteredClient, audience: string): Promise<string | undefined> {
  const jwt = new SignJWT({ jti: randomBytes(16).toString('base64url') })
    .setIssuer(client.clientId)
    .setSubject(client.clientId)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime('60s');
  if (client.tokenEndpointAuthMethod === 'client_secret_jwt') {
    return jwt.setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(client.clientSecret));
  }
  if (client.deviceAuthorizeKey !== undefined) {
    return jwt.setProtectedHeader({ alg: 'ES256', kid: DEVICE_AUTHORIZE_KID }).sign(client.deviceAuthorizeKey.privateKey);
  }
  return undefined;
}

/**
 * The credentials the sandbox adds to a device authorization request that carries none, in
 * the client's registered method: an HTTP Basic header, or a client assertion (for `audience`)
 * in the form.
 */
export async function deviceAuthorizeCredentials(
  client: RegisteredClient,
  audience: string,
): Promise<{ authorization: string } | { form: Record<string, string> }> {
  const method = client.tokenEndpointAuthMethod ?? 'client_secret_basic';
  if (method === 'client_secret_basic' || method === 'client_secret_post') return { authorization: basic(client) };
  const jwt = await assertion(client, audience);
  if (jwt === undefined) throw new Error(`no device-authorize credentials for client ${client.clientId}`);
  return {
    form: { client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: jwt },
  };
}
