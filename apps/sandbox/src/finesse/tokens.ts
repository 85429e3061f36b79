/** The simulator's IdS: RS256 JWT token pairs with short lifetimes, refresh, revocation, counters. */
import { randomUUID } from 'node:crypto';
import { type CryptoKey, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import type { AgentRecord } from './model.js';
import type { FinesseSimulatorStats, SimulatedTokenResponse } from './types.js';

interface IssuedToken {
  loginId: string;
  expiresAt: number;
  revoked: boolean;
  refreshed: boolean;
}

/** Why a token was not accepted. */
export type TokenRejection = 'malformed' | 'expired' | 'revoked' | 'wrong_type';

/** Result of checking a token. */
export type TokenCheck = { ok: true; loginId: string } | { ok: false; reason: TokenRejection };

/** A fresh set of counters. */
export function emptyStats(): FinesseSimulatorStats {
  return {
    idsLogins: 0,
    tokensIssued: 0,
    refreshes: 0,
    refreshesByPost: 0,
    refreshesByGet: 0,
    refreshesRejected: 0,
    duplicateRefreshes: 0,
    apiRequests: 0,
    unauthorized: 0,
    expiredTokenUses: 0,
  };
}

/** Issues and checks token pairs. */
export class TokenAuthority {
  readonly #access = new Map<string, IssuedToken>();
  readonly #refresh = new Map<string, IssuedToken>();

  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    readonly issuer: string,
    readonly realm: string,
    public accessTtlSeconds: number,
    public refreshTtlSeconds: number,
  ) {}

  /** Generates the RS256 signing key. */
  static async create(issuer: string, realm: string, accessTtl: number, refreshTtl: number): Promise<TokenAuthority> {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    return new TokenAuthority(privateKey, publicKey, issuer, realm, accessTtl, refreshTtl);
  }

  async #sign(agent: AgentRecord, use: 'access' | 'refresh', ttlSeconds: number, store: Map<string, IssuedToken>): Promise<string> {
    const jti = randomUUID();
    const now = Date.now();
    const expiresAt = now + Math.round(ttlSeconds * 1000);
    const jwt = await new SignJWT({ token_use: use, user_id: agent.loginName, realm: this.realm })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'finesse-sim' })
      .setIssuer(this.issuer)
      .setSubject(agent.loginId)
      .setJti(jti)
      .setIssuedAt(Math.floor(now / 1000))
      .setExpirationTime(Math.ceil(expiresAt / 1000))
      .sign(this.privateKey);
    store.set(jti, { loginId: agent.loginId, expiresAt, revoked: false, refreshed: false });
    return jwt;
  }

  /** The JSON `/desktop/sso/token` answers with. */
  async issue(agent: AgentRecord, withRefresh: boolean): Promise<SimulatedTokenResponse> {
    const token = await this.#sign(agent, 'access', this.accessTtlSeconds, this.#access);
    const body: SimulatedTokenResponse = {
      token,
      expires_in: this.accessTtlSeconds,
      user_id: agent.loginName,
      realm: this.realm,
      user_principal: `${agent.loginName}@${this.realm}`,
    };
    if (withRefresh) body.refresh_token = await this.#sign(agent, 'refresh', this.refreshTtlSeconds, this.#refresh);
    return body;
  }

  async #check(token: string, use: 'access' | 'refresh'): Promise<{ jti: string; record: IssuedToken } | TokenRejection> {
    let jti: string | undefined;
    let tokenUse: unknown;
    try {
      const { payload } = await jwtVerify(token, this.publicKey, { issuer: this.issuer, algorithms: ['RS256'], clockTolerance: 2 });
      jti = payload.jti;
      tokenUse = payload['token_use'];
    } catch (err) {
      return (err as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'expired' : 'malformed';
    }
    if (tokenUse !== use) return 'wrong_type';
    const record = jti === undefined ? undefined : (use === 'access' ? this.#access : this.#refresh).get(jti);
    if (jti === undefined || record === undefined) return 'malformed';
    if (record.revoked) return 'revoked';
    return { jti, record };
  }

  /** Checks an access token (signature, issuer, millisecond expiry, revocation). */
  async verifyAccess(token: string): Promise<TokenCheck> {
    const found = await this.#check(token, 'access');
    if (typeof found === 'string') return { ok: false, reason: found };
    if (Date.now() >= found.record.expiresAt) return { ok: false, reason: 'expired' };
    return { ok: true, loginId: found.record.loginId };
  }

  /**
   * Checks a refresh request. Returns the agent's id, and whether the presented access token
   * (POST form) had already been refreshed.
   */
  async checkRefresh(refreshToken: string, accessToken: string | undefined): Promise<{ ok: true; loginId: string; duplicate: boolean } | { ok: false; reason: TokenRejection }> {
    const found = await this.#check(refreshToken, 'refresh');
    if (typeof found === 'string') return { ok: false, reason: found };
    if (Date.now() >= found.record.expiresAt) return { ok: false, reason: 'expired' };
    let duplicate = false;
    if (accessToken !== undefined) {
      const access = await this.#check(accessToken, 'access');
      if (typeof access === 'string' && access !== 'revoked' && access !== 'expired') return { ok: false, reason: access };
      if (typeof access !== 'string') {
        if (access.record.loginId !== found.record.loginId) return { ok: false, reason: 'malformed' };
        duplicate = access.record.refreshed;
        access.record.refreshed = true;
      }
    }
    return { ok: true, loginId: found.record.loginId, duplicate };
  }

  /** Revokes a refresh token by value (rotation). */
  async revokeRefreshToken(token: string): Promise<void> {
    const found = await this.#check(token, 'refresh');
    if (typeof found !== 'string') found.record.revoked = true;
  }

  /** Revokes every access and/or refresh token of an agent. */
  revokeAll(loginId: string, which: { access: boolean; refresh: boolean }): void {
    if (which.access) for (const t of this.#access.values()) if (t.loginId === loginId) t.revoked = true;
    if (which.refresh) for (const t of this.#refresh.values()) if (t.loginId === loginId) t.revoked = true;
  }

  /** Whether `token` is an access token this authority issued that is past its expiry (for counting). */
  async isExpiredAccessToken(token: string): Promise<boolean> {
    const found = await this.#check(token, 'access');
    if (found === 'expired') return true;
    return typeof found !== 'string' && Date.now() >= found.record.expiresAt;
  }
}
