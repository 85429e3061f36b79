export { createApp } from './app.js';
export type { ExampleAppOptions } from './app.js';
export { workerDashboardSessions } from './sessions.js';
export type { SessionSource, SessionSummary } from './sessions.js';
export type { FinesseDeskOptions } from './finesse/options.js';
export { finesseSimulatorDesk } from './demo.js';
export type { SimulatorAgent } from './demo.js';
