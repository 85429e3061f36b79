// Runs bench/idp-stub.js in a child process, so the token endpoint does not share an event loop
// (or a core's time slice accounting) with the system under test. Parent side: forkIdpStub().
// Child side (this file run directly): answers IPC requests { id, op, args } with { id, value }.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startIdpStub } from './idp-stub.js';

const SELF = fileURLToPath(import.meta.url);

if (process.argv[2] === '--child') {
  const idp = await startIdpStub(JSON.parse(process.argv[3] ?? '{}'));
  const ops = {
    info: () => ({ url: idp.url, issuer: idp.issuer, discoveryUrl: idp.discoveryUrl, clientId: idp.clientId, clientSecret: idp.clientSecret }),
    issueMany: (count, refreshTtlSeconds) => Array.from({ length: count }, () => idp.issue(refreshTtlSeconds ?? undefined)),
    requestCount: (path) => idp.requestCount(path),
    cpuUsage: () => process.cpuUsage(),
  };
  process.on('message', (message) => {
    const { id, op, args } = message;
    if (op === 'close') {
      void idp.close().then(() => process.exit(0));
      return;
    }
    process.send({ id, value: ops[op](...(args ?? [])) });
  });
  process.send({ ready: true });
}

/**
 * Forks the stub. Resolves with an async proxy: issueMany(count), requestCount(path), cpuUsage()
 * (the child's process.cpuUsage()), close(), and the stub's url/issuer/discoveryUrl/client.
 * @param {{ accessTokenTtl?: number, rotate?: boolean, latencyMs?: number }} [options]
 */
export async function forkIdpStub(options = {}) {
  const child = fork(SELF, ['--child', JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map();
  let seq = 0;
  await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.on('message', (message) => {
      if (message.ready) return resolve();
      pending.get(message.id)?.(message.value);
      pending.delete(message.id);
    });
  });
  const call = (op, ...args) =>
    new Promise((resolve) => {
      const id = ++seq;
      pending.set(id, resolve);
      child.send({ id, op, args });
    });
  const info = await call('info');
  return {
    ...info,
    pid: child.pid,
    issueMany: (count, refreshTtlSeconds) => call('issueMany', count, refreshTtlSeconds),
    requestCount: (path = '/token') => call('requestCount', path),
    cpuUsage: () => call('cpuUsage'),
    close: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve(undefined));
        child.send({ op: 'close' });
      }),
  };
}
