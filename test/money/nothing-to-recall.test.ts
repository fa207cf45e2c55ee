/**
 * A step's recall in a company with no memory is answered without running it (src/memory/nothing-to-recall.ts):
 * the same answer as the recall, fewer statements; with memories the recall runs as before. The step stays paid
 * once: its ledger row, its reservation settled, a retry reusing the stored answer.
 */
import type { Pool, QueryConfig } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModelCallActivities } from '../../activities/model-call.ts';
import { loadConfig } from '../../src/config/env.ts';
import { standaloneStepTask, type AgentStepInput, type AgentStepResult } from '../../src/domain/agent-action.ts';
import { memoryServiceFor } from '../../src/memory/memory-service.ts';
import { remember } from '../../src/memory/memory-store.ts';
import type { MemoryWrite } from '../../src/memory/types.ts';
import { startTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { activityEnvironment, addCompany, openReservations } from './money-fixtures.ts';

let database: TestDatabase;
const config = loadConfig({});
/** Statements the step activities sent through their pool, in order. */
const sent: string[] = [];
let answering: ReturnType<typeof createModelCallActivities>;
let everyRecall: ReturnType<typeof createModelCallActivities>;

/** The pool, recording every statement sent through it (its own queries and its clients'). */
function recording(pool: Pool): Pool {
  const text = (query: unknown) => (typeof query === 'string' ? query : (query as QueryConfig).text);
  return new Proxy(pool, {
    get(target, key) {
      if (key === 'query')
        return (query: unknown, ...rest: unknown[]) => {
          sent.push(text(query));
          return (target.query as (...args: unknown[]) => unknown)(query, ...rest);
        };
      if (key === 'connect')
        return async () => {
          const client = await target.connect();
          return new Proxy(client, {
            get(inner, innerKey) {
              if (innerKey !== 'query') {
                const value = Reflect.get(inner, innerKey, inner) as unknown;
                return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(inner) : value;
              }
              return (query: unknown, ...rest: unknown[]) => {
                sent.push(text(query));
                return (inner.query as (...args: unknown[]) => unknown).call(inner, query, ...rest);
              };
            },
          });
        };
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The offline worker's first step on a task of three steps: a recall of the title's words. */
function recallStep(companyId: string, workflowId: string, agentId = 'solo'): AgentStepInput {
  return {
    companyId,
    workflowId,
    step: 1,
    mode: 'work',
    agent: { id: agentId, name: 'Solo', role: 'Analyst', seniority: 'mid', department: 'work', model: 'offline' },
    task: standaloneStepTask({
      id: 't1',
      title: 'Harbour pilots schedule [steps=3]',
      description: 'Plan the harbour pilots',
      acceptanceCriteria: '',
    }),
    transcript: [],
  } as AgentStepInput;
}

async function run(activities: ReturnType<typeof createModelCallActivities>, input: AgentStepInput) {
  sent.length = 0;
  const result = (await activityEnvironment().run(activities.agentStep, input)) as AgentStepResult;
  return { result, statements: [...sent] };
}

/** What the agent sees of its recall: the part of the result that must not depend on how it was answered. */
const seen = (result: AgentStepResult) => ({
  action: result.action,
  observation: result.observation,
  recalledMemoryIds: result.recalledMemoryIds,
  reused: result.reused,
});

/** The recall's statements (the reservation's asks for memories too, and is not one of them). */
const recallStatements = (statements: string[]) =>
  statements.filter((statement) => !statement.includes('reserve_spend') && /\bmemor(y|ies)/.test(statement));

async function seed(companyId: string, content: string, overrides: Partial<MemoryWrite> = {}): Promise<number> {
  const context = await memoryServiceFor(database.pool, config).context();
  const written = await remember(context, {
    key: `${companyId}#seed#${content}`,
    companyId,
    scope: 'company',
    ownerId: companyId,
    authorId: 'operator',
    content,
    ...overrides,
  });
  return written.id;
}

beforeAll(async () => {
  database = await startTestDatabase();
  const pool = recording(database.pool);
  answering = createModelCallActivities({ pool, config });
  everyRecall = createModelCallActivities({ pool, config, everyRecall: true });
});
afterAll(async () => database?.stop());

describe('a recall in a company with nothing to recall', () => {
  it('answers as the recall does, with the reservation and the ledger row only', async () => {
    await addCompany(database.pool, 'empty', 100);
    const recalled = await run(everyRecall, recallStep('empty', 'company:empty:task:a'));
    const answered = await run(answering, recallStep('empty', 'company:empty:task:b'));

    expect(recalled.result.action.type).toBe('recall');
    expect(seen(answered.result)).toEqual(seen(recalled.result));
    expect(answered.result.observation).toMatch(/^no memories match/);
    expect(answered.result.recalledMemoryIds).toEqual([]);
    expect(recallStatements(recalled.statements).length).toBeGreaterThan(0);
    expect(recallStatements(answered.statements)).toEqual([]);
    expect(answered.statements).toHaveLength(2);
    expect(answered.statements[0]).toMatch(/reserve_spend/);
    expect(answered.statements[1]).toMatch(/INSERT INTO ledger/);
    // Paid once, its hold settled, like the recall that ran.
    const { rows } = await database.pool.query<{ call_key: string; cost_usd: string }>(
      `SELECT call_key, cost_usd FROM ledger WHERE company_id = 'empty' ORDER BY call_key`,
    );
    expect(rows.map((row) => row.call_key)).toEqual(['company:empty:task:a#1', 'company:empty:task:b#1']);
    expect(rows[0]?.cost_usd).toBe(rows[1]?.cost_usd);
    expect(await openReservations(database.pool, 'empty')).toBe(0);
  });

  it('a retry after the answer was recorded reuses it and pays nothing twice', async () => {
    await addCompany(database.pool, 'retried', 100);
    const first = await run(answering, recallStep('retried', 'company:retried:task:a'));
    const again = await run(answering, recallStep('retried', 'company:retried:task:a'));

    expect(first.result.reused).toBe(false);
    expect(again.result.reused).toBe(true);
    expect({ ...seen(again.result), reused: false }).toEqual(seen(first.result));
    expect(again.statements).toHaveLength(1);
    const { rows } = await database.pool.query<{ calls: number }>(
      `SELECT calls FROM spend_totals WHERE company_id = 'retried' AND agent_id = ''`,
    );
    expect(rows[0]?.calls).toBe(1);
    expect(await openReservations(database.pool, 'retried')).toBe(0);
  });

  it('only archived memories: nothing a recall could return, answered the same way', async () => {
    await addCompany(database.pool, 'archived', 100);
    const id = await seed('archived', 'The harbour pilots schedule starts at dawn.');
    await database.pool.query('UPDATE memories SET archived_at = now() WHERE id = $1', [id]);
    const recalled = await run(everyRecall, recallStep('archived', 'company:archived:task:a'));
    const answered = await run(answering, recallStep('archived', 'company:archived:task:b'));

    expect(seen(answered.result)).toEqual(seen(recalled.result));
    expect(answered.result.recalledMemoryIds).toEqual([]);
    expect(recallStatements(answered.statements)).toEqual([]);
  });
});

describe('a recall after the step compacted its transcript', () => {
  it('runs: the compaction wrote the memories it may find', async () => {
    await addCompany(database.pool, 'compacting', 100);
    // Four long notes push the transcript past the step's automatic compaction; four short ones are kept verbatim.
    const long = (index: number) =>
      `Harbour pilots schedule, note ${index}: ${'two pilots board at dawn. '.repeat(260)}`;
    const transcript = [
      ...[0, 1, 2, 3].map((index) => ({ kind: 'note' as const, text: long(index) })),
      ...[4, 5, 6, 7].map((index) => ({ kind: 'note' as const, text: `short note ${index}` })),
    ];
    const step = (workflowId: string) => ({ ...recallStep('compacting', workflowId), transcript });
    const answered = await run(answering, step('company:compacting:task:a'));

    expect(answered.result.compaction?.replaced).toBe(4);
    expect(answered.result.action.type).toBe('recall');
    expect(answered.result.recalledMemoryIds?.length).toBeGreaterThan(0);
  });
});

describe('a recall in a company with memories', () => {
  it('runs, and finds what the recall finds', async () => {
    await addCompany(database.pool, 'remembering', 100);
    const id = await seed('remembering', 'The harbour pilots schedule starts at dawn, two pilots a shift.');
    const recalled = await run(everyRecall, recallStep('remembering', 'company:remembering:task:a'));
    const answered = await run(answering, recallStep('remembering', 'company:remembering:task:b'));

    expect(answered.result.recalledMemoryIds).toEqual([id]);
    expect(seen(answered.result)).toEqual(seen(recalled.result));
    expect(recallStatements(answered.statements).length).toBe(recallStatements(recalled.statements).length);
  });

  it('runs when the memories are another agent’s, and finds nothing as before', async () => {
    await addCompany(database.pool, 'private', 100);
    await seed('private', 'The harbour pilots schedule starts at dawn.', { scope: 'agent', ownerId: 'someone-else' });
    const recalled = await run(everyRecall, recallStep('private', 'company:private:task:a'));
    const answered = await run(answering, recallStep('private', 'company:private:task:b'));

    expect(answered.result.recalledMemoryIds).toEqual([]);
    expect(seen(answered.result)).toEqual(seen(recalled.result));
    expect(recallStatements(answered.statements).length).toBeGreaterThan(0);
  });
});
