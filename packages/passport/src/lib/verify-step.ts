import type { Request } from 'express';
import type { StrategyCreatedStatic } from 'passport';
import type { VerifyCallback, VerifyFunction, VerifyFunctionWithRequest, WebexStrategyTokens } from './options.js';
import type { WebexProfile } from './profile.js';
import type { TokenSink, TokenSinkClientType } from './token-sink.js';

/** The Passport actions the last step of a sign-in may end with. */
export type PassportActions = Pick<StrategyCreatedStatic, 'success' | 'fail' | 'error'>;

/** Everything the verify step needs. */
export interface VerifyStep {
  req: Request;
  tokens: WebexStrategyTokens;
  profile: WebexProfile;
  verify: VerifyFunction | VerifyFunctionWithRequest;
  passReqToCallback: boolean;
  tokenStore: TokenSink | undefined;
  clientId: string;
  clientType: TokenSinkClientType;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** The verify callback's answer: error, refusal, or success (after the token hand-off). */
async function settle(
  actions: PassportActions,
  step: VerifyStep,
  err: unknown,
  user: Express.User | false | null | undefined,
  info: object | undefined,
): Promise<void> {
  if (err) {
    actions.error(err);
    return;
  }
  if (!user) {
    actions.fail(info ?? { message: 'The Webex account was not accepted by this application.' }, 401);
    return;
  }
  if (step.tokenStore === undefined) {
    actions.success(user, info);
    return;
  }
  const { claims: _claims, ...tokens } = step.tokens;
  const stored = await step.tokenStore.save({
    userId: step.profile.id,
    clientId: step.clientId,
    clientType: step.clientType,
    provider: 'webex',
    tokens,
  });
  actions.success(user, { ...info, stored });
}

/**
 * Call the verify callback — plain, callback-style or `async` — and end the request exactly once:
 * `done(err)`, a throw or a rejection → `error`; `done(null, false, info)` → `fail(info, 401)`;
 * `done(null, user, info)` → hand the tokens to the token store (if any), then `success`.
 */
export async function runVerify(actions: PassportActions, step: VerifyStep): Promise<void> {
  let settled = false;
  const done: VerifyCallback = (err, user, info) => {
    if (settled) return;
    settled = true;
    settle(actions, step, err, user, info).catch((e: unknown) => actions.error(e));
  };
  try {
    const result = step.passReqToCallback
      ? (step.verify as VerifyFunctionWithRequest)(step.req, step.tokens, step.profile, done)
      : (step.verify as VerifyFunction)(step.tokens, step.profile, done);
    if (isPromiseLike(result)) await result;
  } catch (err) {
    if (settled) return;
    settled = true;
    actions.error(err);
  }
}
