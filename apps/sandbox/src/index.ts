export { startSandbox } from './sandbox.js';
export type {
  ApproveDeviceOptions,
  Sandbox,
  SandboxClient,
  SandboxClientAuthMethod,
  SandboxFault,
  SandboxOptions,
  SandboxTtls,
  SandboxUser,
  SignInOptions,
} from './types.js';
export { completeSsoLogin, startFinesseSimulator, type FinesseSimulator, type FinesseSimulatorOptions, type FinesseSimulatorStats, type HeadlessSsoLoginOptions, type SimulatedAgentInput, type SimulatedAgentSnapshot, type SimulatedDeploymentType, type SimulatedDialogSnapshot, type SimulatedReasonCode, type SimulatedTokenResponse } from './finesse/index.js';
