import type ProviderClass from 'oidc-provider';

/** The `Provider` class of oidc-provider. */
export type ProviderConstructor = typeof ProviderClass;

let loaded: Promise<ProviderConstructor> | undefined;

/**
 * Imports oidc-provider once. Its module prints "Unsupported runtime" when evaluated on Node 20;
 * the library works there (measured, see DESIGN.md), so that one line is filtered out while the
 * module is evaluated. Every other warning still goes through.
 */
export function loadProvider(): Promise<ProviderConstructor> {
  loaded ??= (async () => {
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].includes('Unsupported runtime')) return;
      warn.apply(console, args);
    };
    try {
      const mod = await import('oidc-provider');
      return mod.default;
    } finally {
      console.warn = warn;
    }
  })();
  return loaded;
}
