import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { tracingWorkflowInterceptorModules } from '../../src/observability/worker-observability.ts';
import { silentLogger } from '../../src/temporal/runtime.ts';
import { workflowsPath } from '../../workers/worker.ts';
import { quietRuntime } from '../helpers/synthorg-env.ts';

/**
 * Histories recorded without the tracing interceptors that do not replay with them (docs/observability.md,
 * "Turning tracing on"): the improvement loop cancels its round timer in the same activation as a pause
 * update completes, and the interceptor's wrapping of the handler moves the completion after the cancel.
 * Listed so the test fails if that changes, in either direction.
 */
const tracingIncompatible = new Set(['si-improvement-loop.json']);

const fixtures = fileURLToPath(new URL('../fixtures/histories/', import.meta.url));

/**
 * Turning tracing on (or off) must not change what workflows do: the OpenTelemetry workflow
 * interceptors only add headers and export spans through a sink. Every committed history, recorded
 * without them, replays with them.
 */
describe('tracing and replay', () => {
  it('replays every committed history with the OpenTelemetry workflow interceptors bundled', async () => {
    quietRuntime();
    const bundle = await bundleWorkflowCode({
      workflowsPath,
      workflowInterceptorModules: tracingWorkflowInterceptorModules(),
      logger: silentLogger,
    });
    const names = (await readdir(fixtures)).filter((name) => name.endsWith('.json')).sort();
    expect(names.length).toBeGreaterThan(5);
    for (const name of names) {
      const history = JSON.parse(await readFile(`${fixtures}${name}`, 'utf8')) as unknown;
      const replay = Worker.runReplayHistory({ workflowBundle: bundle, replayName: name }, history as never);
      if (tracingIncompatible.has(name)) {
        await expect(replay, name).rejects.toThrow(/Nondeterminism/);
      } else {
        await expect(replay, name).resolves.toBeUndefined();
      }
    }
  });
});
