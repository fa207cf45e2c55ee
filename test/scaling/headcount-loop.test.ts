import { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyWorkflowId, taskWorkflowId } from '../../src/domain/ids.ts';
import type { StaffProposal } from '../../src/domain/headcount-loop.ts';
import { orgChartQuery } from '../../workflows/contracts/company.ts';
import { stateQuery } from '../../workflows/contracts/task.ts';
import type { Run } from '../helpers/cli.ts';
import { startSynthorgTestEnv } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { synthorgCli } from '../helpers/stack-processes.ts';
import { until } from '../helpers/until.ts';
import { duoTemplate, teamTemplate } from '../helpers/templates.ts';

/**
 * The company acting on its own headcount advice (docs/scaling.md, "Headcount"): the headcount
 * workflow on the real dev server, the company and task workflows, PGlite for the audit log, and the
 * real CLI for approvals. Backlog comes from the offline model (a deterministic simulator): goals
 * that say "deploy" make the worker wait for an approval, so its tasks stay active as long as needed.
 */
let env: SynthorgTestEnv;
let temporal: Client;
beforeAll(async () => {
  env = await startSynthorgTestEnv();
  temporal = new Client({ connection: env.connection });
});
afterAll(async () => {
  await env?.stop();
});

const role = 'Operations Engineer';

function synthorg(...args: string[]): Promise<Run> {
  return synthorgCli(env, args);
}

const staffOf = async (companyId: string) =>
  (await temporal.workflow.getHandle(companyWorkflowId(companyId)).query(orgChartQuery)).agents
    .filter((agent) => agent.role === role)
    .map((agent) => agent.id);

async function auditEvents(
  companyId: string,
): Promise<{ actor: string; event: string; details: Record<string, unknown> }[]> {
  const { rows } = await env.pool.query<{ actor: string; event: string; details: Record<string, unknown> }>(
    `SELECT actor, event, details FROM audit_log WHERE company_id = $1 ORDER BY id`,
    [companyId],
  );
  return rows;
}

describe('autonomous headcount', () => {
  it('hires under backlog up to the maximum and retires after, down to the minimum, without approvals under semi oversight', async () => {
    await env.withWorker(async () => {
      const base = duoTemplate({ oversight: 'semi', policies: { headcountInterval: '1s' } });
      await env.client.startCompany({
        id: 'growing',
        template: {
          ...base,
          scaling: [{ role, min: 1, max: 3, hireAbove: 1, retireBelow: 0.5, cooldown: '1s', sustain: 2 }],
        },
      });
      const goals = [];
      for (let index = 0; index < 4; index++)
        goals.push(await env.client.submitGoal('growing', `Deploy service ${index}`));
      let most = 0;
      await until('three engineers', async () => {
        const staff = await staffOf('growing');
        most = Math.max(most, staff.length);
        return staff.length === 3 ? staff : undefined;
      });
      // At the maximum the advice holds: wait a few readings and look again.
      const readings = (await env.client.headcount().state('growing')).readings;
      await until('three more readings', async () =>
        (await env.client.headcount().state('growing')).readings >= readings + 3 ? true : undefined,
      );
      expect(await staffOf('growing')).toEqual(['worker', 'operations-engineer-1', 'operations-engineer-2']);
      expect(most).toBe(3);

      for (const goal of goals) {
        await until(`approval of ${goal.id}`, async () =>
          (await env.client.listApprovals('growing')).some((approval) => approval.taskId === goal.id)
            ? true
            : undefined,
        );
        await env.client.approve('growing', goal.id);
      }
      for (const goal of goals) expect((await env.client.waitForTask('growing', goal.id)).status).toBe('COMPLETED');
      await until('one engineer again', async () => ((await staffOf('growing')).length === 1 ? true : undefined));
      expect(await staffOf('growing')).toEqual(['worker']);

      const shown = await synthorg('scaling', 'show', 'growing', '--json');
      expect(shown.status, shown.stderr).toBe(0);
      const view = JSON.parse(shown.stdout) as {
        roles: { role: string; agents: number; hiresToday: number; retiresToday: number }[];
        headcount: { proposals: StaffProposal[] };
      };
      expect(view.roles[0]).toMatchObject({ role, agents: 1, hiresToday: 2, retiresToday: 2 });
      expect(view.headcount.proposals.map((proposal) => [proposal.kind, proposal.agentId, proposal.status])).toEqual([
        ['hire', 'operations-engineer-1', 'DONE'],
        ['hire', 'operations-engineer-2', 'DONE'],
        ['retire', 'operations-engineer-2', 'DONE'],
        ['retire', 'operations-engineer-1', 'DONE'],
      ]);

      const events = (await auditEvents('growing')).map((row) => `${row.actor}: ${row.event}`);
      expect(events.filter((event) => event === 'headcount: agent hired')).toHaveLength(2);
      expect(events.filter((event) => event === 'headcount: agent retired')).toHaveLength(2);
      expect(events).toEqual(
        expect.arrayContaining([
          'headcount: headcount: hire proposed',
          'headcount: headcount: hire approved',
          'headcount: headcount: hired operations-engineer-1',
          'headcount: headcount: retired operations-engineer-2',
        ]),
      );
      await env.client.stopCompany('growing');
    });
  });

  it('under supervised oversight waits for approval, records a denial, and hands a retired agent’s task over', async () => {
    await env.withWorker(async () => {
      const base = teamTemplate('supervised');
      await env.client.startCompany({
        id: 'shrinking',
        template: {
          ...base,
          policies: { ...base.policies, headcountInterval: '1s' },
          // One active task each is below 1.5 per agent: one of the two should go, its task to the other.
          scaling: [{ role, min: 1, max: 3, hireAbove: 5, retireBelow: 1.5, cooldown: '1s', sustain: 1 }],
        },
      });
      // The company starts its headcount workflow just after it starts: until then there is none to ask.
      await until('the headcount workflow', async () =>
        (await env.client
          .headcount()
          .state('shrinking')
          .catch(() => undefined))
          ? true
          : undefined,
      );
      const first = await until('a retirement proposal', async () =>
        (await env.client.headcount().state('shrinking')).proposals.find(
          (proposal) => proposal.status === 'AWAITING_APPROVAL',
        ),
      );
      expect(first).toMatchObject({ kind: 'retire', agentId: 'second', successor: 'worker', needsApproval: true });
      const denied = await synthorg(
        'scaling',
        'deny',
        'shrinking',
        first.id,
        '--reason',
        'not before the release',
        '--json',
      );
      expect(denied.status, denied.stderr).toBe(0);
      expect(JSON.parse(denied.stdout)).toMatchObject({
        proposal: { id: first.id, status: 'DENIED', decidedBy: 'operator' },
      });
      const again = await synthorg('scaling', 'approve', 'shrinking', first.id);
      expect(again.status).toBe(2);
      expect(again.stderr).toContain('not awaiting approval');
      expect(again.stderr).not.toContain('    at ');
      const unknown = await synthorg('scaling', 'approve', 'shrinking', 'p999');
      expect(unknown.status).toBe(2);
      expect(unknown.stderr).toContain('no staffing proposal "p999"');
      const malformed = await synthorg('scaling', 'approve', 'shrinking', 'first');
      expect(malformed.status).toBe(2);
      expect(malformed.stderr).toContain('proposal: "first"');
      const noCompany = await synthorg('scaling', 'approve', 'nobody-here', 'p1');
      expect(noCompany.status).toBe(2);
      expect(noCompany.stderr).toContain('no headcount workflow');

      const goal = await env.client.submitGoal('shrinking', 'Deploy the new release');
      const subtasks = await until('both subtasks awaiting approval', async () => {
        const approvals = await env.client.listApprovals('shrinking');
        return approvals.length === 2 ? approvals.map((approval) => approval.taskId) : undefined;
      });
      const next = await until('a second retirement proposal', async () =>
        (await env.client.headcount().state('shrinking')).proposals.find(
          (proposal) => proposal.id !== first.id && proposal.status === 'AWAITING_APPROVAL',
        ),
      );
      expect(next).toMatchObject({ kind: 'retire', agentId: 'second', successor: 'worker' });
      const approved = await synthorg('scaling', 'approve', 'shrinking', next.id, '--by', 'lead', '--json');
      expect(approved.status, approved.stderr).toBe(0);
      const done = await until('the retirement', async () =>
        (await env.client.headcount().state('shrinking')).proposals.find(
          (proposal) => proposal.id === next.id && proposal.status === 'DONE',
        ),
      );
      expect(await staffOf('shrinking')).toEqual(['worker']);
      expect(done.handedOver).toHaveLength(1);
      const handedOver = done.handedOver![0]!;
      expect(subtasks).toContain(handedOver);
      const taskState = () => temporal.workflow.getHandle(taskWorkflowId('shrinking', handedOver)).query(stateQuery);
      await until('the handover', async () => ((await taskState()).assignee === 'worker' ? true : undefined));
      expect((await taskState()).transcript.some((entry) => entry.text.startsWith('handoff note from second'))).toBe(
        true,
      );

      // Supervised oversight asks again for later risky steps: answer every request until the goal ends.
      const ended = await env.client.waitForTask('shrinking', goal.id, {
        onApproval: (approval) => env.client.approve('shrinking', approval.taskId),
      });
      expect(ended.status).toBe('COMPLETED');
      expect(await env.client.task('shrinking', handedOver)).toMatchObject({ status: 'COMPLETED', assignee: 'worker' });

      const audit = await auditEvents('shrinking');
      const events = audit.map((row) => `${row.actor}: ${row.event}`);
      expect(events).toEqual(
        expect.arrayContaining([
          'headcount: headcount: retire proposed',
          'headcount: headcount: retire denied',
          'headcount: headcount: retire approved',
          'headcount: headcount: retired second',
          'headcount: agent retired',
        ]),
      );
      expect(audit.find((row) => row.event === 'headcount: retire denied')?.details).toMatchObject({
        by: 'operator',
        why: 'not before the release',
      });
      expect(audit.find((row) => row.event === 'headcount: retire approved')?.details).toMatchObject({ by: 'lead' });
      expect(audit.find((row) => row.event === 'headcount: retired second')?.details).toMatchObject({
        successor: 'worker',
        handedOver: [handedOver],
      });
      await env.client.stopCompany('shrinking');
    });
  });
});
