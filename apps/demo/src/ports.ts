/** Port checks and `listen` with a message a person can act on when a port is taken. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DemoError, DemoErrorCode } from './errors.js';

/** The demo listens on loopback only. */
export const DEMO_HOST = '127.0.0.1';

/** One port the demo needs: what it is for and the variable that moves it. */
export interface PortNeed {
  what: string;
  port: number;
  envVar: string;
}

function portInUse(need: PortNeed, cause?: unknown): DemoError {
  return new DemoError(
    DemoErrorCode.PortInUse,
    `Port ${need.port} (${need.what}) on ${DEMO_HOST} is taken by another program. Stop it, or pick another port: ${need.envVar}=<port> npm run demo`,
    { cause },
  );
}

/** Listens on `DEMO_HOST:port` and resolves with the bound port; `port_in_use` when taken. */
export function listen(server: Server, need: PortNeed): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' ? portInUse(need, err) : err);
    server.once('error', onError);
    server.listen(need.port, DEMO_HOST, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Checks, before anything starts, that every fixed port is free (port 0 is always free), so a
 * taken port is reported at once and nothing is left half-started.
 * @throws {@link DemoError} `port_in_use` naming the first taken port and its variable.
 */
export async function assertPortsFree(needs: readonly PortNeed[]): Promise<void> {
  for (const need of needs) {
    if (need.port === 0) continue;
    const probe = createServer();
    await listen(probe, need);
    await new Promise<void>((resolve) => probe.close(() => resolve()));
  }
}

/** Closes a server, ending keep-alive connections (a browser holds some open). */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Whether an error is a taken port (from any of the servers the demo starts). */
export function isAddressInUse(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && err.code === 'EADDRINUSE';
}

/** Maps a raw `EADDRINUSE` to a `port_in_use` {@link DemoError} for `need`; other errors pass through. */
export function explainListenError(err: unknown, need: PortNeed): unknown {
  return isAddressInUse(err) ? portInUse(need, err) : err;
}
