export { loadSandboxConfig, SandboxConfigError } from './config.ts';
export type { KubernetesSandboxConfig, LocalSandboxConfig, SandboxConfig, SandboxIsolationSetting } from './config.ts';
export { createSandbox } from './create-sandbox.ts';
export type { CreateSandboxOptions } from './create-sandbox.ts';
export {
  SandboxBackendError,
  SandboxError,
  SandboxImagePullError,
  SandboxInputError,
  SandboxProtectionUnavailableError,
  SandboxWorkspaceNotFoundError,
} from './errors.ts';
export type { SandboxErrorType } from './errors.ts';
export { maxCodeBytes, Sandbox } from './sandbox.ts';
export type { SandboxRunRequest, SandboxRunResult } from './sandbox.ts';
export { sandboxLanguages } from './types.ts';
export type {
  ArtifactInfo,
  LimitName,
  MissingProtection,
  OutputPreview,
  ProtectionName,
  RunProgress,
  SandboxExecutor,
  SandboxLanguage,
  SandboxLimits,
  SandboxProtections,
  WorkspaceFile,
} from './types.ts';
export { ReadArtifactInputSchema, RunCodeInputSchema } from './run-code.ts';
export type {
  ReadArtifactInput,
  ReadArtifactResult,
  RunCodeInput,
  RunCodeResult,
  RunCodeWorkspace,
} from './run-code.ts';
export { formatProtections } from './protections-report.ts';
