import { describe, expect, it } from 'vitest';
import { RoleScalingSpec } from '../../src/config/schemas.ts';
import { CompanyTemplate } from '../../src/config/schemas.ts';
import { adviseHeadcount } from '../../src/domain/headcount.ts';
import { duoTemplate } from '../helpers/templates.ts';

const spec = RoleScalingSpec.parse({ role: 'Operations Engineer', min: 1, max: 3, cooldown: '10m', maxHiresPerDay: 1 });
const load = { agents: 1, activeTasks: 0, hiresToday: 0, atBudgetCeiling: false };

describe('adviseHeadcount', () => {
  it('hires under backlog and retires when idle, within the bounds', () => {
    expect(adviseHeadcount(spec, { ...load, activeTasks: 4 }, 0).action).toBe('hire');
    expect(adviseHeadcount(spec, { ...load, agents: 3, activeTasks: 12 }, 0).action).toBe('hold');
    expect(adviseHeadcount(spec, { ...load, agents: 2, activeTasks: 0 }, 0).action).toBe('retire');
    expect(adviseHeadcount(spec, { ...load, agents: 1, activeTasks: 0 }, 0).action).toBe('hold');
    expect(adviseHeadcount(spec, { ...load, agents: 0 }, 0)).toMatchObject({
      action: 'hire',
      reason: 'below the minimum of 1',
    });
  });

  it('respects the cooldown, the daily cap and the budget ceiling', () => {
    const busy = { ...load, activeTasks: 4 };
    expect(adviseHeadcount(spec, { ...busy, lastChangeAtMs: 0 }, 60_000).reason).toContain('cooling down');
    expect(adviseHeadcount(spec, { ...busy, lastChangeAtMs: 0 }, 600_000).action).toBe('hire');
    expect(adviseHeadcount(spec, { ...busy, hiresToday: 1 }, 0).reason).toContain('cap 1');
    expect(adviseHeadcount(spec, { ...busy, atBudgetCeiling: true }, 0).reason).toContain('budget ceiling');
  });
});

describe('placement and scaling in templates', () => {
  const issues = (template: unknown) =>
    CompanyTemplate.safeParse(template).error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];

  it('accepts placement by agent and by role, and role bounds', () => {
    const base = duoTemplate();
    expect(
      issues({
        ...base,
        agents: base.agents.map((agent) => (agent.id === 'worker' ? { ...agent, placement: { pool: 'gpu' } } : agent)),
        placement: { roles: { 'Operations Lead': { pool: 'cpu', fallback: 'default' } }, failoverAfter: '20s' },
        scaling: [{ role: 'Operations Engineer', min: 1, max: 4 }],
      }),
    ).toEqual([]);
  });

  it('names every bad placement and scaling field', () => {
    const base = duoTemplate();
    expect(
      issues({
        ...base,
        agents: base.agents.map((agent) =>
          agent.id === 'worker' ? { ...agent, placement: { pool: 'gpu', fallback: 'gpu' } } : agent,
        ),
        placement: { roles: { 'Operations Engneer': { pool: 'GPU' } }, failoverAfter: 'soon' },
        scaling: [
          { role: 'Operations Engineer', min: 5, max: 2 },
          { role: 'Operations Engineer', min: 0, max: 2, retireBelow: 3, hireAbove: 2 },
          { role: 'Designer', min: 0, max: 1 },
        ],
      }),
    ).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^placement\.roles\.Operations Engneer\.pool: /),
        expect.stringMatching(/^placement\.failoverAfter: use a duration/),
        'scaling.0.min: min must not exceed max',
        'scaling.1.retireBelow: retireBelow must be below hireAbove (or headcount would flap)',
        'agents.1.placement.fallback: the fallback pool must differ from the pool',
        expect.stringMatching(
          /^placement\.roles\.Operations Engneer: no agent has role "Operations Engneer"; did you mean/,
        ),
        'scaling.1.role: role "Operations Engineer" is bounded twice',
        expect.stringMatching(/^scaling\.2\.role: no agent has role "Designer"/),
      ]),
    );
  });
});
