import type { CompanyConfiguration, ConfigurationPatch, RoleConfiguration } from '../config/configuration-schema.ts';
import type { AgentSpec } from '../config/schemas.ts';
import { templateLeaves, upgradedSnapshot } from './template-upgrade.ts';
import type { CompanySnapshot } from './types.ts';

/** One immutable configuration version of a company (a row of `config_versions`). */
export interface ConfigVersion {
  companyId: string;
  version: number;
  parent: number | null;
  configuration: CompanyConfiguration;
  diff: ConfigChange[];
  /** `operator`, `loop` (the improvement loop) or `template` (version 1, and template upgrades). */
  author: string;
  reason: string;
  createdAt: string;
}

/** One changed field between two configurations, by path (`roles.Engineer.instructions`). */
export interface ConfigChange {
  path: string;
  from: unknown;
  to: unknown;
}

export const emptyConfiguration: CompanyConfiguration = { roles: {}, policies: {} };

/** The configuration after a patch: set fields, remove `null` ones, drop roles left empty; a template replaces the last. */
export function applyPatch(base: CompanyConfiguration, patch: ConfigurationPatch): CompanyConfiguration {
  const roles: Record<string, RoleConfiguration> = structuredCloneRecord(base.roles);
  for (const [role, change] of Object.entries(patch.roles ?? {})) {
    if (change === null) {
      delete roles[role];
      continue;
    }
    const next: Record<string, unknown> = { ...roles[role] };
    for (const [field, value] of Object.entries(change)) {
      if (value === null) delete next[field];
      else if (value !== undefined) next[field] = value;
    }
    if (Object.keys(next).length === 0) delete roles[role];
    else roles[role] = next as RoleConfiguration;
  }
  const policies: Record<string, unknown> = { ...base.policies };
  for (const [field, value] of Object.entries(patch.policies ?? {})) {
    if (value === null) delete policies[field];
    else if (value !== undefined) policies[field] = value;
  }
  const template = patch.template === undefined ? base.template : (patch.template ?? undefined);
  return {
    roles,
    policies: policies as CompanyConfiguration['policies'],
    ...(template !== undefined ? { template } : {}),
  };
}

function structuredCloneRecord<T extends object>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, { ...value }]));
}

/**
 * Every leaf field that differs, sorted by path. When either side moves the company to another
 * template, `started` (the company as it started) is the template of the side that does not, and the
 * template's fields are compared leaf by leaf (`template.agents.eng-1.model`).
 */
export function diffConfigurations(
  before: CompanyConfiguration,
  after: CompanyConfiguration,
  started?: CompanySnapshot,
): ConfigChange[] {
  const changes: ConfigChange[] = [];
  const compareTemplates = before.template !== undefined || after.template !== undefined;
  const leaves = (configuration: CompanyConfiguration): Map<string, unknown> => {
    const map = new Map<string, unknown>();
    if (compareTemplates) {
      const company = configuration.template && started ? upgradedSnapshot(started, configuration.template) : started;
      if (company) for (const [path, value] of templateLeaves(company)) map.set(path, value);
      else if (configuration.template)
        map.set('template.package', `${configuration.template.package.name}@${configuration.template.package.version}`);
    }
    for (const [role, fields] of Object.entries(configuration.roles)) {
      for (const [field, value] of Object.entries(fields)) map.set(`roles.${role}.${field}`, value);
    }
    for (const [field, value] of Object.entries(configuration.policies)) map.set(`policies.${field}`, value);
    return map;
  };
  const left = leaves(before);
  const right = leaves(after);
  for (const path of [...new Set([...left.keys(), ...right.keys()])].sort()) {
    const from = left.get(path) ?? null;
    const to = right.get(path) ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to)) changes.push({ path, from, to });
  }
  return changes;
}

/** Paths of the fields a patch touches (`roles.Engineer.instructions`, `policies.maxRevisions`). */
export function patchPaths(patch: ConfigurationPatch): string[] {
  const paths: string[] = [];
  for (const [role, change] of Object.entries(patch.roles ?? {})) {
    if (change === null) paths.push(`roles.${role}`);
    else for (const field of Object.keys(change)) paths.push(`roles.${role}.${field}`);
  }
  for (const field of Object.keys(patch.policies ?? {})) paths.push(`policies.${field}`);
  if (patch.template !== undefined) paths.push('template');
  return paths;
}

/** The roles a company's agents have, for checking patches against. */
export function companyRoles(company: Pick<CompanySnapshot, 'agents'>): string[] {
  return [...new Set(company.agents.map((agent) => agent.role))].sort();
}

/** The company's template under `configuration`: the upgraded one when the configuration moves it, else as started. */
export function templatedCompany(company: CompanySnapshot, configuration: CompanyConfiguration): CompanySnapshot {
  return configuration.template ? upgradedSnapshot(company, configuration.template) : company;
}

/** An agent as a configured task sees it: the template's fields plus its role's instructions and temperature. */
export type ConfiguredAgent = AgentSpec & { instructions?: string; temperature?: number };

/**
 * The company as a task running under `configuration` sees it: the upgraded template's org chart when
 * the configuration moves the company to one, each agent's model, instructions and temperature from
 * its role's entry, and the configured policies over the template's.
 */
export function configureCompany(started: CompanySnapshot, configuration: CompanyConfiguration): CompanySnapshot {
  const company = templatedCompany(started, configuration);
  return {
    ...company,
    agents: company.agents.map((agent): ConfiguredAgent => {
      const role = configuration.roles[agent.role];
      if (!role) return agent;
      return {
        ...agent,
        ...(role.model !== undefined ? { model: role.model } : {}),
        ...(role.instructions !== undefined ? { instructions: role.instructions } : {}),
        ...(role.temperature !== undefined ? { temperature: role.temperature } : {}),
      };
    }),
    policies: { ...company.policies, ...configuration.policies },
  };
}

/** The step fields a configured agent adds to its model call (empty for an unconfigured one). */
export function configuredStepFields(agent: AgentSpec): { instructions?: string; temperature?: number } {
  const configured = agent as ConfiguredAgent;
  return {
    ...(configured.instructions !== undefined ? { instructions: configured.instructions } : {}),
    ...(configured.temperature !== undefined ? { temperature: configured.temperature } : {}),
  };
}
