import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentStepResult } from '../../src/domain/agent-action.ts';
import { InvalidInputError } from '../../src/client/types.ts';
import { MemoryClient } from '../../src/memory/memory-client.ts';
import { memoryServiceFor } from '../../src/memory/memory-service.ts';
import { remember } from '../../src/memory/memory-store.ts';
import type { MemoryWrite } from '../../src/memory/types.ts';
import { memoryConsolidationScheduleId } from '../../workflows/contracts/memory.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { startSynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { duoTemplate } from '../helpers/templates.ts';

const cli = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

/** The agent loop, consolidation and the CLI with the memory system, on the real dev server. */
describe('organisational memory in the agent loop', () => {
  let env: SynthorgTestEnv;
  let memory: MemoryClient;
  let seeded = 0;

  beforeAll(async () => {
    env = await startSynthorgTestEnv();
    memory = new MemoryClient(env.client.temporal, env.config);
  });
  afterAll(async () => env?.stop());

  async function seed(companyId: string, contents: string[], overrides: Partial<MemoryWrite> = {}): Promise<number[]> {
    const context = await memoryServiceFor(env.pool, env.config).context();
    const ids: number[] = [];
    for (const content of contents) {
      const written = await remember(context, {
        key: `seed#${++seeded}`,
        companyId,
        scope: 'company',
        ownerId: companyId,
        authorId: 'operator',
        content,
        ...overrides,
      });
      ids.push(written.id);
    }
    return ids;
  }

  async function stepResults(companyId: string, agentId: string): Promise<AgentStepResult[]> {
    const { rows } = await env.pool.query<{ response: AgentStepResult }>(
      `SELECT response FROM ledger WHERE company_id = $1 AND agent_id = $2 AND call_key NOT LIKE '%#compaction'
        ORDER BY id`,
      [companyId, agentId],
    );
    return rows.map((row) => row.response);
  }

  it('recalls into a task, remembers with provenance, and reinforces what was recalled by the review outcome', async () => {
    await env.withWorker(async () => {
      await env.client.startCompany({ id: 'mem-reinforce', template: duoTemplate({ oversight: 'full' }) });
      const [seededId] = await seed('mem-reinforce', [
        'Quarterly invoice report: totals come from the billing ledger, reconciled against Stripe payouts.',
      ]);
      const root = await env.client.submitGoal('mem-reinforce', 'Prepare the quarterly invoice report');
      const done = await env.client.waitForTask('mem-reinforce', root.id);
      expect(done.status).toBe('COMPLETED');

      const steps = await stepResults('mem-reinforce', 'worker');
      const recalled = steps.find((step) => step.action.type === 'recall');
      expect(recalled?.recalledMemoryIds).toContain(seededId);
      expect(recalled?.observation).toMatch(new RegExp(`\\[memory:${seededId}\\]`));

      const { rows: written } = await env.pool.query(
        `SELECT scope, author_id, task_id, workflow_id, source FROM memories
          WHERE company_id = 'mem-reinforce' AND author_id = 'worker'`,
      );
      expect(written).toEqual([
        {
          scope: 'company',
          author_id: 'worker',
          task_id: root.id,
          workflow_id: `company:mem-reinforce:task:${root.id}`,
          source: 'agent',
        },
      ]);
      const { rows: reinforced } = await env.pool.query(
        `SELECT outcome, reinforce_key FROM memory_reinforcements WHERE memory_id = $1 ORDER BY at`,
        [seededId],
      );
      expect(reinforced.at(-1)).toEqual({
        outcome: 'approve',
        reinforce_key: expect.stringMatching(/^company:mem-reinforce:task:.+#reinforce-\d$/),
      });
      const search = await memory.search('mem-reinforce', 'quarterly invoice report');
      const hit = search.hits.find((candidate) => candidate.id === seededId);
      expect(hit?.signals.reinforcement).toBeGreaterThan(0.5);
    });
  });

  it('a long task compacts its own context, keeps counting its steps, and still succeeds', async () => {
    await env.withWorker(async () => {
      await env.client.startCompany({ id: 'mem-long', template: duoTemplate({ oversight: 'full' }) });
      const topics = ['ledger', 'payouts', 'refunds', 'taxes', 'currency', 'discounts', 'credits', 'chargebacks'];
      await seed(
        'mem-long',
        Array.from(
          { length: 40 },
          (_, index) =>
            `Audit invoices note ${index}: the ${topics[index % topics.length]} check found that invoices from region ${index % 5} ` +
            `need a second reviewer when the amount exceeds ${1_000 + index * 250} dollars; the audit trail lives in the finance drive ` +
            `under folder ${2020 + (index % 6)}/${index}, and the owner of the follow-up is the finance operations rota for that week.`,
        ),
      );
      const steps = 24;
      const root = await env.client.submitGoal('mem-long', `Audit invoices across all regions [steps=${steps}]`);
      const done = await env.client.waitForTask('mem-long', root.id);
      expect(done.status).toBe('COMPLETED');

      const results = await stepResults('mem-long', 'worker');
      const compactions = results.filter((step) => step.action.type === 'compact_context');
      expect(compactions.length).toBeGreaterThan(0);
      for (const step of compactions) {
        expect(step.compaction?.tokensAfter).toBeLessThan((step.compaction?.tokensBefore ?? 0) / 2);
        expect(step.compaction?.pointers.length).toBe(step.compaction?.replaced);
      }
      // Compaction did not make the agent repeat or skip work: exactly K-1 recalls, then the answer.
      const work = results.filter((step) => step.action.type !== 'compact_context');
      expect(work.filter((step) => step.action.type === 'recall')).toHaveLength(steps - 1);
      const { rows: offloaded } = await env.pool.query(
        `SELECT count(*)::int AS count FROM memories WHERE company_id = 'mem-long' AND source = 'compaction' AND scope = 'agent'`,
      );
      expect(offloaded[0].count).toBe(compactions.reduce((sum, step) => sum + (step.compaction?.replaced ?? 0), 0));

      const { rows: ledger } = await env.pool.query<{ input_tokens: number; response: AgentStepResult }>(
        `SELECT input_tokens, response FROM ledger WHERE company_id = 'mem-long' AND agent_id = 'worker'
            AND call_key NOT LIKE '%#compaction' ORDER BY id`,
      );
      let removed = 0;
      let withCompaction = 0;
      let without = 0;
      let peakWith = 0;
      let peakWithout = 0;
      for (const row of ledger) {
        withCompaction += row.input_tokens;
        without += row.input_tokens + removed;
        peakWith = Math.max(peakWith, row.input_tokens);
        peakWithout = Math.max(peakWithout, row.input_tokens + removed);
        if (row.response.compaction)
          removed += row.response.compaction.tokensBefore - row.response.compaction.tokensAfter;
      }
      process.stdout.write(
        `context compaction on a ${steps}-step task: ${compactions.length} compactions ` +
          `(${compactions.map((step) => `${step.compaction?.tokensBefore}→${step.compaction?.tokensAfter}`).join(', ')} transcript tokens); ` +
          `input tokens over the task ${withCompaction} vs ${without} without (−${Math.round((1 - withCompaction / without) * 100)}%); ` +
          `largest step ${peakWith} vs ${peakWithout}\n`,
      );
      expect(peakWith).toBeLessThan(peakWithout);
    });
  });

  it('consolidates on demand through the workflow, with a schedule, a stored report and graph and search queries', async () => {
    await env.withWorker(async () => {
      const companyId = 'mem-consolidate';
      await env.client.startCompany({ id: companyId, template: duoTemplate({ oversight: 'full' }) });
      const duplicates = await seed(companyId, [
        'The Helios launch checklist requires a security review before go-live.',
        'The Helios launch checklist requires a security review before go-live!',
      ]);
      const episodes = await seed(
        companyId,
        [
          'Met Project Borealis stakeholders; they want weekly demos.',
          'Project Borealis demo slipped a day because of the staging outage.',
          'Project Borealis budget was approved by finance on Tuesday.',
        ],
        { category: 'episodic', scope: 'department', ownerId: 'ops' },
      );
      await seed(companyId, [
        'Project Borealis depends on the Atlas Service.',
        'The Atlas Service is owned by Team Nimbus.',
      ]);
      const [stale] = await seed(companyId, ['An old note nobody will ever need again.'], { importance: 0.1 });
      await env.pool.query(`UPDATE memories SET created_at = now() - interval '400 days' WHERE id = $1`, [stale]);

      const report = await memory.consolidate(companyId, { episodicMinAgeHours: 0, archiveMinAgeHours: 24 });
      expect(report.duplicates.merges).toEqual([{ keptId: expect.any(Number), mergedIds: [expect.any(Number)] }]);
      expect([...(report.duplicates.merges[0]?.mergedIds ?? []), report.duplicates.merges[0]?.keptId].sort()).toEqual(
        [...duplicates].sort(),
      );
      expect(report.clusters.summaries).toEqual([
        { memoryId: expect.any(Number), entity: 'Project Borealis', episodicIds: episodes },
      ]);
      expect(report.lowValue.ids).toEqual([stale]);
      expect(report.activeAfter).toBe(report.activeBefore - 1 - 3 + 1 - 1);
      expect(report.communities.communities).toBeGreaterThan(0);

      const { rows } = await env.pool.query('SELECT category, scope, owner_id, source FROM memories WHERE id = $1', [
        report.clusters.summaries[0]?.memoryId,
      ]);
      expect(rows[0]).toEqual({ category: 'semantic', scope: 'department', owner_id: 'ops', source: 'consolidation' });
      expect(await memory.reports(companyId)).toEqual([report]);
      const schedule = await env.client.temporal.schedule
        .getHandle(memoryConsolidationScheduleId(companyId))
        .describe();
      expect(schedule.action).toMatchObject({ workflowType: 'memoryConsolidationWorkflow' });

      const graph = await memory.graph(companyId, 'borealis', { hops: 2 });
      expect(graph.entity?.name).toBe('Project Borealis');
      expect(graph.neighbours.map((neighbour) => neighbour.name)).toEqual(
        expect.arrayContaining(['Atlas Service', 'Team Nimbus']),
      );
      expect(graph.community?.summary).toMatch(/Atlas Service/);
      // The worker agent is in department ops and sees the semantic summary; the operator sees everything.
      const asWorker = await memory.search(companyId, 'Project Borealis demos and budget', { agentId: 'worker' });
      expect(asWorker.hits.map((hit) => hit.id)).toContain(report.clusters.summaries[0]?.memoryId);
      await expect(memory.search('no-such-company', 'anything')).rejects.toThrow(InvalidInputError);
      await expect(memory.search(companyId, 'x', { agentId: 'ghost' })).rejects.toThrow(/no agent "ghost"/);
      await memory.deleteSchedule(companyId);
    });
  });

  it('serves the memory CLI end to end: search, graph, consolidate, bad input', async () => {
    await env.withWorker(async () => {
      await env.client.startCompany({ id: 'mem-cli', template: duoTemplate({ oversight: 'full' }) });
      await seed('mem-cli', [
        'Orion pricing: the Orion plan costs 42 dollars a month.',
        'Project Orion is led by Dana Lee.',
      ]);
      const run = (...args: string[]) =>
        new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
          const child = spawn(process.execPath, [cli, ...args], {
            env: { ...process.env, TEMPORAL_ADDRESS: env.temporalAddress, SYNTHORG_TASK_QUEUE: env.taskQueue },
          });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
          child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
          child.on('exit', (code) => resolve({ code, stdout, stderr }));
        });
      const search = await run('memory', 'search', 'mem-cli', 'how much does the Orion plan cost', '--json');
      expect(search.code).toBe(0);
      const view = JSON.parse(search.stdout) as { hits: { content: string }[]; backend: string };
      expect(view.hits[0]?.content).toMatch(/42 dollars/);
      expect(view.backend).toBe('pgvector');
      const graph = await run('memory', 'graph', 'mem-cli', 'project orion');
      expect(graph.code).toBe(0);
      expect(graph.stdout).toMatch(/Dana Lee —leads→ Project Orion/);
      const consolidate = await run('memory', 'consolidate', 'mem-cli');
      expect(consolidate.code).toBe(0);
      expect(consolidate.stdout).toMatch(/active memories 2 → 2/);
      const unknown = await run('memory', 'search', 'nobody-here', 'x');
      expect(unknown.code).toBe(2);
      expect(unknown.stderr.trim()).toMatch(/^synthorg: no company "nobody-here"/);
      await memory.deleteSchedule('mem-cli');
    });
  });
});
