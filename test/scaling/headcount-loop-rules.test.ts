import { describe, expect, it } from 'vitest';
import { CompanyTemplate } from '../../src/config/schemas.ts';
import { snapshotFromTemplate } from '../../src/domain/company.ts';
import type { CompanyLoad } from '../../src/domain/headcount-loop.ts';
import {
  emptyHeadcountState,
  expireApprovals,
  planStaffChange,
  readHeadcount,
  recordChange,
  staffChangeProblem,
} from '../../src/domain/headcount-loop.ts';
import { agentsWithHire, delegatorsOfHire } from '../../src/domain/staffing.ts';
import { duoTemplate, teamTemplate } from '../helpers/templates.ts';

const scaling = [{ role: 'Operations Engineer', min: 1, max: 3, hireAbove: 1, retireBelow: 0.5, cooldown: '1m' }];

function loadOf(
  template: ReturnType<typeof duoTemplate>,
  activeByAgent: Record<string, number>,
  extra: Partial<CompanyLoad> = {},
): CompanyLoad {
  const company = snapshotFromTemplate('acme', CompanyTemplate.parse({ ...template, scaling }));
  return { company, activeByAgent, spentUsd: 0, status: 'RUNNING', ...extra };
}

const day = Date.UTC(2026, 11, 2, 10);

describe('the headcount loop (pure rules)', () => {
  it('proposes a hire only when the advice holds for `sustain` readings, and one open proposal per role', () => {
    const state = emptyHeadcountState();
    const busy = loadOf(duoTemplate({ oversight: 'full' }), { worker: 4 });
    expect(readHeadcount(state, busy, day).proposals).toEqual([]);
    const [proposal] = readHeadcount(state, busy, day + 1_000).proposals;
    expect(proposal).toMatchObject({
      id: 'p1',
      kind: 'hire',
      agentId: 'operations-engineer-1',
      templateAgent: 'worker',
      needsApproval: false,
      status: 'APPROVED',
      spec: { role: 'Operations Engineer', department: 'ops', reportsTo: 'boss', canDelegateTo: [] },
    });
    expect(readHeadcount(state, busy, day + 2_000).proposals).toEqual([]);
  });

  it('asks for approval under supervised and locked oversight, not under semi or full', () => {
    for (const [oversight, needed] of [
      ['supervised', true],
      ['locked', true],
      ['semi', false],
      ['full', false],
    ] as const) {
      const plan = planStaffChange(loadOf(duoTemplate({ oversight }), {}), {
        role: 'Operations Engineer',
        action: 'hire',
      } as never);
      expect(typeof plan === 'string' ? plan : plan.oversight).toBe(oversight);
      const state = emptyHeadcountState();
      const busy = loadOf(duoTemplate({ oversight }), { worker: 4 });
      readHeadcount(state, busy, day);
      expect(readHeadcount(state, busy, day + 1).proposals[0]?.needsApproval).toBe(needed);
    }
  });

  it('retires the least busy agent (newest on a tie) and names a successor; never a manager', () => {
    const load = loadOf(teamTemplate('full'), { worker: 1, second: 1 });
    expect(planStaffChange(load, { role: 'Operations Engineer', action: 'retire' } as never)).toMatchObject({
      kind: 'retire',
      agentId: 'second',
      successor: 'worker',
    });
    const busySecond = loadOf(teamTemplate('full'), { worker: 0, second: 2 });
    expect(planStaffChange(busySecond, { role: 'Operations Engineer', action: 'retire' } as never)).toMatchObject({
      agentId: 'worker',
      successor: 'second',
    });
    expect(planStaffChange(load, { role: 'Operations Lead', action: 'retire' } as never)).toContain('can leave');
  });

  it('keeps daily caps per UTC day and the cooldown after a change', () => {
    const state = emptyHeadcountState();
    const template = { ...duoTemplate({ oversight: 'full' }) };
    const busy = loadOf(template, { worker: 9 });
    busy.company.scaling = [{ ...busy.company.scaling![0]!, maxHiresPerDay: 1, sustain: 1 }];
    const [first] = readHeadcount(state, busy, day).proposals;
    first!.status = 'DONE';
    recordChange(state, first!, day);
    expect(readHeadcount(state, busy, day + 30_000).advice[0]?.reason).toContain('cap 1');
    expect(readHeadcount(state, busy, day + 120_000).advice[0]?.reason).toContain('cap 1');
    const nextDay = day + 24 * 3_600_000;
    expect(readHeadcount(state, busy, nextDay).proposals).toHaveLength(1);
    expect(state.roles['Operations Engineer']).toMatchObject({ day: '2026-12-03', hires: 0 });
  });

  it('an unanswered approval takes the company default after the timeout', () => {
    const state = emptyHeadcountState();
    const busy = loadOf(duoTemplate({ oversight: 'supervised' }), { worker: 4 });
    readHeadcount(state, busy, day);
    const [proposal] = readHeadcount(state, busy, day + 1).proposals;
    expect(proposal?.deadlineMs).toBe(day + 1 + 3_600_000);
    expect(expireApprovals(state, 'deny', day + 60_000)).toEqual([]);
    expect(expireApprovals(state, 'deny', day + 1 + 3_600_000)).toEqual([
      expect.objectContaining({ status: 'DENIED', decidedBy: 'timeout' }),
    ]);
  });

  it('a company that is not running is read but gets no proposal; a stale proposal is refused', () => {
    const state = emptyHeadcountState();
    const paused = loadOf(duoTemplate({ oversight: 'full' }), { worker: 4 }, { status: 'PAUSED' });
    readHeadcount(state, paused, day);
    expect(readHeadcount(state, paused, day + 1).proposals).toEqual([]);
    const load = loadOf(duoTemplate({ oversight: 'full' }), {});
    expect(
      staffChangeProblem(load.company, {
        kind: 'retire',
        agentId: 'boss',
        successor: 'worker',
      } as never),
    ).toContain('top of the org chart');
    expect(
      staffChangeProblem(load.company, { kind: 'retire', agentId: 'worker', successor: 'worker' } as never),
    ).toContain('successor');
  });
});

describe('a hire joins its delegators', () => {
  it('is listed by a manager that delegates by list, not by one that hands work to its reports', () => {
    const duo = snapshotFromTemplate('acme', CompanyTemplate.parse(duoTemplate()));
    const hire = { ...duo.agents[1]!, id: 'w2', canDelegateTo: [] };
    expect(delegatorsOfHire(duo, hire)).toEqual(['boss']);
    expect(agentsWithHire(duo, hire).find((agent) => agent.id === 'boss')?.canDelegateTo).toEqual(['worker', 'w2']);
    const byReports = { ...duo, agents: duo.agents.map((agent) => ({ ...agent, canDelegateTo: [] })) };
    expect(delegatorsOfHire(byReports, hire)).toEqual([]);
  });
});
