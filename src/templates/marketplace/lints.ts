import type { CompanyTemplate } from '../../config/template-schema.ts';
import { snapshotFromTemplate } from '../../domain/company.ts';
import { effectiveOversight, subtaskAssignees } from '../../domain/org-chart.ts';
import { priceFor } from '../../llm/prices.ts';
import type { SynthorgBlock } from './package-manifest.ts';

/** A policy problem in a template that is valid by schema: an error refuses the package, a warning is shown. */
export interface TemplateLint {
  severity: 'error' | 'warning';
  /** The field, as `agents[2]`, or `package.json synthorg.models`. */
  path: string;
  message: string;
}

/** Every lint of a template (and of the package block that describes it). */
export function lintTemplate(template: CompanyTemplate, block?: SynthorgBlock): TemplateLint[] {
  return [
    ...unreachableAgents(template),
    ...unpricedModels(template),
    ...unboundedAutonomy(template),
    ...undeclaredModels(template, block),
  ];
}

/**
 * Agents no goal can reach. Goals go to the top of the chart; work moves by decomposition (to the
 * agent's delegates, else its direct reports: src/domain/org-chart.ts), at most
 * `maxDecompositionDepth` levels down, and by delegation (to `canDelegateTo`); `actions` may rule
 * either out. An agent outside that closure is paid for in the org chart and never works.
 */
function unreachableAgents(template: CompanyTemplate): TemplateLint[] {
  const company = snapshotFromTemplate('lint', template);
  const root = template.agents.find((agent) => agent.reportsTo === null);
  if (!root) return [];
  const canDo = (agentId: string, action: 'decompose' | 'delegate'): boolean => {
    const actions = template.agents.find((agent) => agent.id === agentId)?.actions;
    return actions === undefined || actions.includes(action);
  };
  const shallowest = new Map<string, number>([[root.id, 0]]);
  const queue: string[] = [root.id];
  while (queue.length > 0) {
    const id = queue.shift()!;
    const depth = shallowest.get(id)!;
    const next: [string, number][] = [];
    if (canDo(id, 'delegate')) {
      const agent = template.agents.find((candidate) => candidate.id === id);
      for (const target of agent?.canDelegateTo ?? []) next.push([target, depth]);
    }
    if (canDo(id, 'decompose') && depth < template.policies.maxDecompositionDepth) {
      for (const target of subtaskAssignees(company, id)) next.push([target, depth + 1]);
    }
    for (const [target, targetDepth] of next) {
      const known = shallowest.get(target);
      if (known === undefined || targetDepth < known) {
        shallowest.set(target, targetDepth);
        queue.push(target);
      }
    }
  }
  return template.agents.flatMap((agent, index): TemplateLint[] =>
    shallowest.has(agent.id)
      ? []
      : [
          {
            severity: 'error',
            path: `agents[${index}]`,
            message: `agent "${agent.id}" is unreachable: no goal can reach it from "${root.id}" by decomposition (within maxDecompositionDepth ${template.policies.maxDecompositionDepth}) or delegation; give a manager a way to hand it work or remove it`,
          },
        ],
  );
}

/** Paid models with no price here or in the built-in table: the budget would refuse their first call. */
function unpricedModels(template: CompanyTemplate): TemplateLint[] {
  const prices = template.company.prices ?? {};
  return template.agents.flatMap((agent, index): TemplateLint[] => {
    if (agent.model === 'default' || prices[agent.model] !== undefined || priceFor(agent.model).known) return [];
    return [
      {
        severity: 'error',
        path: `agents[${index}].model`,
        message: `model "${agent.model}" has no known price; add it under company.prices ({ inputPerMillion, outputPerMillion } or { free: true }) so its spending can be counted`,
      },
    ];
  });
}

/** `full` oversight means no approval ever stops an agent; only a budget of its own then bounds what it spends alone. */
function unboundedAutonomy(template: CompanyTemplate): TemplateLint[] {
  const company = snapshotFromTemplate('lint', template);
  return template.agents.flatMap((agent, index): TemplateLint[] =>
    effectiveOversight(company, agent.id) === 'full' && agent.budgetLimitUsd === undefined
      ? [
          {
            severity: 'warning',
            path: `agents[${index}]`,
            message: `agent "${agent.id}" works under full oversight (no approvals) without a budgetLimitUsd of its own; only the company's $${template.company.monthlyBudgetUsd} monthly ceiling bounds it`,
          },
        ]
      : [],
  );
}

/** A package says which models it needs, so operators see it before installing; the template must agree. */
function undeclaredModels(template: CompanyTemplate, block: SynthorgBlock | undefined): TemplateLint[] {
  if (!block) return [];
  const declared = new Set(block.models);
  const used = [...new Set(template.agents.map((agent) => agent.model))];
  return used
    .filter((model) => !declared.has(model))
    .map((model) => ({
      severity: 'error' as const,
      path: 'package.json synthorg.models',
      message: `the template uses model "${model}", which synthorg.models does not list`,
    }));
}
