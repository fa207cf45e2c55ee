import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/client/types.ts';
import { taskWorkflowId } from '../../src/domain/ids.ts';
import { startSynthorgTestEnv } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { synthorgCli } from '../helpers/stack-processes.ts';
import { duoTemplate } from '../helpers/templates.ts';
import { stateQuery } from '../../workflows/contracts/task.ts';
import { trainingTemplate } from '../helpers/training-template.ts';

let env: SynthorgTestEnv;
let directory: string;
beforeAll(async () => {
  env = await startSynthorgTestEnv();
  directory = await mkdtemp(join(tmpdir(), 'synthorg-training-'));
});
afterAll(async () => {
  await env?.stop();
  await rm(directory, { recursive: true, force: true });
});

function cli(args: string[]) {
  return synthorgCli(env, args);
}

interface LedgerStep {
  agent_id: string;
  call_key: string;
  kind: string | null;
  action: string | null;
  text: string | null;
}

/** The task's model calls in the order they were paid. */
async function ledgerOf(companyId: string, taskId: string): Promise<LedgerStep[]> {
  const { rows } = await env.pool.query<LedgerStep>(
    `SELECT agent_id, call_key, response->>'kind' AS kind,
            coalesce(response->'action'->>'type', response->'result'->'action'->>'type') AS action,
            coalesce(response->'action'->>'text', response->'result'->'action'->>'text',
                     response->'outcome'->>'critique') AS text
       FROM ledger WHERE company_id = $1 AND task_id = $2 AND call_key NOT LIKE '%#recall%' ORDER BY id`,
    [companyId, taskId],
  );
  return rows;
}

async function goal(companyId: string, text: string): Promise<string> {
  const submitted = await env.client.submitGoal(companyId, text);
  await env.client.waitForTask(companyId, submitted.id, { pollIntervalMs: 300 });
  return submitted.id;
}

describe('training mode on the dev server (offline simulator)', () => {
  it('critiques a junior draft before review, distils senior exemplars, graduates by the window, and takes train start/stop', async () => {
    await env.withWorker(async () => {
      const id = 'train-flow';
      await env.client.startCompany({ id, template: trainingTemplate({ window: 2, threshold: 1 }) });

      // t1 goes to the junior: draft, senior critique (a paid call in the ledger), revision, then the review.
      expect(await goal(id, '[steps=1] Memo on pricing')).toBe('t1');
      const first = await ledgerOf(id, 't1');
      const junior = first.filter((step) => step.agent_id === 'junior');
      const critiqueIndex = first.findIndex((step) => step.kind === 'senior-critique');
      expect(critiqueIndex).toBeGreaterThan(0);
      expect(first[critiqueIndex]).toMatchObject({
        agent_id: 'senior',
        call_key: `${taskWorkflowId(id, 't1')}#critique-1`,
      });
      expect(first[critiqueIndex]?.text).toMatch(/^\[offline simulator, not a model\] .*Feedback, not a rejection\.$/);
      expect(junior).toHaveLength(2);
      expect(first.indexOf(junior[0] as LedgerStep)).toBeLessThan(critiqueIndex);
      expect(first.indexOf(junior[1] as LedgerStep)).toBeGreaterThan(critiqueIndex);
      expect(junior[1]?.text).toMatch(/revised "\[steps=1\] Memo on pricing" after the senior critique from senior/);
      const review = first.at(-1);
      expect(review).toMatchObject({ agent_id: 'boss', action: 'review' });
      const t1 = await env.client.task(id, 't1');
      expect(t1.status).toBe('COMPLETED');
      expect(t1.result).toContain('revised');

      // t2 goes to the senior, approved at the first review: a procedural memory with its provenance.
      await goal(id, '[steps=1] Memo on hiring');
      expect((await ledgerOf(id, 't2')).some((step) => step.kind === 'senior-critique')).toBe(false);
      const { rows: exemplars } = await env.pool.query<{
        memory_id: string;
        senior_id: string;
        task_id: string;
        category: string;
        scope: string;
        content: string;
      }>(
        `SELECT e.memory_id, e.senior_id, e.task_id, m.category, m.scope, m.content
           FROM training_exemplars e JOIN memories m ON m.id = e.memory_id WHERE e.company_id = $1`,
        [id],
      );
      expect(exemplars).toHaveLength(1);
      expect(exemplars[0]).toMatchObject({
        senior_id: 'senior',
        task_id: 't2',
        category: 'procedural',
        scope: 'department',
      });
      expect(exemplars[0]?.content).toMatch(/^How we do "\[steps=1\] Memo on hiring" here \(senior's work on task t2/);

      // t3 (junior) is sent back at its first review ([revise]): the window holds a failure, no graduation.
      await goal(id, '[steps=1] [revise] Memo on roadmap');
      const third = await ledgerOf(id, 't3');
      const critique = third.find((step) => step.kind === 'senior-critique');
      // The senior's exemplar was recalled for the junior and named in the critique.
      expect(critique?.text).toContain(`memory:${exemplars[0]?.memory_id} (senior, task t2)`);
      const t3State = await new Client({ connection: env.connection, namespace: env.config.namespace }).workflow
        .getHandle(taskWorkflowId(id, 't3'))
        .query(stateQuery);
      expect(
        t3State.transcript.some((entry) => entry.kind === 'recall' && entry.text.includes('procedural, from senior')),
      ).toBe(true);
      let status = await env.client.training.status(id);
      expect(status.juniors[0]).toMatchObject({ agentId: 'junior', status: 'TRAINING' });
      expect(status.juniors[0]?.window).toMatchObject({ reviewed: 2, passed: 1, graduates: false });

      await goal(id, '[steps=1] Memo on security'); // t4: senior
      await goal(id, '[steps=1] Memo on billing'); // t5: junior passes; window [pass, fail]
      status = await env.client.training.status(id);
      expect(status.juniors[0]).toMatchObject({ status: 'TRAINING', window: { reviewed: 2, passed: 1 } });
      await goal(id, '[steps=1] Memo on support'); // t6: senior
      await goal(id, '[steps=1] Memo on onboarding'); // t7: junior passes; window [pass, pass]: graduates
      status = await env.client.training.status(id);
      expect(status.juniors[0]).toMatchObject({ agentId: 'junior', status: 'GRADUATED' });
      const graduation = status.audit.find((entry) => entry.event === 'graduated');
      expect(graduation).toMatchObject({
        agentId: 'junior',
        actor: 'policy',
        details: { reviewed: 2, passed: 2, passRate: 1, window: 2, threshold: 1, graduates: true, taskId: 't7' },
      });
      const { rows: reviews } = await env.pool.query<{ task_id: string; passed: boolean }>(
        'SELECT task_id, passed FROM training_reviews WHERE company_id = $1 ORDER BY reviewed_at',
        [id],
      );
      expect(reviews).toEqual([
        { task_id: 't1', passed: true },
        { task_id: 't3', passed: false },
        { task_id: 't5', passed: true },
        { task_id: 't7', passed: true },
      ]);

      // A graduate works without a critique.
      await goal(id, '[steps=1] Memo on analytics'); // t8: senior
      await goal(id, '[steps=1] Memo on travel'); // t9: junior, graduated
      const ninth = await ledgerOf(id, 't9');
      expect(ninth.some((step) => step.agent_id === 'junior')).toBe(true);
      expect(ninth.some((step) => step.kind === 'senior-critique')).toBe(false);

      // train start / stop through the CLI: audited, bad input exits 2 with the field.
      const started = await cli(['train', 'start', id, '--agent', 'junior', '--reason', 'new product line', '--json']);
      expect(started.status).toBe(0);
      expect(JSON.parse(started.stdout)).toMatchObject({ changed: ['junior'], juniors: [{ status: 'TRAINING' }] });
      const again = await cli(['train', 'start', id]);
      expect(again.stdout).toContain('nothing changed (already in training)');
      const stopped = await cli(['train', 'stop', id, '--json']);
      expect(stopped.status).toBe(0);
      const stoppedView = JSON.parse(stopped.stdout) as {
        changed: string[];
        audit: { event: string; actor: string }[];
      };
      expect(stoppedView.changed).toEqual(['junior']);
      expect(stoppedView.audit.map((entry) => entry.event)).toEqual(['started', 'graduated', 'started', 'stopped']);
      const shown = await cli(['train', 'status', id]);
      expect(shown.status).toBe(0);
      expect(shown.stdout).toMatch(/junior\s+STOPPED\s+seniors senior/);

      const notJunior = await cli(['train', 'start', id, '--agent', 'senior']);
      expect(notJunior.status).toBe(2);
      expect(notJunior.stderr).toContain('agent: "senior" is not a junior in the template\'s training section');
      expect(notJunior.stderr).not.toMatch(/\n\s+at /);
      const badAgent = await cli(['train', 'stop', id, '--agent', 'Not An Id']);
      expect(badAgent.status).toBe(2);
      expect(badAgent.stderr).toContain('agent: an agent id such as "eng-1", got "Not An Id"');

      await env.client.startCompany({ id: 'train-none', template: duoTemplate() });
      await expect(env.client.training.status('train-none')).rejects.toThrow(InvalidInputError);
      await expect(env.client.training.status('train-none')).rejects.toThrow(/has no training section/);
    });
  }, 240_000);

  it('refuses a template whose training section is wrong, every bad field by path (exit 2)', async () => {
    const template = trainingTemplate({ window: 0, threshold: 1.5 });
    const file = join(directory, 'bad-training.yaml');
    await writeFile(
      file,
      stringify({
        ...template,
        training: {
          juniors: [
            { agent: 'junior', seniors: ['boss', 'ghost', 'junior'] },
            { agent: 'senior', seniors: ['junior'] },
          ],
          graduation: { window: 0, threshold: 1.5 },
        },
      }),
    );
    const result = await cli(['template', 'validate', file]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/bad-training\.yaml:\d+:\d+: training\.graduation\.window: Too small/);
    expect(result.stderr).toContain('training.graduation.threshold');
    expect(result.stderr).toContain('training.juniors[0].seniors[1]: unknown agent "ghost"');
    expect(result.stderr).toContain('training.juniors[0].seniors[2]: a junior cannot be its own senior');
    expect(result.stderr).toContain(
      'training.juniors[1].seniors[0]: senior "junior" (junior) must rank above "senior" (senior)',
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
