#!/usr/bin/env node
// The only module that reads process.env / process.argv: everything else gets a CliContext.
import { run } from './program.js';

// A closed pipe (`guestissuer --help | head -1`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

const env = process.env;
process.exitCode = await run(process.argv.slice(2), {
  env: { issuer: env.ISSUER, secret: env.SECRET, serviceAppToken: env.SERVICE_APP_TOKEN },
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  now: () => Date.now(),
  readStdin: async () => {
    let text = '';
    for await (const chunk of process.stdin) text += String(chunk);
    return text;
  },
});
