export { createApp } from './create-app.js';
export { AppModule } from './app.module.js';
export { readEnv } from './env.js';
export type { AppOptions } from './app.options.js';
