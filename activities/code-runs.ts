import type { Pool } from 'pg';
import { keepTail } from '../src/domain/text-cut.ts';
import type { RunCodeInput, RunCodeResult } from '../src/sandbox/run-code.ts';
import type { Sandbox } from '../src/sandbox/sandbox.ts';
import { createSandboxActivities } from './sandbox.ts';
import { countSandboxRun } from '../src/observability/metrics.ts';
import { inSpan } from '../src/observability/tracing.ts';

export interface TaskCodeRunInput {
  /** workflow id + step: the run happens once even when the activity is retried after it finished. */
  runKey: string;
  companyId: string;
  taskId: string;
  agentId: string;
  run: RunCodeInput;
}

/** What the workflow keeps of a run: a short summary; the database keeps the full output. */
export interface TaskCodeRunResult {
  runKey: string;
  ok: boolean;
  exitCode: number | null;
  limitsHit: string[];
  durationMs: number;
  stdout: string;
  stderr: string;
  protections: string[];
  missingProtections: string[];
}

const fullOutputBytes = 256 * 1024;
const storedFileBytes = 16 * 1024;
const summaryBytes = 1500;

/**
 * Runs an agent's code in the task's sandbox workspace and stores the run with the task: full
 * output and the files it left. Heartbeats and cancellation come from the sandbox activity.
 */
export function createCodeRunActivities({ pool, sandbox }: { pool: Pool; sandbox: Sandbox }) {
  const sandboxActivities = createSandboxActivities({ sandbox });

  async function runTaskCode(input: TaskCodeRunInput): Promise<TaskCodeRunResult> {
    const stored = await pool.query<{ result: TaskCodeRunResult }>('SELECT result FROM code_runs WHERE run_key = $1', [
      input.runKey,
    ]);
    if (stored.rows[0]) return stored.rows[0].result;

    const result = await inSpan('sandbox run', { 'synthorg.language': input.run.language }, () =>
      sandboxActivities.runCode(input.run),
    );
    countSandboxRun({ companyId: input.companyId, language: input.run.language, ...result });
    const stdout = await fullStream(result, 'stdout');
    const stderr = await fullStream(result, 'stderr');
    const files = await Promise.all(
      result.artifacts
        .filter((artifact) => artifact.path.startsWith('files/'))
        .map(async (artifact) => {
          const content = await sandboxActivities
            .readArtifact({ workspaceId: result.workspaceId, path: artifact.path, maxBytes: storedFileBytes })
            .catch(() => undefined);
          return {
            path: artifact.path,
            sizeBytes: artifact.sizeBytes,
            ...(content ? { content: content.content } : {}),
          };
        }),
    );
    const summary: TaskCodeRunResult = {
      runKey: input.runKey,
      ok: result.ok,
      exitCode: result.exitCode,
      limitsHit: result.limitsHit,
      durationMs: result.durationMs,
      // The reviewer sees that output was left out; the whole is in code_runs.
      stdout: keepTail(stdout, summaryBytes, 'whole output stored with the run'),
      stderr: keepTail(stderr, summaryBytes, 'whole output stored with the run'),
      protections: result.protections,
      missingProtections: result.missingProtections,
    };
    await pool.query(
      `INSERT INTO code_runs (run_key, company_id, task_id, agent_id, language, code, ok, exit_code, signal,
                              duration_ms, limits_hit, stdout, stderr, artifacts, protections, result)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       ON CONFLICT (run_key) DO NOTHING`,
      [
        input.runKey,
        input.companyId,
        input.taskId,
        input.agentId,
        input.run.language,
        input.run.code,
        result.ok,
        result.exitCode,
        result.signal,
        Math.round(result.durationMs),
        result.limitsHit,
        stdout,
        stderr,
        JSON.stringify(files),
        result.protections,
        JSON.stringify(summary),
      ],
    );
    return summary;

    async function fullStream(run: RunCodeResult, stream: 'stdout' | 'stderr'): Promise<string> {
      const path = `runs/${run.runId}/${stream}`;
      if (!run.artifacts.some((artifact) => artifact.path === path)) return run[stream].text;
      const read = await sandboxActivities
        .readArtifact({ workspaceId: run.workspaceId, path, maxBytes: fullOutputBytes })
        .catch(() => undefined);
      return read?.content ?? run[stream].text;
    }
  }

  return { runTaskCode, destroyWorkspace: sandboxActivities.destroyWorkspace };
}
