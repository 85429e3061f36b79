import type { UserConfig, ViteUserConfig } from 'vitest/config';
export declare function vitestConfig(overrides?: ViteUserConfig['test']): UserConfig;
