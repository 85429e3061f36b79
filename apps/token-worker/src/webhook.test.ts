import { createServer } from 'node:http';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { REDACT_PATHS } from './logger.js';
import { SIGNATURE_HEADER, signWebhook, verifyWebhook, WebhookSender } from './webhook.js';

describe('webhook', () => {
  it('never shows the HMAC secret when the sender is printed or serialised', () => {
    const sender = new WebhookSender({ url: 'http://127.0.0.1:9/hook', secret: 'WEBHOOK-SECRET-7' });
    expect(inspect(sender, { depth: Infinity })).not.toContain('WEBHOOK-SECRET-7');
    expect(JSON.stringify(sender)).not.toContain('WEBHOOK-SECRET-7');
  });
  it('signs with HMAC-SHA256 and verifies (tampering and replay fail)', () => {
    const now = 1_800_000_000_000;
    const header = signWebhook('s3cret', '{"a":1}', now / 1000);
    expect(verifyWebhook('s3cret', '{"a":1}', header, { now })).toBe(true);
    expect(verifyWebhook('s3cret', '{"a":2}', header, { now })).toBe(false);
    expect(verifyWebhook('other', '{"a":1}', header, { now })).toBe(false);
    expect(verifyWebhook('s3cret', '{"a":1}', header, { now: now + 3_600_000 })).toBe(false);
  });
  it('POSTs a signed body a receiver can verify', async () => {
    const received: Array<{ body: string; signature: string | undefined }> = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ body, signature: req.headers[SIGNATURE_HEADER] as string | undefined });
        res.writeHead(received.length === 1 ? 500 : 204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new WebhookSender({ url: `http://127.0.0.1:${port}/hook`, secret: 'k' }).send('{"type":"refreshed"}');
    server.close();
    expect(received).toHaveLength(2); // retried after the 500
    expect(verifyWebhook('k', received[1]!.body, received[1]!.signature)).toBe(true);
  });
});

describe('log redaction', () => {
  it('censors token and client-credential fields at any usual depth', () => {
    const lines: string[] = [];
    const log = pino({ redact: { paths: [...REDACT_PATHS], censor: '[redacted]' } }, new Writable({ write(c: Buffer, _e, done) { lines.push(c.toString()); done(); } }));
    log.info({ accessToken: 'AT1', set: { tokens: { refreshToken: 'RT1' } }, err: { refresh_token: 'RT2' }, a: { b: { idToken: 'IT1' } } }, 'x');
    log.info({ clientSecret: 'CS1', client: { privateKey: 'PK1' }, err: { request: { client_assertion: 'CA1' } } }, 'client credentials');
    expect(lines.join('')).not.toMatch(/AT1|RT1|RT2|IT1|CS1|PK1|CA1/);
  });
});
