import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSynthorgTestEnv } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { duoTemplate } from '../helpers/templates.ts';

/**
 * Updates and signals sent with the raw Temporal client, bypassing SynthorgClient's checks: every bad
 * update is rejected by its validator, no payload (update or signal) breaks a workflow, and the
 * company still takes a goal and finishes it afterwards.
 */
let env: SynthorgTestEnv;
beforeAll(async () => {
  env = await startSynthorgTestEnv();
});
afterAll(() => env?.stop());

const anyJson = fc.jsonValue({ maxDepth: 3 });
const companyUpdates = ['submitGoal', 'hire', 'fire', 'setBudget'] as const;
const argsOf = fc.oneof(
  fc.constant([] as unknown[]),
  anyJson.map((value) => [value]),
  fc.array(anyJson, { minLength: 2, maxLength: 3 }),
  fc
    .record(
      {
        goal: fc.oneof(fc.string({ maxLength: 20 }), anyJson),
        limitUsd: fc.oneof(fc.double({ noNaN: false }), anyJson),
        agentId: fc.oneof(fc.constantFrom('boss', 'worker', 'nobody', ''), anyJson),
        id: anyJson,
        model: anyJson,
      },
      { requiredKeys: [] },
    )
    .map((value) => [value]),
);

describe('update and signal payload fuzzing', () => {
  it(
    'validators reject bad updates, bad signals are ignored, and the company keeps working',
    { timeout: 240_000 },
    async () => {
      await env.withWorker(async () => {
        const companyId = 'fuzzed';
        await env.client.startCompany({ id: companyId, template: duoTemplate({ oversight: 'semi' }) });
        const company = env.client.temporal.workflow.getHandle(`company:${companyId}`);
        const root = await env.client.submitGoal(companyId, 'Deploy the new pricing page');
        const task = env.client.temporal.workflow.getHandle(`company:${companyId}:task:${root.id}`);
        const accepted: string[] = [];
        let rejected = 0;
        const samples = fc.sample(
          fc.oneof(
            fc.record({
              kind: fc.constant('update' as const),
              target: fc.constant('company' as const),
              name: fc.constantFrom(...companyUpdates),
              args: argsOf,
            }),
            fc.record({
              kind: fc.constant('update' as const),
              target: fc.constant('task' as const),
              name: fc.constantFrom('approve', 'deny'),
              args: argsOf,
            }),
            fc.record({
              kind: fc.constant('signal' as const),
              target: fc.constant('company' as const),
              name: fc.constant('taskUpdate'),
              args: argsOf,
            }),
            fc.record({
              kind: fc.constant('signal' as const),
              target: fc.constant('task' as const),
              name: fc.constantFrom('message', 'budgetRaised', 'pause', 'resume'),
              args: argsOf,
            }),
          ),
          { numRuns: 60, seed: 15 },
        );
        for (const sample of samples) {
          const handle = sample.target === 'company' ? company : task;
          if (sample.kind === 'signal') {
            // A paused task would wait for resume; the fuzzing is about payloads, not pausing.
            if (sample.name === 'pause') continue;
            try {
              await handle.signal(sample.name, ...sample.args);
            } catch (error) {
              // The task ended (an accepted approve or deny): it must have ended properly, not crashed.
              if (!(error instanceof WorkflowNotFoundError && sample.target === 'task')) throw error;
              expect(['COMPLETED', 'FAILED']).toContain((await task.describe()).status.name);
            }
            continue;
          }
          try {
            await handle.executeUpdate(sample.name, { args: sample.args as [unknown] });
            accepted.push(`${sample.name}(${JSON.stringify(sample.args).slice(0, 60)})`);
          } catch (error) {
            const shown = `${sample.name}(${JSON.stringify(sample.args)}): ${String(error)}`;
            if (error instanceof WorkflowNotFoundError && sample.target === 'task') {
              // An accepted approve or deny ended the task: it must have ended properly, not crashed.
              expect(['COMPLETED', 'FAILED'], shown).toContain((await task.describe()).status.name);
              continue;
            }
            expect(error, shown).toBeInstanceOf(WorkflowUpdateFailedError);
            rejected += 1;
          }
        }
        process.stderr.write(
          `payload fuzzing: ${rejected} updates rejected; accepted: ${accepted.join(', ') || 'none'}\n`,
        );
        expect(rejected).toBeGreaterThan(20);
        // Both workflows still answer queries and the goal still ends (approving what it waits for).
        expect((await company.describe()).status.name).toBe('RUNNING');
        const done = await env.client.waitForTask(companyId, root.id, {
          pollIntervalMs: 200,
          onApproval: (approval) => env.client.approve(companyId, approval.taskId, 'fine'),
        });
        expect(['COMPLETED', 'FAILED']).toContain(done.status);
        const second = await env.client.submitGoal(companyId, 'Write the release notes');
        const finished = await env.client.waitForTask(companyId, second.id, {
          pollIntervalMs: 200,
          onApproval: (approval) => env.client.approve(companyId, approval.taskId, 'fine'),
        });
        expect(finished.status).toBe('COMPLETED');
        expect((await env.client.status(companyId)).status).toBe('RUNNING');
      });
    },
  );
});
