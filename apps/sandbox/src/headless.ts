/**
 * A tiny headless browser: fetch with `redirect: 'manual'` and a cookie jar, driving the
 * sandbox's own login, consent and device pages over real HTTP.
 */

/** Cookies of one browser (by name; the sandbox is a single host). */
export class CookieJar {
  readonly #cookies = new Map<string, string>();

  /** Takes the `Set-Cookie` headers of a response. */
  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => {
        const [k = '', v = ''] = a.trim().split('=');
        if (k.toLowerCase() === 'max-age') return Number(v) <= 0;
        if (k.toLowerCase() === 'expires') return Date.parse(v) <= Date.now();
        return false;
      });
      if (expired || value === '') this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }

  /** The `Cookie` header value. */
  header(): string {
    return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
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
    const headers: Record<string, string> = { cookie: jar.header() };
    let body: string | undefined;
    if (step.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(step.form).toString();
    }
    const res = await fetch(step.url, { method: step.method, headers, body, redirect: 'manual' });
    jar.store(res);

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
