import type { TemplateConfiguration, TemplatePackagePin } from '../config/configuration-schema.ts';
import { snapshotFromTemplate } from './company.ts';
import { rootAgent } from './org-chart.ts';
import type { CompanySnapshot } from './types.ts';

/**
 * A running company moved to a newer template version (docs/templates.md, "Upgrading a running
 * company"): pure functions shared by the configuration store, the client's dry run and the task
 * workflow (so nothing here may touch Node or the clock).
 */

/** `name@version` of a package, or the started template's name when the company came from no package. */
export function templateLabel(company: Pick<CompanySnapshot, 'templateName' | 'templatePackage'>): string {
  const pin = company.templatePackage;
  return pin ? `${pin.name}@${pin.version}` : `template "${company.templateName}"`;
}

export function packageLabel(pin: TemplatePackagePin): string {
  return `${pin.name}@${pin.version}`;
}

/**
 * The company as a task under an upgraded template sees it: the new template's org chart, policies and
 * prices, with the company's own id and name, recording the package it now runs.
 */
export function upgradedSnapshot(company: CompanySnapshot, upgrade: TemplateConfiguration): CompanySnapshot {
  return {
    ...snapshotFromTemplate(company.id, upgrade.template),
    name: company.name,
    templatePackage: upgrade.package,
    ...(company.stepHeartbeatSeconds !== undefined ? { stepHeartbeatSeconds: company.stepHeartbeatSeconds } : {}),
  };
}

/** The fields of the snapshot a template decides; the company's id and name are its own. */
const chartFields = [
  'monthlyBudgetUsd',
  'oversight',
  'timezone',
  'prices',
  'departments',
  'agents',
  'policies',
  'shifts',
  'placement',
  'scaling',
] as const satisfies readonly (keyof CompanySnapshot)[];

/**
 * Every leaf of a company's template by path, for diffs a reader can follow: agents by id
 * (`template.agents.eng-1.model`), departments by name, policy fields one by one, the rest whole.
 */
export function templateLeaves(company: CompanySnapshot): Map<string, unknown> {
  const leaves = new Map<string, unknown>();
  leaves.set('template.package', templateLabel(company));
  leaves.set('template.name', company.templateName);
  for (const field of chartFields) {
    const value = company[field];
    if (value === undefined) continue;
    if (field === 'agents' || field === 'departments') {
      for (const item of value as (Record<string, unknown> & { id?: string; name?: string })[]) {
        const key = field === 'agents' ? item.id : item.name;
        for (const [name, inner] of Object.entries(item)) leaves.set(`template.${field}.${key}.${name}`, inner);
      }
    } else if (field === 'policies' || field === 'prices') {
      for (const [name, inner] of Object.entries(value as Record<string, unknown>))
        leaves.set(`template.${field}.${name}`, inner);
    } else leaves.set(`template.${field}`, value);
  }
  return leaves;
}

/**
 * Why a running company cannot move to `next`, or undefined when it can. Goals are handed to the top
 * of the org chart by the company workflow, which keeps its started chart: the new template must keep
 * that agent's id, so a goal started under either version has an assignee.
 */
export function upgradeRefusal(company: CompanySnapshot, next: CompanySnapshot): string | undefined {
  const before = rootAgent(company).id;
  const after = rootAgent(next).id;
  if (before !== after) {
    return (
      `the new template's top agent is "${after}", the company's is "${before}": ` +
      `goals go to the top agent, so a running company can only move to a template that keeps it`
    );
  }
  return undefined;
}
