/**
 * What `promise` rejects with; throws when it resolves. `E` is the error type the caller expects
 * (e.g. `failure<WebexOidcError>(…)`); the default keeps every property reachable for assertions.
 */
export async function failure<E extends Error = Error & Record<string, unknown>>(promise: Promise<unknown>): Promise<E> {
  try {
    await promise;
  } catch (err) {
    return err as E;
  }
  throw new Error('expected a rejection');
}
