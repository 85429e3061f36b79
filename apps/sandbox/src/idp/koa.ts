import type { KoaContextWithOIDC, OIDCContext } from 'oidc-provider';

/** A Koa middleware run in front of oidc-provider's routes (`provider.use`). */
export type ProviderMiddleware = (ctx: KoaContextWithOIDC, next: () => Promise<unknown>) => Promise<void>;

/** `ctx.oidc`, which only exists once oidc-provider's router has matched a route. */
export function oidcOf(ctx: KoaContextWithOIDC): OIDCContext | undefined {
  const oidc: OIDCContext | undefined = ctx.oidc;
  return oidc;
}

/** Whether a value is a plain JSON-ish object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
