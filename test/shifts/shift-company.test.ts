import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/client/types.ts';
import { taskWorkflowId } from '../../src/domain/ids.ts';
import { shiftWorkflowId } from '../../src/domain/shifts/ids.ts';
import { swapUpdate } from '../../workflows/contracts/shifts.ts';
import { startSynthorgTestEnv } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { shiftTeamTemplate } from './shift-templates.ts';
import { untilMatches } from '../helpers/until.ts';

let env: SynthorgTestEnv;
beforeAll(async () => {
  env = await startSynthorgTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

describe('a company working in shifts (dev server)', () => {
  it('hands a task waiting for approval to the incoming engineer once; it completes once with the note in ledger and memory', async () => {
    await env.withWorker(async () => {
      await env.client.startCompany({ id: 'shift-hand', template: shiftTeamTemplate({ oversight: 'supervised' }) });
      await untilMatches(
        'all on duty',
        () => env.client.shifts().now('shift-hand'),
        (now) => now.onDuty.length === 3,
        { timeoutMs: 30_000, intervalMs: 150 },
      );
      const root = await env.client.submitGoal('shift-hand', 'Deploy the new pricing page');
      const approval = await untilMatches(
        'an approval request',
        () => env.client.listApprovals('shift-hand'),
        (approvals) => approvals.length > 0,
        { timeoutMs: 30_000, intervalMs: 150 },
      );
      const first = approval[0]!;
      const leaving = first.agentId;
      expect(['worker', 'second']).toContain(leaving);
      const incoming = leaving === 'worker' ? 'second' : 'worker';

      const after = await env.client.shifts().offDuty('shift-hand', leaving);
      expect(after.onDuty.map((duty) => duty.agentId)).not.toContain(leaving);
      const handed = await untilMatches(
        'the handoff',
        () => env.client.task('shift-hand', first.taskId),
        (task) => task.assignee === incoming,
        { timeoutMs: 30_000, intervalMs: 150 },
      );
      // The approval asked for by the leaving agent stays valid: it is answered after the handoff.
      expect(handed.status).toBe('AWAITING_APPROVAL');
      const done = await env.client.waitForTask('shift-hand', root.id, {
        pollIntervalMs: 200,
        onApproval: (next) => env.client.approve('shift-hand', next.taskId, 'go'),
      });
      expect(done.status).toBe('COMPLETED');

      const notes = await env.pool.query<{ agent_id: string; task_id: string }>(
        `SELECT agent_id, task_id FROM ledger WHERE company_id = $1 AND call_key LIKE '%#handoff-%'`,
        ['shift-hand'],
      );
      expect(notes.rows).toEqual([{ agent_id: leaving, task_id: first.taskId }]);
      const memories = await env.pool.query<{ owner_id: string; author_id: string; task_id: string; content: string }>(
        `SELECT owner_id, author_id, task_id, content FROM memories WHERE company_id = $1 AND content LIKE 'Handoff note%'`,
        ['shift-hand'],
      );
      expect(memories.rows).toHaveLength(1);
      expect(memories.rows[0]).toMatchObject({ owner_id: incoming, author_id: leaving, task_id: first.taskId });

      // No model call by the leaving agent after it went off duty, other than its handoff note.
      const handle = env.client.temporal.workflow.getHandle(taskWorkflowId('shift-hand', first.taskId));
      const description = await handle.describe();
      expect(description.searchAttributes.SynthorgAgentId).toEqual([incoming]);
      const history = await handle.fetchHistory();
      const completions = (history.events ?? []).filter((event) => event.workflowExecutionCompletedEventAttributes);
      expect(completions).toHaveLength(1);
      const projection = await env.pool.query<{ status: string; assignee: string }>(
        'SELECT status, assignee FROM tasks WHERE company_id = $1 AND id = $2',
        ['shift-hand', first.taskId],
      );
      expect(projection.rows[0]).toEqual({ status: 'COMPLETED', assignee: incoming });
      await env.client.stopCompany('shift-hand');
    });
  });

  it('keeps a goal WAITING_FOR_SHIFT while its role is off duty, pages on-call for urgent work, and routes on call-in', async () => {
    await env.withWorker(async () => {
      await env.client.startCompany({ id: 'shift-wait', template: shiftTeamTemplate() });
      await untilMatches(
        'all on duty',
        () => env.client.shifts().now('shift-wait'),
        (now) => now.onDuty.length === 3,
        { timeoutMs: 30_000, intervalMs: 150 },
      );
      const off = await env.client.shifts().offDuty('shift-wait', 'boss');
      expect(off.onDuty.map((duty) => duty.agentId)).toEqual(['second', 'worker']);
      const waiting = await env.client.submitGoal('shift-wait', 'Write the launch checklist');
      await untilMatches(
        'WAITING_FOR_SHIFT',
        () => env.client.task('shift-wait', waiting.id),
        (task) => task.status === 'WAITING_FOR_SHIFT',
        { timeoutMs: 30_000, intervalMs: 150 },
      );

      const urgent = await env.client.submitGoal('shift-wait', 'Fix the outage', { priority: 'urgent' });
      const paged = await untilMatches(
        'the urgent goal to start',
        () => env.client.task('shift-wait', urgent.id),
        (task) => task.status !== 'CREATED' && task.status !== 'WAITING_FOR_SHIFT',
        { timeoutMs: 30_000, intervalMs: 150 },
      );
      expect(paged.assignee).toBe('second');

      await env.client.shifts().callIn('shift-wait', 'boss', 3_600_000);
      const routed = await env.client.waitForTask('shift-wait', waiting.id, { pollIntervalMs: 200 });
      expect(routed.status).toBe('COMPLETED');
      expect((await env.client.task('shift-wait', waiting.id)).assignee).toBe('boss');
      expect((await env.client.waitForTask('shift-wait', urgent.id, { pollIntervalMs: 200 })).status).toBe('COMPLETED');
      await env.client.stopCompany('shift-wait');
    });
  });

  it('rejects bad swaps, call-ins and rosters with the reason, and the shift workflow keeps running', async () => {
    await env.withWorker(async () => {
      await env.client.startCompany({ id: 'shift-bad', template: shiftTeamTemplate() });
      const shifts = env.client.shifts();
      await untilMatches(
        'all on duty',
        () => shifts.now('shift-bad'),
        (now) => now.onDuty.length === 3,
        { timeoutMs: 30_000, intervalMs: 150 },
      );
      await expect(shifts.swap('shift-bad', { rotation: 'early', from: 'ghost', to: 'second' })).rejects.toThrow(
        /unknown agent "ghost"/,
      );
      await expect(shifts.swap('shift-bad', { rotation: 'nights', from: 'worker', to: 'second' })).rejects.toThrow(
        /unknown rotation "nights"/,
      );
      await expect(
        shifts.swap('shift-bad', { rotation: 'early', from: 'worker', to: 'second', date: '2020-01-01' }),
      ).rejects.toThrow(/2020-01-01 is in the past/);
      await expect(shifts.callIn('shift-bad', 'worker', -5)).rejects.toBeInstanceOf(InvalidInputError);
      await expect(
        shifts.setRoster('shift-bad', {
          timezone: 'Mars/Olympus',
          rotations: [{ name: 'x', start: '25:00', end: '06:00', agents: ['nobody'] }],
        }),
      ).rejects.toThrow(/rotations\.0\.start/);
      // A raw update with a payload of the wrong shape is refused by the validator too.
      const raw = env.client.temporal.workflow.getHandle(shiftWorkflowId('shift-bad'));
      await expect(raw.executeUpdate(swapUpdate, { args: [null as never] })).rejects.toThrow();
      const swapped = await shifts.swap('shift-bad', { rotation: 'early', from: 'worker', to: 'boss' });
      // worker gave its only rotation away: it is rostered and in no open shift, so off duty.
      expect(swapped.onDuty.map((duty) => duty.agentId)).toEqual(['boss', 'second']);
      expect((await shifts.roster('shift-bad')).roster.swaps).toEqual([
        { rotation: 'early', from: 'worker', to: 'boss' },
      ]);
      await env.client.stopCompany('shift-bad');
      const closed = await untilMatches(
        'stop',
        () => raw.describe(),
        (description) => description.status.name !== 'RUNNING',
        { timeoutMs: 30_000, intervalMs: 150 },
      );
      expect(closed.status.name).toBe('COMPLETED');
    });
  });
});
