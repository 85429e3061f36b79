export { startFinesseSimulator } from './simulator.js';
export type { FinesseSimulator } from './simulator.js';
export { completeSsoLogin } from './headless-login.js';
export type { HeadlessSsoLoginOptions } from './headless-login.js';
export type {
  FinesseSimulatorOptions,
  FinesseSimulatorStats,
  SimulatedAgentInput,
  SimulatedAgentSnapshot,
  SimulatedDeploymentType,
  SimulatedDialogSnapshot,
  SimulatedReasonCode,
  SimulatedTokenResponse,
} from './types.js';
