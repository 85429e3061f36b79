// ID-token validation throughput: @webex-oidc/core's validateIdToken (every check: alg, kid, signature,
// iss allow-list, aud, exp, iat, nonce, at_hash) against raw jose.jwtVerify with a local JWKS (signature,
// exp, iss, aud) on the same pre-minted RS256 tokens, in the same process. Prints ops/s and the ratio
// (goal >= 0.9). Run after `pnpm build`: `pnpm --filter @webex-oidc/core bench`. Never gates on time.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { createWebexConfig, validateIdToken } from '../dist/index.js';

const N = Number(process.env.BENCH_TOKENS ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const ISSUER = 'https://idbroker-b-us.webex.com/idb';
const CLIENT_ID = 'bench-client';

const { privateKey, publicKey } = await generateKeyPair('RS256');
const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'bench-1', use: 'sig', alg: 'RS256' }] };

const server = createServer((req, res) => {
  const body =
    req.url === '/jwks'
      ? jwks
      : {
          issuer: 'https://idbroker.webex.com/idb',
          authorization_endpoint: `${base}/authorize`,
          token_endpoint: `${base}/token`,
          jwks_uri: `${base}/jwks`,
          id_token_signing_alg_values_supported: ['RS256'],
        };
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const now = Math.floor(Date.now() / 1000);
const tokens = [];
for (let i = 0; i < N; i += 1) {
  const accessToken = `access-token-${i}`;
  const atHash = createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url');
  const nonce = `nonce-${i}`;
  const idToken = await new SignJWT({ sub: `user-${i}`, nonce, at_hash: atHash, email: `u${i}@example.com` })
    .setProtectedHeader({ alg: 'RS256', kid: 'bench-1', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(CLIENT_ID)
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(privateKey);
  tokens.push({ idToken, accessToken, nonce });
}

const config = createWebexConfig({
  clientId: CLIENT_ID,
  discoveryUrl: `${base}/.well-known/openid-configuration`,
  allowInsecureRequests: true,
});
const localJwks = createLocalJWKSet(jwks);

const candidates = {
  'jose.jwtVerify (local JWKS)': async (t) => {
    await jwtVerify(t.idToken, localJwks, { issuer: ISSUER, audience: CLIENT_ID, algorithms: ['RS256'] });
  },
  'core validateIdToken': async (t) => {
    await validateIdToken(config, t.idToken, { nonce: t.nonce, accessToken: t.accessToken });
  },
};

// Tokens are validated in batches of BATCH concurrent calls (WebCrypto verifies on the libuv
// threadpool; one-at-a-time awaits mostly measure thread wake-up latency on a busy machine).
// Batches alternate between the candidates, and which goes first alternates too, so both see the
// same machine load; the ratio is the median of the per-round ratios. Time is the process's CPU
// time (all threads, process.cpuUsage), not wall time: on a shared machine other processes' load
// would otherwise decide the result. ops/s are therefore per CPU-second.
const BATCH = Number(process.env.BENCH_BATCH ?? 25);
async function runBatch(fn, batch) {
  await Promise.all(batch.map((t) => fn(t)));
}
const batches = [];
for (let i = 0; i < tokens.length; i += BATCH) batches.push(tokens.slice(i, i + BATCH));
for (let i = 0; i < 3; i += 1) for (const fn of Object.values(candidates)) for (const b of batches) await runBatch(fn, b);
const names = Object.keys(candidates);
const seconds = Object.fromEntries(names.map((k) => [k, 0]));
const ratios = [];
for (let round = 0; round < ROUNDS; round += 1) {
  const took = Object.fromEntries(names.map((k) => [k, 0]));
  for (const [index, batch] of batches.entries()) {
    const order = (round + index) % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const start = process.cpuUsage();
      await runBatch(candidates[name], batch);
      const used = process.cpuUsage(start);
      took[name] += (used.user + used.system) / 1e6;
    }
  }
  for (const name of names) seconds[name] += took[name];
  ratios.push(took['jose.jwtVerify (local JWKS)'] / took['core validateIdToken']);
}
server.close();

const ops = Object.fromEntries(Object.entries(seconds).map(([k, s]) => [k, (N * ROUNDS) / s]));
ratios.sort((a, b) => a - b);
const ratio = ratios[Math.floor(ratios.length / 2)];
console.log(`ID-token validation, ${N} RS256 tokens x ${ROUNDS} rounds, batches of ${BATCH} (Node ${process.version}; ops per CPU-second)`);
for (const [name, value] of Object.entries(ops)) console.log(`  ${name.padEnd(30)} ${value.toFixed(0).padStart(8)} ops/s`);
console.log(`  ratio core / jose (median of ${ROUNDS} rounds) ${ratio.toFixed(3)}  (goal >= 0.9: ${ratio >= 0.9 ? 'met' : 'NOT met'})`);
const overall = seconds['jose.jwtVerify (local JWKS)'] / seconds['core validateIdToken'];
console.log(`  ratio core / jose (total time)  ${overall.toFixed(3)}`);
console.log(`  per-round ratios: ${ratios.map((r) => r.toFixed(2)).join(' ')}`);
