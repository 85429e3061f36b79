/**
 * A tiny headless browser: fetch with `redirect: 'manual'` and a cookie jar, driving the
 * sandbox's own login, consent and device pages over real HTTP.
 */

interface StoredCookie {
  name: string;
  value: string;
  path: string;
}

/** RFC 6265 §5.1.4: the directory of the request path, for a cookie without `Path`. */
function defaultPath(url: URL): string {
  const last = url.pathname.lastIndexOf('/');
  return last <= 0 ? '/' : url.pathname.slice(0, last);
}

/** RFC 6265 §5.1.4: whether a request path is within a cookie's path. */
function pathMatches(cookiePath: string, requestPath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath.charAt(cookiePath.length) === '/';
}

/**
 * Cookies of one browser on the sandbox's single host, kept as a browser keeps them: one cookie
 * per name **and path**, sent only to paths within its own. oidc-provider scopes each sign-in's
 * interaction cookies (`_interaction`, `_interaction_resume`) to that interaction's paths, so
 * sign-ins in progress side by side each keep their own; the session cookie (`/`) is shared.
 */
export class CookieJar {
  readonly #cookies = new Map<string, StoredCookie>();
  #queue: Promise<unknown> = Promise.resolve();

  /** Takes the `Set-Cookie` headers of a response to a request for `url`. */
  store(res: Response, url: URL): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      let path = defaultPath(url);
      let expired = false;
      for (const attr of attrs) {
        const at = attr.indexOf('=');
        const key = (at < 0 ? attr : attr.slice(0, at)).trim().toLowerCase();
        const val = at < 0 ? '' : attr.slice(at + 1).trim();
        if (key === 'path' && val.startsWith('/')) path = val;
        else if (key === 'max-age') expired ||= Number(val) <= 0;
        else if (key === 'expires') expired ||= Date.parse(val) <= Date.now();
      }
      const key = `${path} ${name}`;
      if (expired || value === '') this.#cookies.delete(key);
      else this.#cookies.set(key, { name, value, path });
    }
  }

  /** The `Cookie` header value for a request to `url` (longer paths first, as browsers send them). */
  header(url: URL): string {
    return [...this.#cookies.values()]
      .filter((c) => pathMatches(c.path, url.pathname))
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  /**
   * Runs `task` once every task queued before it on this jar has settled: one sign-in at a time
   * per browser. Side by side, a sign-in that ends rotates the session cookie (oidc-provider
   * destroys the old one) while another is about to send it, and the other then fails.
   */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

/** One HTTP request of a drive. */
export interface Step {
  method: 'GET' | 'POST';
  url: URL;
  form?: Record<string, string>;
}

/** How a drive goes: who signs in, whether to refuse, and when the journey is over. */
export interface DriveOptions {
  /** Email of the user to sign in as. */
  email: string;
  deny: boolean;
  /** The device user code to enter on the device pages. */
  userCode?: string;
  /** A redirect to this URL ends the drive (the client's callback). */
  isFinal: (location: URL) => boolean;
}

/** What a drive ended on: a final redirect, or a page that ends it (device success/denial). */
export type DriveResult = { kind: 'redirect'; location: URL } | { kind: 'page'; prompt: string; text: string };

function hiddenInputs(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input\b[^>]*>/g)) {
    const tag = m[0];
    const name = /\bname="([^"]*)"/.exec(tag)?.[1];
    const value = /\bvalue="([^"]*)"/.exec(tag)?.[1];
    if (name !== undefined && value !== undefined && /type="hidden"/.test(tag)) out[name] = value;
  }
  return out;
}

function alertText(html: string): string {
  return /<p role="alert">([^<]*)<\/p>/.exec(html)?.[1] ?? '';
}

/** The visible text of a page (without the banner), for error messages. */
function pageText(html: string): string {
  const body = html.slice(Math.max(0, html.indexOf('<h1')));
  return body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 300);
}

const MAX_STEPS = 30;

/** Follows redirects and fills in the sandbox's forms until `isFinal` or an end page. */
export async function drive(start: Step, jar: CookieJar, opts: DriveOptions): Promise<DriveResult> {
  let step: Step = start;
  for (let i = 0; i < MAX_STEPS; i += 1) {
    const headers: Record<string, string> = { cookie: jar.header(step.url) };
    let body: string | undefined;
    if (step.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(step.form).toString();
    }
    const res = await fetch(step.url, { method: step.method, headers, body, redirect: 'manual' });
    jar.store(res, step.url);

    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      await res.body?.cancel();
      const next = new URL(location, step.url);
      if (opts.isFinal(next)) return { kind: 'redirect', location: next };
      step = { method: 'GET', url: next };
      continue;
    }

    const text = await res.text();
    const prompt = /<body data-prompt="([^"]*)"/.exec(text)?.[1] ?? '';
    const here = step.url;
    const interaction = (action: string): URL => new URL(`${here.pathname.replace(/\/$/, '')}/${action}`, here);
    switch (prompt) {
      case 'login':
        step = opts.deny
          ? { method: 'POST', url: interaction('abort'), form: {} }
          : { method: 'POST', url: interaction('login'), form: { email: opts.email } };
        break;
      case 'consent':
        step = { method: 'POST', url: interaction(opts.deny ? 'abort' : 'confirm'), form: {} };
        break;
      case 'device-code':
        step = { method: 'POST', url: new URL(here.pathname, here), form: { ...hiddenInputs(text), user_code: opts.userCode ?? '' } };
        break;
      case 'device-confirm': {
        const form = hiddenInputs(text);
        if (opts.deny) {
          delete form.confirm;
          form.abort = 'yes';
        }
        step = { method: 'POST', url: new URL(here.pathname, here), form };
        break;
      }
      case 'device-success':
      case 'device-error':
        return { kind: 'page', prompt, text: alertText(text) };
      default:
        throw new Error(`sandbox sign-in stopped at ${here.pathname} with HTTP ${res.status}: ${pageText(text)}`);
    }
  }
  throw new Error(`sandbox sign-in did not finish within ${MAX_STEPS} steps`);
}
