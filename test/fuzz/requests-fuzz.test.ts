import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryActivities } from '../../activities/memory.ts';
import { createSandboxActivities } from '../../activities/sandbox.ts';
import { loadConfig } from '../../src/config/env.ts';
import { BadModelOutputError, parseAgentAction } from '../../src/llm/parse-action.ts';
import { MemoryErrorType } from '../../src/memory/errors.ts';
import { createSandbox } from '../../src/sandbox/index.ts';
import { newTestStack, testSandboxConfig } from '../helpers/sandbox-stack.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { silentLogger } from '../../src/temporal/runtime.ts';
import { startTestDatabase } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';

/**
 * Inputs that come from outside — model output, memory requests from clients, sandbox requests from
 * agents — are answered with a result or the subsystem's own, typed error: never a TypeError from
 * deep inside (which Temporal would retry forever) or another surprise.
 */
const anyJson = fc.jsonValue({ maxDepth: 3 });
const actionTypes = [
  'answer',
  'decompose',
  'delegate',
  'remember',
  'recall',
  'forget',
  'graph_query',
  'compact_context',
  'run_code',
  'request_approval',
  'review',
] as const;

/** Model output: prose, JSON of the right shape with wrong fields, fenced blocks, truncations. */
const modelText = fc.oneof(
  fc.string({ maxLength: 400 }),
  anyJson.map((value) => JSON.stringify(value)),
  fc
    .record({ type: fc.constantFrom(...actionTypes) }, { requiredKeys: [] })
    .chain((base) =>
      fc
        .dictionary(
          fc.constantFrom('text', 'subtasks', 'to', 'query', 'ids', 'verdict', 'code', 'language', 'content', 'action'),
          anyJson,
          { maxKeys: 4 },
        )
        .map((rest) => ({ ...rest, ...base })),
    )
    .map((value) => JSON.stringify(value)),
  fc
    .tuple(fc.string({ maxLength: 40 }), anyJson, fc.string({ maxLength: 40 }))
    .map(([before, value, after]) => `${before}\n\`\`\`json\n${JSON.stringify(value)}\n\`\`\`\n${after}`),
  fc.tuple(anyJson, fc.nat()).map(([value, cut]) => {
    const text = JSON.stringify({ type: 'answer', text: value });
    return text.slice(0, cut % (text.length + 1));
  }),
  fc.constantFrom('APPROVE', 'REJECT: no', '{"type":"review","verdict":"maybe"}', '{{{{', '}', '"\\'),
);

describe('model output fuzzing', () => {
  it('parseAgentAction returns an action or throws BadModelOutputError, nothing else', () => {
    fc.assert(
      fc.property(modelText, fc.constantFrom('work' as const, 'review' as const), (text, mode) => {
        try {
          const action = parseAgentAction(text, mode);
          expect(typeof action.type).toBe('string');
        } catch (error) {
          expect(error, String(error)).toBeInstanceOf(BadModelOutputError);
        }
      }),
      { numRuns: 1_000, seed: 15 },
    );
  });
});

let database: TestDatabase;
let sandbox: Sandbox;

beforeAll(async () => {
  database = await startTestDatabase();
  await database.pool.query(
    `INSERT INTO companies (id, name, template_name, template, monthly_budget_usd) VALUES ('fuzz', 'Fuzz', 'duo', $1, 10)`,
    [JSON.stringify({ id: 'fuzz', agents: [], departments: [] })],
  );
  sandbox = await createSandbox(testSandboxConfig(newTestStack()));
});
afterAll(async () => {
  await sandbox?.close();
  await database?.stop();
});

const memoryFailureTypes: string[] = [...Object.values(MemoryErrorType), 'InvalidInput'];

/** A rejected request: a non-retryable ApplicationFailure with one of the memory's error types. */
function expectMemoryRejection(error: unknown, input: unknown): void {
  expect(error, `${String(error)} for ${JSON.stringify(input)}`).toBeInstanceOf(ApplicationFailure);
  const failure = error as ApplicationFailure;
  expect(failure.nonRetryable, failure.message).toBe(true);
  expect(memoryFailureTypes).toContain(failure.type);
}

const fieldValue = fc.oneof(anyJson, fc.constant(undefined));

describe('memory request fuzzing', () => {
  it('queries and operator writes from clients succeed or are rejected as bad input', async () => {
    const activities = createMemoryActivities({ pool: database.pool, config: loadConfig({}) });
    const query = fc.oneof(
      anyJson,
      fc.record({
        kind: fc.constantFrom('search', 'graph', 'reports', 'other'),
        query: fieldValue,
        entity: fieldValue,
        agentId: fieldValue,
        limit: fc.oneof(fc.integer({ min: -5, max: 500 }), fieldValue),
        hops: fc.oneof(fc.integer({ min: -2, max: 10 }), fieldValue),
      }),
    );
    const write = fc.oneof(
      anyJson,
      fc.record({
        kind: fc.constantFrom('remember', 'forget', 'import', 'other'),
        content: fc.oneof(fc.string({ maxLength: 60 }), fieldValue),
        id: fc.oneof(fc.integer({ min: -3, max: 1_000 }), fieldValue),
        reason: fieldValue,
        scope: fc.oneof(fc.constantFrom('company', 'department', 'agent', 'galaxy'), fieldValue),
        ownerId: fieldValue,
        category: fc.oneof(fc.constantFrom('semantic', 'episodic', 'nonsense'), fieldValue),
        importance: fc.oneof(fc.double({ min: -2, max: 3, noNaN: true }), fieldValue),
        document: fieldValue,
        format: fc.oneof(fc.constantFrom('markdown', 'text', 'pdf'), fieldValue),
        text: fieldValue,
        contentHash: fieldValue,
      }),
    );
    const environment = new MockActivityEnvironment(undefined, { logger: silentLogger });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          query.map((value) => ({ call: 'query' as const, input: { companyId: 'fuzz', query: value } })),
          write.map((value) => ({
            call: 'write' as const,
            input: { companyId: 'fuzz', request: value, workflowId: 'company:fuzz:memory' },
          })),
          anyJson.map((value) => ({ call: 'query' as const, input: value })),
        ),
        async ({ call, input }) => {
          try {
            if (call === 'query') await environment.run(activities.queryMemory, input as never);
            else await environment.run(activities.writeOperatorMemory, input as never);
          } catch (error) {
            expectMemoryRejection(error, input);
          }
        },
      ),
      { numRuns: 120, seed: 15 },
    );
  });
});

describe('sandbox request fuzzing', () => {
  it('runCode runs a valid request or rejects it as SandboxInputError, non-retryable', async () => {
    const activities = createSandboxActivities({ sandbox });
    const request = fc.oneof(
      anyJson,
      // Valid requests, some with odd but allowed parts, so the fuzzing also runs code.
      fc.record({
        workspace: fc.constant({ lifecycle: 'call' }),
        language: fc.constant('bash'),
        code: fc.constantFrom('true', 'exit 3', 'echo hi', 'echo "$1"', 'cat'),
        args: fc.array(fc.string({ maxLength: 8 }), { maxLength: 2 }),
        stdin: fc.string({ maxLength: 20 }),
        limits: fc.record({ wallTimeMs: fc.integer({ min: 500, max: 5_000 }) }),
      }),
      fc.record(
        {
          workspace: fc.oneof(
            fc.record({ lifecycle: fc.constantFrom('call', 'task', 'forever'), id: fieldValue }),
            anyJson,
          ),
          language: fc.oneof(fc.constantFrom('bash', 'node', 'python', 'cobol'), anyJson),
          code: fc.oneof(fc.constantFrom('true', 'exit 3', 'echo hi'), anyJson),
          files: fc.oneof(
            fc.array(
              fc.record({
                path: fc.oneof(fc.constantFrom('a.txt', '../../etc/passwd', '/abs', ''), anyJson),
                content: fieldValue,
              }),
              { maxLength: 2 },
            ),
            anyJson,
          ),
          args: fc.oneof(fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }), anyJson),
          limits: fc.oneof(fc.record({ wallTimeMs: fc.oneof(fc.integer({ min: -1, max: 3000 }), anyJson) }), anyJson),
        },
        { requiredKeys: [] },
      ),
    );
    const environment = new MockActivityEnvironment(undefined, { logger: silentLogger });
    let ran = 0;
    await fc.assert(
      fc.asyncProperty(request, async (input) => {
        try {
          const result = (await environment.run(activities.runCode, input as never)) as { ok: unknown };
          ran += 1;
          expect(typeof result.ok).toBe('boolean');
        } catch (error) {
          expect(error, `${String(error)} for ${JSON.stringify(input)}`).toBeInstanceOf(ApplicationFailure);
          const failure = error as ApplicationFailure;
          expect(failure.type, failure.message).toBe('SandboxInputError');
          expect(failure.nonRetryable).toBe(true);
        }
      }),
      { numRuns: 80, seed: 15 },
    );
    process.stderr.write(`sandbox fuzzing: ${ran} of 80 requests were valid and ran\n`);
    expect(ran).toBeGreaterThan(5);
  });
});
