import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskView } from '../../src/client/types.ts';
import { startSynthorgTestEnv, type SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { startOpenAIStub, type OpenAIStub } from '../helpers/openai-stub.ts';
import { duoTemplate } from '../helpers/templates.ts';
import { until } from '../helpers/until.ts';
import { openReservations as openReservationsOf } from './money-fixtures.ts';

let env: SynthorgTestEnv;
let stub: OpenAIStub;

beforeAll(async () => {
  stub = await startOpenAIStub();
  env = await startSynthorgTestEnv({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: stub.baseURL });
});
afterAll(async () => {
  await env?.stop();
  await stub?.close();
});

/** The duo company on a paid OpenAI model (served by the stub), answering without review. */
function paidDuo() {
  const template = duoTemplate({ oversight: 'full', policies: { reviewRequired: false } });
  return { ...template, agents: template.agents.map((agent) => ({ ...agent, model: 'openai:gpt-4.1-mini' })) };
}

/** Polls the company view until a task matches; returns that view of it. */
/** The first task of `companyId` that `match` accepts, once there is one. */
function taskOf(companyId: string, match: (task: TaskView) => boolean, timeoutMs = 60_000): Promise<TaskView> {
  return until(`a task of ${companyId} to match`, async () => (await env.client.status(companyId)).tasks.find(match), {
    timeoutMs,
    intervalMs: 100,
  });
}

const openReservations = (companyId: string) => openReservationsOf(env.pool, companyId);

describe('provider rate limits and quotas', () => {
  it("honours Retry-After, then shows a sustained limit as WAITING_FOR_PROVIDER with the provider's reason", async () => {
    const rateLimited = (seconds: number) => ({
      status: 429,
      headers: { 'retry-after': String(seconds) },
      errorCode: 'rate_limit_exceeded',
      errorMessage: 'Rate limit reached for gpt-4.1-mini on requests per min',
    });
    stub.queue(rateLimited(3), rateLimited(1), rateLimited(4));
    await env.withWorker(async () => {
      await env.client.startCompany({ id: 'limited', template: paidDuo() });
      const first = stub.requests.length;
      const goal = await env.client.submitGoal('limited', 'Write the release note');
      const waiting = await taskOf('limited', (task) => task.status === 'WAITING_FOR_PROVIDER');
      expect(waiting.waitReason).toMatch(/rate limit \(retry after 4 s\): Rate limit reached for gpt-4\.1-mini/);
      const done = await env.client.waitForTask('limited', goal.id, { pollIntervalMs: 200 });
      expect(done.status).toBe('COMPLETED');
      expect(done.waitReason).toBeUndefined();
      // Four requests: three limited, one answered.
      const calls = stub.requests.slice(first);
      expect(calls).toHaveLength(4);
      // The second attempt waited the provider's 3 s, not the retry policy's 1 s.
      expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(2_900);
      // The task itself waited the 4 s of the sustained limit before trying again.
      expect(calls[3]!.at - calls[2]!.at).toBeGreaterThanOrEqual(3_900);
    });
    expect(await openReservations('limited')).toBe(0);
  });

  it("parks a task whose provider quota is exhausted with the provider's message, and resumes it on a budget raise", async () => {
    stub.queue({
      status: 429,
      errorCode: 'insufficient_quota',
      errorMessage: 'You exceeded your current quota, please check your plan and billing details.',
    });
    await env.withWorker(async () => {
      await env.client.startCompany({ id: 'broke', template: paidDuo() });
      const goal = await env.client.submitGoal('broke', 'Write the release note');
      const parked = await taskOf('broke', (task) => task.status === 'PARKED_BUDGET');
      expect(parked.waitReason).toMatch(/provider quota exhausted: You exceeded your current quota/);
      expect(await openReservations('broke')).toBe(0);
      await env.client.raiseBudget('broke', 20);
      const done = await env.client.waitForTask('broke', goal.id, { pollIntervalMs: 200 });
      expect(done.status).toBe('COMPLETED');
    });
  });

  it("parks a task on its agent's own limit and resumes it when `budget set --agent` raises that limit", async () => {
    const template = duoTemplate({ oversight: 'full', policies: { reviewRequired: false } });
    const capped = {
      ...template,
      agents: template.agents.map((agent) =>
        agent.reportsTo === undefined || agent.reportsTo === null ? { ...agent, budgetLimitUsd: 0.0001 } : agent,
      ),
    };
    await env.withWorker(async () => {
      await env.client.startCompany({ id: 'capped', template: capped });
      const goal = await env.client.submitGoal('capped', 'Write the release note');
      const parked = await taskOf('capped', (task) => task.status === 'PARKED_BUDGET');
      expect(parked.waitReason).toMatch(/^agent budget exhausted/);
      await env.client.setAgentBudget('capped', parked.assignee, 5);
      const done = await env.client.waitForTask('capped', goal.id, { pollIntervalMs: 200 });
      expect(done.status).toBe('COMPLETED');
    });
  });
});
