import { IncomingMessage, type IncomingHttpHeaders } from 'node:http';

const LIMIT = 64 * 1024;

/** Reads a whole request body (up to 64 KiB). */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > LIMIT) throw new Error('request entity too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** Reads a JSON object body; `undefined` when it is not a JSON object. */
export async function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const text = (await readBody(req)).toString('utf8');
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A request equal to `req` but with the given (already read) body and headers, for handing a
 * request whose body a shim had to read on to oidc-provider (which reads the body itself).
 */
export function replayRequest(req: IncomingMessage, body: Buffer, headers: IncomingHttpHeaders): IncomingMessage {
  const copy = new IncomingMessage(req.socket);
  copy.method = req.method;
  copy.url = req.url;
  copy.httpVersion = req.httpVersion;
  copy.httpVersionMajor = req.httpVersionMajor;
  copy.httpVersionMinor = req.httpVersionMinor;
  copy.headers = { ...headers, 'content-length': String(body.length) };
  // Marked complete so that ending this copy does not count as an aborted request (which
  // would destroy the shared socket).
  copy.complete = true;
  copy.push(body);
  copy.push(null);
  return copy;
}
