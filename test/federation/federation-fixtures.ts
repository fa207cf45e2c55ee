import type { CompanyTemplateInput } from '../../src/config/schemas.ts';
import { duoTemplate } from '../helpers/templates.ts';

/** The duo company with skills on its agents, so its agent card has something to list. */
export function skilledDuo(oversight: 'semi' | 'full', budgetUsd = 10): CompanyTemplateInput {
  const base = duoTemplate({ oversight, budgetUsd });
  return {
    ...base,
    agents: base.agents.map((agent) => ({
      ...agent,
      skills:
        agent.id === 'worker'
          ? [
              { id: 'copywriting', name: 'Copywriting', proficiency: 0.8 },
              { id: 'research', name: 'Research', proficiency: 0.6 },
            ]
          : [{ id: 'research', name: 'Research', proficiency: 0.9 }],
    })),
  };
}

/** The skilled duo whose worker (a research analyst) may buy work from partners (delegate_external). */
export function outsourcingDuo(): CompanyTemplateInput {
  const base = skilledDuo('full');
  return {
    ...base,
    agents: base.agents.map((agent) =>
      agent.id === 'worker'
        ? {
            ...agent,
            role: 'Research Analyst',
            actions: ['answer', 'recall', 'remember', 'delegate_external'] as const,
          }
        : agent,
    ),
  } as CompanyTemplateInput;
}
