import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxActivities } from '../../activities/sandbox.ts';
import type { RunCodeInput, RunCodeResult } from '../../src/sandbox/run-code.ts';
import { availableIsolations, createTestSandbox, markerScans, processesWithMarker, uniqueMarker } from './helpers.ts';
import type { TestSandbox } from './helpers.ts';
import { silentLogger } from '../../src/temporal/runtime.ts';

const { available } = await availableIsolations();
function mockEnvironment(info?: ConstructorParameters<typeof MockActivityEnvironment>[0]): MockActivityEnvironment {
  return new MockActivityEnvironment(info, { logger: silentLogger });
}

const isolation = available[0] ?? 'none';

describe(`runCode activity (local backend, ${isolation})`, () => {
  let test: TestSandbox;
  let activities: ReturnType<typeof createSandboxActivities>;
  beforeAll(async () => {
    test = await createTestSandbox(isolation);
    activities = createSandboxActivities({ sandbox: test.sandbox, heartbeatIntervalMs: 50 });
  });
  afterAll(async () => {
    await test.dispose();
  });

  function runCode(environment: MockActivityEnvironment, input: RunCodeInput): Promise<RunCodeResult> {
    return environment.run(activities.runCode, input);
  }

  it('runs a program and its test in a task workspace that persists, listing the artifacts', async () => {
    const environment = mockEnvironment();
    const taskWorkspace = { lifecycle: 'task' as const, id: `company:acme:task:${uniqueMarker()}` };
    const first = await runCode(environment, {
      workspace: taskWorkspace,
      language: 'bash',
      code: 'node sum.test.js',
      files: [
        { path: 'sum.js', content: 'exports.sum = (values) => values.reduce((total, value) => total + value, 0);\n' },
        {
          path: 'sum.test.js',
          content:
            'const assert = require("node:assert");\nassert.strictEqual(require("./sum.js").sum([1, 2, 3]), 6);\nconsole.log("1 test passed");\n',
        },
      ],
    });
    expect(first).toMatchObject({
      workspaceId: taskWorkspace.id,
      workspaceRetained: true,
      ok: true,
      exitCode: 0,
      stdout: { text: '1 test passed\n', truncated: false },
      backend: 'local',
      isolation,
      protections: test.sandbox.protections.active,
    });
    expect(first.artifacts.map((artifact) => artifact.path)).toEqual([
      `runs/${first.runId}/program`,
      `runs/${first.runId}/result.json`,
      `runs/${first.runId}/stderr`,
      `runs/${first.runId}/stdout`,
      'files/sum.js',
      'files/sum.test.js',
    ]);
    const second = await runCode(mockEnvironment(), {
      workspace: taskWorkspace,
      language: 'python',
      code: 'print(open("sum.js").read().startswith("exports.sum"))',
    });
    expect(second.stdout.text).toBe('True\n');
    const artifact = await mockEnvironment().run(activities.readArtifact, {
      workspaceId: taskWorkspace.id,
      path: first.artifacts[3]?.path ?? '',
    });
    expect(artifact).toEqual({
      path: `runs/${first.runId}/stdout`,
      content: '1 test passed\n',
      encoding: 'utf8',
      bytes: 14,
    });
    expect(
      await mockEnvironment().run(activities.destroyWorkspace, {
        workspaceId: taskWorkspace.id,
      }),
    ).toEqual({
      destroyed: true,
    });
  });

  it('deletes a call workspace when the call returns', async () => {
    const environment = mockEnvironment({ activityId: uniqueMarker() });
    const result = await runCode(environment, {
      workspace: { lifecycle: 'call' },
      language: 'bash',
      code: 'echo hi > note; cat note; exit 2',
    });
    expect(result).toMatchObject({ workspaceRetained: false, ok: false, exitCode: 2, artifacts: [] });
    expect(await test.sandbox.destroyWorkspace(result.workspaceId)).toBe(false);
  });

  it('heartbeats while the command runs', async () => {
    const environment = mockEnvironment();
    const beats: unknown[] = [];
    environment.on('heartbeat', (details: unknown) => beats.push(details));
    await runCode(environment, {
      workspace: { lifecycle: 'call' },
      language: 'bash',
      code: 'sleep 0.4',
    });
    expect(beats[0]).toMatchObject({ phase: 'preparing' });
    expect(beats.filter((details) => (details as { phase: string }).phase === 'running').length).toBeGreaterThanOrEqual(
      3,
    );
  });

  it('kills the process tree and throws CancelledFailure when the activity is cancelled', async () => {
    const environment = mockEnvironment();
    const marker = uniqueMarker();
    const scans = markerScans(marker, {
      onCount: (count) => {
        if (count >= 2) environment.cancel('CANCELLED');
      },
    });
    environment.on('heartbeat', () => scans.scan());
    const started = performance.now();
    await expect(
      runCode(environment, {
        workspace: { lifecycle: 'call' },
        language: 'bash',
        code: `cp "$(command -v sleep)" ./${marker}\n./${marker} 300 & setsid ./${marker} 300 & wait`,
      }),
    ).rejects.toBeInstanceOf(CancelledFailure);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(await processesWithMarker(marker)).toEqual([]);
  });

  it('turns bad input into a non-retryable SandboxInputError failure', async () => {
    const bad = [
      { workspace: { lifecycle: 'task', id: '' }, language: 'bash', code: 'true' },
      { workspace: { lifecycle: 'call' }, language: 'ruby', code: 'puts 1' },
      { workspace: { lifecycle: 'call' }, language: 'bash', code: 'true', limits: { wallTimeMs: -1 } },
    ];
    for (const input of bad) {
      const failure = await runCode(mockEnvironment(), input as unknown as RunCodeInput).catch(
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(ApplicationFailure);
      expect(failure).toMatchObject({ type: 'SandboxInputError', nonRetryable: true });
    }
    const escape = await runCode(mockEnvironment(), {
      workspace: { lifecycle: 'call' },
      language: 'bash',
      code: 'true',
      files: [{ path: '../../etc/cron.d/evil', content: 'x' }],
    }).catch((error: unknown) => error);
    expect(escape).toMatchObject({
      type: 'SandboxInputError',
      nonRetryable: true,
      message: expect.stringContaining('..'),
    });
  });
});
