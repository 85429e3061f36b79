/**
 * Vitest fixture for the sandbox IdP: one sandbox per test file (or `describe` block), started
 * in `beforeAll` on a random loopback port and closed in `afterAll`.
 */
import { afterAll, beforeAll } from 'vitest';
import { startSandbox, type Sandbox, type SandboxOptions } from '@webex-oidc/sandbox';

/**
 * Registers `beforeAll`/`afterAll` hooks that start and stop a quiet sandbox, and returns a
 * getter for it (call the getter inside tests or hooks, not at module level).
 *
 * @example
 * ```ts
 * const sandbox = useSandbox({ accessTokenTtl: 2 });
 * it('signs in', async () => {
 *   const callback = await sandbox().signIn(url);
 * });
 * ```
 */
export function useSandbox(options: SandboxOptions = {}): () => Sandbox {
  let current: Sandbox | undefined;
  beforeAll(async () => {
    current = await startSandbox({ quiet: true, ...options });
  });
  afterAll(async () => {
    await current?.close();
    current = undefined;
  });
  return () => {
    if (!current) throw new Error('the sandbox runs only between beforeAll and afterAll (call the getter inside a test)');
    return current;
  };
}
