import type { IncomingMessage } from 'node:http';

/** The whole body of a request a test server received, as text. */
export async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  return body;
}
