import type { WebexTokenSet } from '@webex-oidc/core';

export interface IdpStub {
  url: string;
  issuer: string;
  discoveryUrl: string;
  clientId: string;
  clientSecret: string;
  issue(refreshTtlSeconds?: number): WebexTokenSet;
  requestCount(path?: string): number;
  setFaults(list: Array<{ status: number; retryAfter?: number; times?: number }>): void;
  setRotate(value: boolean): void;
  isValid(refreshToken: string): boolean;
  close(): Promise<void>;
}

export function startIdpStub(options?: { accessTokenTtl?: number; rotate?: boolean; latencyMs?: number }): Promise<IdpStub>;
