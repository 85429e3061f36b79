// Integration: Service-App guests (the Guest Issuer successor) against the sandbox.
import { startSandbox, type Sandbox } from '@webex-oidc/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countServiceAppGuests, createServiceAppGuest, ErrorCode, fetchPerson } from '../src/index.js';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
});
afterAll(async () => {
  await sandbox.close();
});

describe('Service-App guests', () => {
  it('creates a guest whose token works on people/me, and counts guests', async () => {
    const options = { apiBaseUrl: sandbox.apiBaseUrl };
    const before = await countServiceAppGuests(options, sandbox.serviceApp.accessToken);
    const guest = await createServiceAppGuest(options, sandbox.serviceApp.accessToken, { subject: 'visitor-7', displayName: 'Stève' });
    expect(guest).toMatchObject({ subject: 'visitor-7', displayName: 'Stève', id: expect.any(String), accessToken: expect.any(String) });
    expect(guest.expiresIn).toBeGreaterThan(0);
    expect(guest.email).toMatch(/@appid\.ciscospark\.com$/);

    const person = await fetchPerson(options, guest.accessToken);
    expect(person.id).toBe(guest.id);
    expect(person.displayName).toBe('Stève');

    expect(await countServiceAppGuests(options, sandbox.serviceApp.accessToken)).toBe(before + 1);
  });

  it('issues another token for the same subject without revoking the first', async () => {
    const options = { apiBaseUrl: sandbox.apiBaseUrl };
    const first = await createServiceAppGuest(options, sandbox.serviceApp.accessToken, { subject: 'visitor-8', displayName: 'Zoë' });
    const count = await countServiceAppGuests(options, sandbox.serviceApp.accessToken);
    const second = await createServiceAppGuest(options, sandbox.serviceApp.accessToken, { subject: 'visitor-8', displayName: 'Zoë' });
    expect(second.id).toBe(first.id);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect((await fetchPerson(options, first.accessToken)).id).toBe(first.id);
    expect(await countServiceAppGuests(options, sandbox.serviceApp.accessToken)).toBe(count);
  });

  it('is refused with a token that is not the Service App’s', async () => {
    const err = await createServiceAppGuest({ apiBaseUrl: sandbox.apiBaseUrl }, 'not-a-service-app-token', { subject: 's', displayName: 'd' }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: ErrorCode.RequestFailed });
    expect((err as { status: number }).status).toBeGreaterThanOrEqual(400);
    await expect(countServiceAppGuests({ apiBaseUrl: sandbox.apiBaseUrl }, 'nope')).rejects.toMatchObject({ code: ErrorCode.RequestFailed });
  });
});
