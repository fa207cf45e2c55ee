import { z } from 'zod';
import { maxCodeBytes } from './sandbox.ts';
import { sandboxLanguages } from './types.ts';
import type {
  ArtifactInfo,
  LimitName,
  OutputPreview,
  ProtectionName,
  SandboxLanguage,
  SandboxLimits,
  SandboxProtections,
  WorkspaceFile,
} from './types.ts';

/**
 * Where a `run_code` call runs.
 * - `task`: the workspace persists across a task's steps, keyed by `id` (use the task workflow id), until
 *   `destroyWorkspace` is called; its files and every run's artifacts stay readable.
 * - `call`: a fresh workspace for this call only, deleted with its artifacts when the call returns.
 */
export type RunCodeWorkspace = { lifecycle: 'task'; id: string } | { lifecycle: 'call' };

/** Input of the `runCode` activity: what an agent's `run_code` tool call asks for. */
export interface RunCodeInput {
  workspace: RunCodeWorkspace;
  language: SandboxLanguage;
  /** The program itself, run as `bash -c`, `node -e` or `python3 -c` in the workspace directory. */
  code: string;
  /** Written into the workspace before the run (e.g. a module and its test). */
  files?: WorkspaceFile[];
  args?: string[];
  stdin?: string;
  /** Lower limits for this run; values above the operator's ceilings are capped. */
  limits?: Partial<SandboxLimits>;
}

/** Output of the `runCode` activity; small enough for workflow history (previews, not full output). */
export interface RunCodeResult {
  workspaceId: string;
  /** False for `call` workspaces: they and their artifacts are gone when the activity returns. */
  workspaceRetained: boolean;
  runId: string;
  /** Exit code 0 and no limit hit. */
  ok: boolean;
  exitCode: number | null;
  /** Signal that ended the run (`SIGKILL` after a timeout or cancellation). */
  signal: string | null;
  /** Start and end of each stream, a few KB at most; the full output is in `artifacts`. */
  stdout: OutputPreview;
  stderr: OutputPreview;
  /** Kubernetes logs merge stderr into stdout. */
  streamsMerged: boolean;
  durationMs: number;
  limitsHit: LimitName[];
  /** The limits the run had after capping to the operator's ceilings. */
  limits: SandboxLimits;
  /** This run's artifacts (`runs/<runId>/stdout|stderr|program|result.json`) and the workspace files (`files/…`), when retained. */
  artifacts: ArtifactInfo[];
  backend: SandboxProtections['backend'];
  isolation: SandboxProtections['isolation'];
  /** Protections that were active for this run. */
  protections: ProtectionName[];
  /** Protections this host could not provide; details in the worker's startup report. */
  missingProtections: ProtectionName[];
}

const maxInlineBytes = 1024 * 1024;
const positive = z.number().positive();

/** Validates tool-call input at the trust boundary: model output is never trusted. */
export const RunCodeInputSchema = z.object({
  workspace: z.discriminatedUnion('lifecycle', [
    z.object({ lifecycle: z.literal('task'), id: z.string().min(1).max(256) }),
    z.object({ lifecycle: z.literal('call') }),
  ]),
  language: z.enum(sandboxLanguages),
  code: z
    .string()
    .refine((code) => Buffer.byteLength(code) <= maxCodeBytes, `code must be at most ${maxCodeBytes} bytes`),
  files: z
    .array(
      z.object({
        path: z.string().min(1).max(1024),
        content: z.string().max(maxInlineBytes),
        encoding: z.enum(['utf8', 'base64']).optional(),
        executable: z.boolean().optional(),
      }),
    )
    .max(100)
    .optional(),
  args: z.array(z.string().max(4096)).max(64).optional(),
  stdin: z.string().max(maxInlineBytes).optional(),
  limits: z
    .object({
      wallTimeMs: positive,
      cpuTimeSeconds: positive,
      memoryBytes: positive,
      maxProcesses: positive,
      maxOutputBytes: positive,
      maxFileBytes: positive,
    })
    .partial()
    .strict()
    .optional(),
}) satisfies z.ZodType<RunCodeInput>;

export interface ReadArtifactInput {
  workspaceId: string;
  /** `files/<path>` or `runs/<runId>/stdout|stderr|program|result.json`. */
  path: string;
  /** At most 256 KiB, to keep the payload small; default 64 KiB. */
  maxBytes?: number;
}

export interface ReadArtifactResult {
  path: string;
  /** UTF-8 text, or base64 when the bytes are not valid UTF-8. */
  content: string;
  encoding: 'utf8' | 'base64';
  /** Bytes returned; the artifact may be longer (see `ArtifactInfo.sizeBytes`). */
  bytes: number;
}

export const ReadArtifactInputSchema = z.object({
  workspaceId: z.string().min(1).max(256),
  path: z.string().min(1).max(1024),
  maxBytes: z
    .number()
    .int()
    .positive()
    .max(256 * 1024)
    .optional(),
}) satisfies z.ZodType<ReadArtifactInput>;
