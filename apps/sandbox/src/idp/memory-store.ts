import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  /** Epoch milliseconds, or `Infinity`. */
  expiresAt: number;
}

/** Models whose entries are revoked together with their grant. */
const GRANTABLE = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
]);

/**
 * Entries are kept this long past their expiry: oidc-provider checks expiry itself, and a
 * record that is still there lets it answer precisely (`expired_token` for a device code rather
 * than `invalid_grant` for an unknown one).
 */
const GRACE_SECONDS = 600;

/** Expired entries are swept every this many writes. */
const SWEEP_EVERY = 500;

/**
 * The in-memory storage of one sandbox: one `Map` per start (oidc-provider's own memory adapter
 * shares a 1000-entry LRU across the whole process, which busy test files outgrow). It outlives
 * provider instances, so {@link Sandbox.rotateKeys} can swap the provider and keep every grant.
 */
export class MemoryStore {
  readonly #entries = new Map<string, Entry>();
  readonly #index = new Map<string, string>();
  readonly #grants = new Map<string, Set<string>>();
  #writes = 0;

  /** The adapter factory for oidc-provider's `adapter` option. */
  readonly factory: AdapterFactory = (model) => this.#adapter(model);

  #get(key: string): AdapterPayload | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  #sweep(): void {
    const now = Date.now();
    for (const [key, entry] of this.#entries) if (entry.expiresAt <= now) this.#entries.delete(key);
  }

  #adapter(model: string): Adapter {
    const key = (id: string): string => `${model}:${id}`;
    const entries = this.#entries;
    const index = this.#index;
    const grants = this.#grants;
    const get = (k: string): AdapterPayload | undefined => this.#get(k);
    const written = (): void => {
      this.#writes += 1;
      if (this.#writes % SWEEP_EVERY === 0) this.#sweep();
    };
    return {
      async upsert(id, payload, expiresIn) {
        written();
        const expiresAt = typeof expiresIn === 'number' ? Date.now() + (expiresIn + GRACE_SECONDS) * 1000 : Infinity;
        entries.set(key(id), { payload, expiresAt });
        if (model === 'Session' && payload.uid) index.set(`sessionUid:${payload.uid}`, id);
        if (payload.userCode) index.set(`userCode:${payload.userCode}`, id);
        if (GRANTABLE.has(model) && payload.grantId) {
          const members = grants.get(payload.grantId) ?? new Set<string>();
          members.add(key(id));
          grants.set(payload.grantId, members);
        }
      },
      async find(id) {
        return get(key(id));
      },
      async findByUid(uid) {
        const id = index.get(`sessionUid:${uid}`);
        return id === undefined ? undefined : get(key(id));
      },
      async findByUserCode(userCode) {
        const id = index.get(`userCode:${userCode}`);
        return id === undefined ? undefined : get(key(id));
      },
      async consume(id) {
        const payload = get(key(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        entries.delete(key(id));
      },
      async revokeByGrantId(grantId) {
        for (const member of grants.get(grantId) ?? []) entries.delete(member);
        grants.delete(grantId);
      },
    };
  }
}
