import type { SandboxFault } from './types.js';

/** Mutable settings of one running sandbox, read by the provider's configuration callbacks. */
export interface SandboxState {
  ttl: { accessToken: number; refreshToken: number; idToken: number; deviceCode: number };
  deviceInterval: number;
  rotateRefreshTokens: boolean;
  faults: SandboxFault[];
  issuerOverride: string | undefined;
  requestCounts: Map<string, number>;
}
