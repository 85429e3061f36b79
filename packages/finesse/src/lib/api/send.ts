/** Sends one authenticated Finesse REST request: 401 → one refresh and one retry; errors typed. */
import { FinesseError, FinesseErrorCode } from '../errors.js';
import type { HttpAnswer, HttpRequest, HttpTransport } from '../http/transport.js';
import { parseApiErrors, parseXml, rootElement, type XmlNode } from '../xml.js';
import type { FinesseAuthProvider } from './auth.js';

/** A REST request without credentials (they are added here). */
export type ApiRequest = Omit<HttpRequest, 'headers'> & { anonymous?: boolean };

async function sendOnce(transport: HttpTransport, request: ApiRequest, authorization: string | undefined): Promise<HttpAnswer> {
  const headers: Record<string, string> = { accept: 'application/xml' };
  if (authorization !== undefined) headers['authorization'] = authorization;
  if (request.body !== undefined) headers['content-type'] = 'application/xml';
  return transport.send({ ...request, headers });
}

function apiError(request: ApiRequest, answer: HttpAnswer): FinesseError {
  const apiErrors = parseApiErrors(answer.text);
  const first = apiErrors[0];
  const detail = first === undefined ? '' : `: ${first.errorType}${first.errorData === '' ? '' : ` (${first.errorData})`}`;
  return new FinesseError(
    FinesseErrorCode.ApiError,
    `Finesse refused ${request.method} ${request.path} with ${answer.status}${detail}.`,
    { status: answer.status, apiErrors },
  );
}

function unauthorized(request: ApiRequest, answer: HttpAnswer): FinesseError {
  return new FinesseError(
    FinesseErrorCode.Unauthorized,
    `Finesse refused the credentials for ${request.method} ${request.path} (401); sign in again or check the user id.`,
    { status: 401, apiErrors: parseApiErrors(answer.text) },
  );
}

/** Sends `request`; resolves with a 2xx answer, rejects with a {@link FinesseError} otherwise. */
export async function sendApiRequest(
  transport: HttpTransport,
  auth: FinesseAuthProvider | undefined,
  request: ApiRequest,
): Promise<HttpAnswer> {
  const useAuth = request.anonymous === true ? undefined : auth;
  let authorization = await useAuth?.getAuthorization();
  let answer = await sendOnce(transport, request, authorization);
  if (answer.status === 401 && useAuth?.handleUnauthorized !== undefined && authorization !== undefined) {
    if (await useAuth.handleUnauthorized(authorization)) {
      authorization = await useAuth.getAuthorization();
      answer = await sendOnce(transport, request, authorization);
    }
  }
  if (answer.status >= 200 && answer.status < 300) return answer;
  if (answer.status === 401) throw unauthorized(request, answer);
  if (answer.status >= 300 && answer.status < 400) {
    throw new FinesseError(
      FinesseErrorCode.InvalidResponse,
      `Finesse redirected ${request.method} ${request.path} (${answer.status}); check baseUrl.`,
      { status: answer.status },
    );
  }
  throw apiError(request, answer);
}

/** Sends `request` and returns the root element `rootName` of its XML answer. */
export async function getXml(
  transport: HttpTransport,
  auth: FinesseAuthProvider | undefined,
  request: ApiRequest,
  rootName: string,
): Promise<XmlNode> {
  const answer = await sendApiRequest(transport, auth, request);
  return rootElement(parseXml(answer.text, answer.status), rootName, answer.status);
}
