import { isFinesseError, type FinesseClient } from '@webex-oidc/finesse';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { FinesseDesk } from './desk.js';
import { DeskError, type FinesseDeskOptions } from './options.js';
import { deskPage, deskSignInPage, deskUnavailablePage, type DeskFlash } from './page.js';

declare module 'express-session' {
  interface SessionData {
    /** The outcome of the last desk action, shown once after the redirect. */
    finesseFlash?: DeskFlash;
  }
}

type Form = Record<string, unknown>;
type Action = (client: FinesseClient, form: Form) => Promise<string>;

function field(form: Form, name: string): string | undefined {
  const value = form[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function required(form: Form, name: string, label: string): string {
  const value = field(form, name);
  if (value === undefined) throw new DeskError('Missing input', `${label} is required.`);
  return value;
}

/** Turns any failure into a banner. Finesse's own error type and message are shown; never a token. */
export function flashFor(err: unknown): DeskFlash {
  if (isFinesseError(err)) {
    const status = err.status === undefined ? '' : `HTTP ${err.status}, `;
    return { kind: 'error', title: err.errorType ?? 'Finesse request failed', text: `${err.errorMessage ?? err.message} (${status}${err.code})` };
  }
  if (err instanceof DeskError) return { kind: 'error', title: err.title, text: err.message };
  return { kind: 'error', title: 'Could not reach Finesse', text: 'The server could not sign the agent in to Finesse or complete the request; see the server log.' };
}

/**
 * `GET /finesse` (the agent desk) and its actions, each `POST /finesse/<action>` then a 303 back:
 * `sign-in` (`extension`), `ready`, `not-ready` (`reasonCodeId`), `logout` (`reasonCodeId`),
 * `answer` / `hold` / `retrieve` / `drop` (`dialogId`), `call-data` (`dialogId`, `name`, `value`:
 * one call variable, UPDATE_CALL_DATA), `make-call` (`toAddress`) and, with
 * `simulatorControl`, `incoming-call` (`fromAddress`).
 */
export function createFinesseRouter(options: FinesseDeskOptions, onError?: (err: unknown) => void): { router: Router; desk: FinesseDesk } {
  const desk = new FinesseDesk(options);
  const router = Router();
  const requireSignIn = options.requireSignIn ?? true;
  const dialogAction =
    (act: (client: FinesseClient, id: string) => Promise<void>, done: string): Action =>
    async (client, form) => {
      await act(client, required(form, 'dialogId', 'The call'));
      return done;
    };
  const actions = new Map<string, Action>(Object.entries({
    'sign-in': async (client, form) => {
      const extension = field(form, 'extension') ?? options.extension;
      await client.signIn({ extension });
      return `Signed in at extension ${extension}.`;
    },
    ready: async (client) => {
      await client.setReady();
      return 'Ready.';
    },
    'not-ready': async (client, form) => {
      await client.setNotReady(field(form, 'reasonCodeId'));
      return 'Not Ready.';
    },
    logout: async (client, form) => {
      await client.logout(field(form, 'reasonCodeId'));
      return 'Signed out of Finesse.';
    },
    answer: dialogAction((c, id) => c.answer(id), 'Answered.'),
    hold: dialogAction((c, id) => c.hold(id), 'On hold.'),
    retrieve: dialogAction((c, id) => c.retrieve(id), 'Retrieved.'),
    drop: dialogAction((c, id) => c.drop(id), 'Dropped.'),
    'call-data': async (client, form) => {
      const dialogId = required(form, 'dialogId', 'The call');
      const name = required(form, 'name', 'The call variable');
      const value = typeof form['value'] === 'string' ? form['value'] : '';
      await client.updateCallData(dialogId, { variables: { [name]: value } });
      return `Call data updated: ${name}.`;
    },
    'make-call': async (client, form) => {
      const to = required(form, 'toAddress', 'The number to call');
      await client.makeCall(to);
      return `Calling ${to}.`;
    },
  } satisfies Record<string, Action>));
  const control = options.simulatorControl;
  if (control !== undefined) {
    actions.set('incoming-call', async (client, form) => {
      const fromAddress = field(form, 'fromAddress') ?? '+15550100';
      const agentId = await client.resolveAgentId();
      if ('simulateIncomingCall' in control) {
        await Promise.resolve()
          .then(() => control.simulateIncomingCall(agentId, fromAddress))
          .catch((err: unknown) => {
            throw new DeskError('The simulator refused the call', err instanceof Error ? err.message : 'unknown error');
          });
      } else {
        const url = new URL(`/sandbox/finesse/agents/${encodeURIComponent(agentId)}/incoming-call`, control.baseUrl);
        const res = await fetch(url, { method: 'POST', body: new URLSearchParams({ fromAddress }), signal: AbortSignal.timeout(5_000) });
        if (!res.ok) {
          const body = (await res.json().catch(() => ({}))) as { message?: unknown };
          throw new DeskError('The simulator refused the call', typeof body.message === 'string' ? body.message : `HTTP ${res.status}`);
        }
      }
      return `Incoming call from ${fromAddress}.`;
    });
  }

  const gate = (req: Request, res: Response, next: NextFunction): void => {
    if (!requireSignIn || req.isAuthenticated()) {
      next();
      return;
    }
    res.status(401).type('html').send(deskSignInPage());
  };

  router.get('/finesse', gate, (req, res) => {
    const flash = req.session.finesseFlash;
    delete req.session.finesseFlash;
    desk.snapshot().then(
      (snapshot) => res.type('html').send(deskPage(snapshot, { extension: options.extension, simulator: control !== undefined, flash })),
      (err: unknown) => {
        onError?.(err);
        res.status(502).type('html').send(deskUnavailablePage(flashFor(err)));
      },
    );
  });

  router.post('/finesse/:action', gate, (req, res) => {
    const name = req.params['action'];
    const action = typeof name === 'string' ? actions.get(name) : undefined;
    if (action === undefined) {
      res.status(404).type('text').send('Unknown desk action.');
      return;
    }
    const form: Form = typeof req.body === 'object' && req.body !== null ? (req.body as Form) : {};
    desk
      .client()
      .then((client) => action(client, form))
      .then(
        (text): DeskFlash => ({ kind: 'info', title: 'Done', text }),
        (err: unknown): DeskFlash => {
          if (!isFinesseError(err) && !(err instanceof DeskError)) onError?.(err);
          return flashFor(err);
        },
      )
      .then((flash) => {
        req.session.finesseFlash = flash;
        req.session.save(() => res.redirect(303, '/finesse'));
      });
  });

  return { router, desk };
}
