import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { WebexOidcError } from '@webex-oidc/core';
import { applyErrorHeaders, toHttpException } from './lib/http-errors.js';

interface JsonResponse {
  setHeader?(name: string, value: string): unknown;
  status(code: number): { json(body: unknown): unknown };
}

/**
 * Answers a `WebexOidcError` that escapes a handler (e.g. from `WebexAuthService.refresh()`) with
 * the same mapping as the guard: 401 / 403 / 503 / 502 and a JSON body saying what to do.
 * Register with `app.useGlobalFilters(new WebexAuthExceptionFilter())` or `@UseFilters(...)`
 * (Express-style responses).
 */
@Catch(WebexOidcError)
export class WebexAuthExceptionFilter implements ExceptionFilter<WebexOidcError> {
  catch(exception: WebexOidcError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<JsonResponse>();
    const mapped = applyErrorHeaders(res, toHttpException(exception));
    res.status(mapped.getStatus()).json(mapped.getResponse());
  }
}
