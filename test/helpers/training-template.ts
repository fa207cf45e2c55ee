import type { CompanyTemplateInput } from '../../src/config/schemas.ts';
import { duoTemplate } from './templates.ts';

/**
 * A boss who hands each goal to `junior` or `senior` (both Operations Engineers in ops; the simulator
 * picks by a hash of the task id: t1, t3, t5, t7 go to the junior, t2, t4, t6 to the senior), with the
 * junior in training under the senior.
 */
export function trainingTemplate(graduation: { window: number; threshold: number }): CompanyTemplateInput {
  const base = duoTemplate({ oversight: 'full', budgetUsd: 100 });
  return {
    ...base,
    name: 'training',
    agents: [
      {
        id: 'boss',
        name: 'Bo',
        role: 'Operations Lead',
        department: 'ops',
        seniority: 'lead',
        model: 'offline',
        canDelegateTo: ['junior', 'senior'],
      },
      {
        id: 'junior',
        name: 'Jo',
        role: 'Operations Engineer',
        department: 'ops',
        seniority: 'junior',
        model: 'offline',
        reportsTo: 'boss',
      },
      {
        id: 'senior',
        name: 'Sen',
        role: 'Operations Engineer',
        department: 'ops',
        seniority: 'senior',
        model: 'offline',
        reportsTo: 'boss',
      },
    ],
    training: { juniors: [{ agent: 'junior', seniors: ['senior'] }], graduation },
  };
}
