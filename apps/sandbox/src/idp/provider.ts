import type Provider from 'oidc-provider';
import type { ClientMetadata, Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { DEFAULT_CLIENT_ID, SCOPES } from '../defaults.js';
import type { ProviderConstructor } from '../load-provider.js';
import type { SandboxState } from '../state.js';
import type { SandboxClient } from '../types.js';
import type { Accounts } from './accounts.js';
import { CLIENT_AUTH_METHODS, CLIENT_AUTH_SIGNING_ALGS, clientMetadata, type RegisteredClient } from './clients.js';
import { DEVICE_AUTHORIZE_PATH, DEVICE_VERIFY_PATH, deviceFlowFeature, deviceShims, type DevicePolls } from './device.js';
import { INTERACTION_PREFIX } from './interactions.js';
import type { SigningJwk } from './keys.js';
import type { MemoryStore } from './memory-store.js';
import { escapeHtml, page } from './views.js';
import { TOKEN_ONLY_PARAM, webexShims } from './webex-shims.js';

const DAY = 24 * 3600;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Everything a provider instance is built from; shared by every instance of one sandbox. */
export interface ProviderDeps {
  Provider: ProviderConstructor;
  /** The issuer discovery announces (`${url}/idb`). */
  issuer: string;
  state: SandboxState;
  store: MemoryStore;
  accounts: Accounts;
  /** OAuth clients; the default client first. */
  clients: readonly RegisteredClient[];
  /** Clients the sandbox mints tokens for itself (guests, Service App): no flows. */
  internalClients: readonly SandboxClient[];
  /** Signing keys, the primary first. */
  keys: readonly SigningJwk[];
  cookieKeys: string[];
  polls: DevicePolls;
}

function isLoopbackHttp(uri: string): boolean {
  const url = URL.parse(uri);
  return url !== null && url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname) && url.hash === '';
}

function internalClientMetadata(client: SandboxClient): ClientMetadata {
  return {
    client_id: client.clientId,
    client_secret: client.clientSecret,
    redirect_uris: [],
    grant_types: [],
    response_types: [],
    token_endpoint_auth_method: 'client_secret_basic',
  };
}

/** Consent is granted automatically for the default client (as a pre-approved integration). */
async function loadExistingGrant(ctx: KoaContextWithOIDC) {
  const { oidc } = ctx;
  const client = oidc.client;
  const session = oidc.session;
  if (!client || client.clientId !== DEFAULT_CLIENT_ID || !session?.accountId) {
    const grantId = oidc.result?.consent?.grantId ?? (client ? session?.grantIdFor(client.clientId) : undefined);
    return grantId ? await oidc.provider.Grant.find(grantId) : undefined;
  }
  // A new grant for every sign-in of the default client, as on Webex, where each sign-in holds its
  // own refresh token: oidc-provider revokes every token of a grant when one is revoked, so a
  // reused grant would let the per-user limit's eviction of one session end all of them.
  const grant = new oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
  const scopes = [...oidc.requestParamOIDCScopes];
  if (scopes.length) grant.addOIDCScope(scopes.join(' '));
  const claims = [...oidc.requestParamClaims];
  if (claims.length) grant.addOIDCClaims(claims);
  await grant.save();
  return grant;
}

function configuration(deps: ProviderDeps): Configuration {
  const { state } = deps;
  const internalIds = new Set(deps.internalClients.map((c) => c.clientId));
  return {
    adapter: deps.store.factory,
    clients: [...deps.clients.map(clientMetadata), ...deps.internalClients.map(internalClientMetadata)],
    jwks: { keys: deps.keys.map((k) => ({ ...k })) },
    cookies: { keys: deps.cookieKeys },
    findAccount: (_ctx, id) => deps.accounts.findAccount(id),
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name', 'preferred_username', 'picture'],
    },
    scopes: [...SCOPES],
    responseTypes: ['code', 'id_token', 'id_token token'],
    clientAuthMethods: [...CLIENT_AUTH_METHODS],
    enabledJWA: { idTokenSigningAlgValues: ['RS256'], clientAuthSigningAlgValues: [...CLIENT_AUTH_SIGNING_ALGS] },
    conformIdTokenClaims: false,
    // Expiry is exact (the default tolerates 15 s), so tests with 1–2 s lifetimes see it.
    clockTolerance: 0,
    pkce: { required: () => false },
    extraParams: [TOKEN_ONLY_PARAM],
    expiresWithSession: () => false,
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: () => state.rotateRefreshTokens,
    loadExistingGrant,
    interactions: { url: (_ctx, interaction) => `${INTERACTION_PREFIX}${interaction.uid}` },
    routes: {
      authorization: '/v1/authorize',
      token: '/v1/access_token',
      userinfo: '/v1/userinfo',
      jwks: '/v1/verification',
      device_authorization: DEVICE_AUTHORIZE_PATH,
      code_verification: DEVICE_VERIFY_PATH,
      revocation: '/idb/oauth2/v1/revoke',
    },
    ttl: {
      AccessToken: () => state.ttl.accessToken,
      IdToken: () => state.ttl.idToken,
      // A refresh token expires refreshTokenTtl after its first issue; a rotated one inherits
      // what is left, so refreshing never extends it.
      RefreshToken: (ctx) => ctx?.oidc.entities.RotatedRefreshToken?.remainingTTL ?? state.ttl.refreshToken,
      DeviceCode: () => state.ttl.deviceCode,
      AuthorizationCode: 600,
      Interaction: 3600,
      Session: 14 * DAY,
      Grant: () => Math.max(366 * DAY, state.ttl.refreshToken),
    },
    features: {
      devInteractions: { enabled: false },
      deviceFlow: deviceFlowFeature(),
      revocation: {
        enabled: true,
        // A client may revoke its own tokens; any client may revoke guest and Service App tokens
        // (the sandbox mints those itself, outside a client's flow).
        allowedPolicy: (_ctx, client, token) =>
          token.clientId === client.clientId || internalIds.has(token.clientId ?? ''),
      },
      userinfo: { enabled: true },
      // Not part of Webex's surface.
      pushedAuthorizationRequests: { enabled: false },
      dPoP: { enabled: false },
      rpInitiatedLogout: { enabled: false },
    },
    // oidc-provider's default policy, set explicitly so the library never prints its "default
    // clientBasedCORS function called" NOTICE (a quiet sandbox prints nothing): a cross-origin
    // call is allowed to userinfo, or from a public client, when the origin is that of one of the
    // client's redirect URIs; confidential clients never send their secret from a browser.
    clientBasedCORS: (ctx, origin, client) =>
      origin !== 'null' &&
      (ctx.oidc.route === 'userinfo' || client.clientAuthMethod === 'none') &&
      (client.redirectUris ?? []).some((uri) => URL.parse(uri)?.origin === origin),
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = page(
        'Something went wrong',
        `<p><code>${escapeHtml(out.error)}</code></p><p>${escapeHtml(out.error_description ?? '')}</p>`,
        'error',
      );
    },
  };
}

/** Lets the default client use any loopback `http` redirect URI (test apps use random ports). */
function allowLoopbackRedirects(provider: Provider): void {
  const { prototype } = provider.Client;
  const original = prototype.redirectUriAllowed;
  prototype.redirectUriAllowed = function redirectUriAllowed(this: typeof prototype, uri: string): boolean {
    return (this.clientId === DEFAULT_CLIENT_ID && isLoopbackHttp(uri)) || original.call(this, uri);
  };

  // oidc-provider's recipe "Allowing HTTP and/or localhost for implicit response type web
  // clients": development only, which is all the sandbox is.
  const schema: unknown = Reflect.get(provider.Client, 'Schema');
  if (typeof schema !== 'function') return;
  const proto = (schema as { prototype: { invalidate(message: string, code?: string): void } }).prototype;
  const invalidate = proto.invalidate;
  proto.invalidate = function patched(message: string, code?: string): void {
    if (code === 'implicit-force-https' || code === 'implicit-forbid-localhost') return;
    invalidate.call(this, message, code);
  };
}

/** Points ID tokens at the override issuer (or back at the real one). Discovery is unaffected. */
export function applyIssuer(provider: Provider, deps: Pick<ProviderDeps, 'issuer' | 'state'>): void {
  Reflect.set(provider, 'issuer', deps.state.issuerOverride ?? deps.issuer);
}

/** Builds an oidc-provider instance with the Webex paths, deviations and sandbox pages. */
export function createProvider(deps: ProviderDeps): Provider {
  const provider = new deps.Provider(deps.issuer, configuration(deps));
  allowLoopbackRedirects(provider);
  applyIssuer(provider, deps);
  provider.use(webexShims({ issuer: deps.issuer }));
  provider.use(deviceShims(deps.state, deps.polls));
  return provider;
}
