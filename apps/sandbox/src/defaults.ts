import type { SandboxClient, SandboxUser } from './types.js';

/** The organization every default user and guest belongs to. */
export const SANDBOX_ORG_ID = '6f0d2a0e-3b8a-4a39-9f2c-5a1e0c0ffee0';

/** Client id of the default confidential client. */
export const DEFAULT_CLIENT_ID = 'sandbox-client';

/** The default confidential client (any loopback redirect URI is accepted for it). */
export function defaultClient(): SandboxClient {
  return {
    clientId: DEFAULT_CLIENT_ID,
    clientSecret: 'sandbox-secret',
    redirectUris: ['http://127.0.0.1/callback', 'http://localhost/callback'],
  };
}

/** The default users; ids are stable across starts. */
export function defaultUsers(): SandboxUser[] {
  return [
    {
      id: '1c3a7e52-8d1f-4b6e-9a43-0a1b2c3d4e01',
      email: 'alice@example.com',
      name: 'Alice Example',
      givenName: 'Alice',
      familyName: 'Example',
      orgId: SANDBOX_ORG_ID,
    },
    {
      id: '1c3a7e52-8d1f-4b6e-9a43-0a1b2c3d4e02',
      email: 'bob@example.com',
      name: 'Bob Example',
      givenName: 'Bob',
      familyName: 'Example',
      orgId: SANDBOX_ORG_ID,
    },
  ];
}

/** Defaults of the TTL and device options, in seconds. */
export const DEFAULTS = {
  accessTokenTtl: 3600,
  refreshTokenTtl: 90 * 24 * 3600,
  idTokenTtl: 3600,
  deviceCodeTtl: 300,
  deviceInterval: 2,
  /** What `/v1/jwt/login` answers as `expiresIn` (6 h). */
  guestJwtTokenTtl: 21_600,
  /** What `/v1/guests/token` answers as `expiresIn` (about 18 h). */
  serviceAppGuestTokenTtl: 64_799,
  /** Lifetime of the Service App's own token (14 days). */
  serviceAppTokenTtl: 14 * 24 * 3600,
} as const;

/** Internal client ids for tokens the sandbox mints outside an OAuth flow. */
export const GUEST_CLIENT_ID = 'sandbox-guest-issuer';
export const SERVICE_APP_CLIENT_ID = 'sandbox-service-app';

/** Scopes the sandbox knows (OpenID plus common Webex scopes). Others are silently dropped. */
export const SCOPES = [
  'openid',
  'email',
  'profile',
  'offline_access',
  'spark:all',
  'spark:kms',
  'spark:people_read',
  'spark:rooms_read',
  'spark:rooms_write',
  'spark:messages_read',
  'spark:messages_write',
  'spark:memberships_read',
  'spark:memberships_write',
  'spark-admin:people_read',
  'guest-issuer:write',
  'guest-issuer:read',
  'cjp:config',
  'cjp:config_read',
  'cjp:config_write',
  'cjp:user',
  'Identity:SCIM',
] as const;
