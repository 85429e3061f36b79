import { createApp } from './create-app.js';
import { readEnv } from './env.js';

const env = readEnv();
const app = await createApp(env);
app.enableShutdownHooks();
await app.listen(env.port);
console.log(`example-nest (${env.mode ?? 'session'} mode) on http://localhost:${env.port} — sign in at /auth/login`);
