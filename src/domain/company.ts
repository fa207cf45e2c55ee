import type { CompanyTemplate } from '../config/schemas.ts';
import type { CompanySnapshot } from './types.ts';

/** The starting shape of a company built from a validated template. */
export function snapshotFromTemplate(id: string, template: CompanyTemplate): CompanySnapshot {
  return {
    id,
    name: template.name,
    templateName: template.name,
    monthlyBudgetUsd: template.company.monthlyBudgetUsd,
    oversight: template.company.oversight,
    ...(template.company.timezone !== undefined ? { timezone: template.company.timezone } : {}),
    ...(template.company.prices !== undefined ? { prices: template.company.prices } : {}),
    departments: template.departments,
    agents: template.agents,
    policies: template.policies,
    ...(template.shifts !== undefined ? { shifts: template.shifts } : {}),
    ...(template.placement !== undefined ? { placement: template.placement } : {}),
    ...(template.scaling !== undefined ? { scaling: template.scaling } : {}),
    ...(template.training !== undefined ? { training: template.training } : {}),
  };
}
