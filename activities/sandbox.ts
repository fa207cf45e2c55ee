import { createHash } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { z } from 'zod';
import { SandboxError } from '../src/sandbox/errors.ts';
import { ReadArtifactInputSchema, RunCodeInputSchema } from '../src/sandbox/run-code.ts';
import type { ReadArtifactInput, ReadArtifactResult, RunCodeInput, RunCodeResult } from '../src/sandbox/run-code.ts';
import type { Sandbox, SandboxRunResult } from '../src/sandbox/sandbox.ts';
import type { ArtifactInfo } from '../src/sandbox/types.ts';

export interface SandboxActivityDependencies {
  sandbox: Sandbox;
  /** How often a running command heartbeats; keep it well under the activity's heartbeatTimeout. */
  heartbeatIntervalMs?: number;
}

/** Workspace files listed in a result; the rest stay readable with `readArtifact`. */
const maxListedFiles = 100;

/**
 * Sandbox activities. `runCode` heartbeats while the command runs, so a lost worker is noticed within the
 * heartbeat timeout, and kills the whole process tree (or deletes the Kubernetes Job) when the activity
 * is cancelled. Call it with a `heartbeatTimeout` and `cancellationType: WAIT_CANCELLATION_COMPLETED`
 * when the workflow must know the code has stopped before it moves on.
 */
export function createSandboxActivities({ sandbox, heartbeatIntervalMs = 1000 }: SandboxActivityDependencies) {
  return {
    async runCode(input: RunCodeInput): Promise<RunCodeResult> {
      const context = Context.current();
      const request = parse(RunCodeInputSchema, input);
      const { info } = context;
      const retained = request.workspace.lifecycle === 'task';
      const workspaceId =
        request.workspace.lifecycle === 'task'
          ? request.workspace.id
          : callWorkspaceId(info.workflowExecution?.workflowId ?? 'standalone', info.activityId);
      try {
        context.heartbeat({ phase: 'preparing', workspaceId });
        // A retry after a worker crash starts clean: what the lost attempt left in its call workspace goes.
        if (!retained) await sandbox.destroyWorkspace(workspaceId);
        await sandbox.prepareWorkspace(workspaceId);
        if (request.files?.length) await sandbox.writeFiles(workspaceId, request.files);
        const result = await sandbox.run(workspaceId, {
          language: request.language,
          code: request.code,
          args: request.args ?? [],
          stdin: request.stdin,
          limits: request.limits ?? {},
          signal: context.cancellationSignal,
          onProgress: (progress) => context.heartbeat({ phase: 'running', ...progress }),
          progressIntervalMs: heartbeatIntervalMs,
        });
        if (result.cancelled || context.cancellationSignal.aborted) throw context.cancellationSignal.reason;
        const artifacts = retained ? await listRunArtifacts(sandbox, workspaceId, result.runId) : [];
        return toRunCodeResult(result, sandbox, retained, artifacts);
      } catch (error) {
        throw asFailure(error);
      } finally {
        if (!retained) await sandbox.destroyWorkspace(workspaceId);
      }
    },

    /** Deletes a task's workspace with its artifacts; call it when the task has finished. Idempotent. */
    async destroyWorkspace(input: { workspaceId: string }): Promise<{ destroyed: boolean }> {
      try {
        return { destroyed: await sandbox.destroyWorkspace(input.workspaceId) };
      } catch (error) {
        throw asFailure(error);
      }
    },

    /** Reads part of an artifact, e.g. to store a run's full output with the task (claim check). */
    async readArtifact(input: ReadArtifactInput): Promise<ReadArtifactResult> {
      const request = parse(ReadArtifactInputSchema, input);
      try {
        const bytes = await sandbox.readArtifact(request.workspaceId, request.path, request.maxBytes ?? 64 * 1024);
        const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
        const isText = Buffer.byteLength(text) === bytes.length && !text.includes('\uFFFD');
        return {
          path: request.path,
          content: isText ? text : bytes.toString('base64'),
          encoding: isText ? 'utf8' : 'base64',
          bytes: bytes.length,
        };
      } catch (error) {
        throw asFailure(error);
      }
    },
  };
}

export type SandboxActivities = ReturnType<typeof createSandboxActivities>;

/** One per activity (not per attempt), short enough for a directory name whatever the workflow id. */
function callWorkspaceId(workflowId: string, activityId: string): string {
  const readable = `call:${workflowId}:${activityId}`;
  if (readable.length <= 200) return readable;
  return `call:${createHash('sha256').update(readable).digest('hex').slice(0, 32)}`;
}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`)
    .join('; ');
  throw ApplicationFailure.nonRetryable(`invalid sandbox input: ${problems}`, 'SandboxInputError');
}

async function listRunArtifacts(sandbox: Sandbox, workspaceId: string, runId: string): Promise<ArtifactInfo[]> {
  const all = await sandbox.listArtifacts(workspaceId);
  const files = all.filter((artifact) => artifact.path.startsWith('files/')).slice(0, maxListedFiles);
  return [...all.filter((artifact) => artifact.path.startsWith(`runs/${runId}/`)), ...files];
}

function toRunCodeResult(
  result: SandboxRunResult,
  sandbox: Sandbox,
  retained: boolean,
  artifacts: ArtifactInfo[],
): RunCodeResult {
  return {
    workspaceId: result.workspaceId,
    workspaceRetained: retained,
    runId: result.runId,
    ok: result.exitCode === 0 && result.limitsHit.length === 0,
    exitCode: result.exitCode,
    signal: result.signal,
    stdout: result.stdout,
    stderr: result.stderr,
    streamsMerged: result.streamsMerged,
    durationMs: result.durationMs,
    limitsHit: result.limitsHit,
    limits: result.limits,
    artifacts,
    backend: sandbox.protections.backend,
    isolation: result.isolation,
    protections: result.protections,
    missingProtections: sandbox.protections.missing.map((entry) => entry.protection),
  };
}

/** Sandbox errors become application failures whose type callers can match; permanent ones are not retried. */
function asFailure(error: unknown): unknown {
  if (!(error instanceof SandboxError)) return error;
  return ApplicationFailure.create({
    type: error.type,
    message: error.message,
    nonRetryable: error.permanent,
    cause: error,
  });
}
