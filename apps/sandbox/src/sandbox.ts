import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Provider from 'oidc-provider';
import { mintAccessToken } from './api/tokens.js';
import {
  DEFAULTS,
  GUEST_CLIENT_ID,
  SANDBOX_ORG_ID,
  SERVICE_APP_CLIENT_ID,
  defaultClient,
  defaultUsers,
} from './defaults.js';
import { normalizeFaults } from './faults.js';
import { CookieJar, drive } from './headless.js';
import { Accounts, SERVICE_APP_ACCOUNT, webexId } from './idp/accounts.js';
import { DEVICE_AUTHORIZE_PATH, DEVICE_TOKEN_PATH, DEVICE_VERIFY_PATH, type DevicePolls } from './idp/device.js';
import { registerClients } from './idp/clients.js';
import { generateSigningKey } from './idp/keys.js';
import { MemoryStore } from './idp/memory-store.js';
import { applyIssuer, createProvider, type ProviderDeps } from './idp/provider.js';
import { DISCOVERY_PATH } from './idp/webex-shims.js';
import { loadProvider } from './load-provider.js';
import { createListener } from './server.js';
import type { SandboxState } from './state.js';
import type { ApproveDeviceOptions, Sandbox, SandboxClient, SandboxOptions, SandboxTtls, SignInOptions } from './types.js';

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) {
    throw new TypeError(`${name} must be a positive integer number of seconds, got ${String(value)}`);
  }
  return value;
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/**
 * Starts a local Webex-compatible identity provider (oidc-provider underneath) on a loopback
 * port. It is a development and test tool, never a production IdP.
 *
 * @example
 * ```ts
 * const sandbox = await startSandbox({ quiet: true });
 * // … point the client at sandbox.discoveryUrl with sandbox.client …
 * await sandbox.close();
 * ```
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const Provider = await loadProvider();
  const host = options.host ?? '127.0.0.1';
  const quiet = options.quiet ?? false;
  const state: SandboxState = {
    ttl: {
      accessToken: positive('accessTokenTtl', options.accessTokenTtl, DEFAULTS.accessTokenTtl),
      refreshToken: positive('refreshTokenTtl', options.refreshTokenTtl, DEFAULTS.refreshTokenTtl),
      idToken: positive('idTokenTtl', options.idTokenTtl, DEFAULTS.idTokenTtl),
      deviceCode: positive('deviceCodeTtl', options.deviceCodeTtl, DEFAULTS.deviceCodeTtl),
    },
    deviceInterval: positive('deviceInterval', options.deviceInterval, DEFAULTS.deviceInterval),
    rotateRefreshTokens: options.rotateRefreshTokens ?? false,
    faults: [],
    issuerOverride: undefined,
    requestCounts: new Map(),
  };

  const client = defaultClient();
  const clients = await registerClients([client, ...(options.clients ?? [])]);
  const clientMap = new Map(clients.map((c) => [c.clientId, c]));
  if (clientMap.size !== clients.length) throw new TypeError('client ids must be unique (sandbox-client is taken)');
  const users = options.users ? options.users.map((u) => ({ ...u })) : defaultUsers();
  if (users.length === 0) throw new TypeError('users must not be empty');
  const accounts = new Accounts(users);
  const guestIssuer = {
    issuerId: webexId('ORGANIZATION', SANDBOX_ORG_ID),
    secret: randomBytes(32).toString('base64'),
  };
  const internalClients: SandboxClient[] = [GUEST_CLIENT_ID, SERVICE_APP_CLIENT_ID].map((clientId) => ({
    clientId,
    clientSecret: randomBytes(24).toString('base64url'),
    redirectUris: [],
  }));

  const server = createServer();
  const address = await listen(server, options.port ?? 0, host);
  const hostInUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${hostInUrl}:${address.port}`;
  const issuer = `${url}/idb`;

  const deps: ProviderDeps = {
    Provider,
    issuer,
    state,
    store: new MemoryStore(),
    accounts,
    clients,
    internalClients,
    keys: [await generateSigningKey()],
    cookieKeys: [randomBytes(32).toString('base64url')],
    polls: new Map() as DevicePolls,
  };
  let provider: Provider = createProvider(deps);
  provider.silent = quiet;
  const currentProvider = (): Provider => provider;

  server.on(
    'request',
    createListener({ provider: currentProvider, accounts, guestIssuer, issuer, state, clients: clientMap, quiet }),
  );

  const serviceAppToken = await mintAccessToken(
    provider,
    SERVICE_APP_CLIENT_ID,
    SERVICE_APP_ACCOUNT.id,
    'guest-issuer:write guest-issuer:read spark:all',
    DEFAULTS.serviceAppTokenTtl,
  );

  const jars = new Map<string, CookieJar>();
  const jarFor = (email: string, fresh: boolean): CookieJar => {
    if (fresh) return new CookieJar();
    const jar = jars.get(email) ?? new CookieJar();
    jars.set(email, jar);
    return jar;
  };
  const pickUser = (email: string | undefined | null): string => {
    const found = email ? accounts.userByEmail(email) : undefined;
    if (email && !found) throw new TypeError(`no sandbox user with email ${email}`);
    return (found ?? users[0] ?? { email: '' }).email;
  };

  const sandbox: Sandbox = {
    url,
    apiBaseUrl: `${url}/v1`,
    issuer,
    discoveryUrl: `${url}${DISCOVERY_PATH}`,
    revocationUrl: `${url}/idb/oauth2/v1/revoke`,
    deviceAuthorizationUrl: `${url}${DEVICE_AUTHORIZE_PATH}`,
    deviceTokenUrl: `${url}${DEVICE_TOKEN_PATH}`,
    client: { ...client, redirectUris: [...client.redirectUris] },
    users: users.map((u) => ({ ...u })),
    guestIssuer: { ...guestIssuer },
    serviceApp: { accessToken: serviceAppToken },

    async signIn(authorizationUrl: string | URL, opts: SignInOptions = {}): Promise<URL> {
      const start = new URL(authorizationUrl);
      const email = pickUser(opts.user ?? start.searchParams.get('login_hint'));
      const redirectUri = start.searchParams.get('redirect_uri');
      const target = redirectUri ? new URL(redirectUri) : undefined;
      const isFinal = (loc: URL): boolean =>
        target ? loc.origin === target.origin && loc.pathname === target.pathname : loc.origin !== url;
      const deny = opts.deny ?? false;
      const jar = jarFor(email, deny || (opts.newSession ?? false));
      const result = await jar.exclusive(() => drive({ method: 'GET', url: start }, jar, { email, deny, isFinal }));
      if (result.kind !== 'redirect') throw new Error(`sandbox sign-in ended on the ${result.prompt} page`);
      return result.location;
    },

    async approveDevice(userCode: string, opts: ApproveDeviceOptions = {}): Promise<void> {
      const email = pickUser(opts.user);
      const deny = opts.deny ?? false;
      const result = await drive({ method: 'GET', url: new URL(DEVICE_VERIFY_PATH, url) }, new CookieJar(), {
        email,
        deny,
        userCode,
        isFinal: () => false,
      });
      if (result.kind === 'page' && result.prompt === 'device-success' && !deny) return;
      if (result.kind === 'page' && result.prompt === 'device-error' && deny && /abort|denied|cancel/i.test(result.text)) return;
      throw new Error(`device approval failed: ${result.kind === 'page' ? result.text || result.prompt : 'unexpected redirect'}`);
    },

    setFaults(faults) {
      state.faults = normalizeFaults(faults);
    },
    setIssuerOverride(iss) {
      if (iss !== undefined && !URL.canParse(iss)) throw new TypeError('issuer override must be a URL');
      state.issuerOverride = iss;
      applyIssuer(provider, deps);
    },
    setRotateRefreshTokens(on) {
      state.rotateRefreshTokens = on;
    },
    setTtls(ttls: SandboxTtls) {
      state.ttl.accessToken = positive('accessToken', ttls.accessToken, state.ttl.accessToken);
      state.ttl.refreshToken = positive('refreshToken', ttls.refreshToken, state.ttl.refreshToken);
      state.ttl.idToken = positive('idToken', ttls.idToken, state.ttl.idToken);
    },
    async rotateKeys() {
      const key = await generateSigningKey();
      deps.keys = [key, ...deps.keys];
      const next = createProvider(deps);
      next.silent = quiet;
      provider = next;
      return key.kid;
    },
    requestCount(path: string) {
      return state.requestCounts.get(path) ?? 0;
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
  return sandbox;
}
