/**
 * A tiny browser for tests: `fetch` that never follows redirects and keeps one cookie jar per
 * instance (name → value; enough for the session cookies of the apps under test). Paths resolve
 * against `base` when one is given.
 */
export class Browser {
  readonly cookies = new Map<string, string>();

  constructor(readonly base?: string | URL) {}

  /** Sends a request (GET by default) with the jar's cookies and stores the ones set in the answer. */
  async request(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) {
      headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    }
    const target = this.base === undefined ? url : new URL(url, this.base);
    const res = await fetch(target, { ...init, headers, redirect: 'manual' });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const eq = pair.indexOf('=');
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    return res;
  }

  /** The `Location` of a redirect, resolved against `base`; throws when `res` is not a redirect. */
  static location(res: Response, base: string | URL): URL {
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || location === null) {
      throw new Error(`expected a redirect, got ${res.status}`);
    }
    return new URL(location, base);
  }
}
