import type { AgentSpec } from '../config/schemas.ts';
import { Seniority, seniorities } from '../config/template-schema.ts';
import { didYouMean } from '../domain/did-you-mean.ts';
import { findAgent } from '../domain/org-chart.ts';
import { freeAgentId } from '../domain/staffing.ts';
import type { CompanySnapshot } from '../domain/types.ts';
import type { AgentView } from './types.ts';
import { InvalidInputError } from './types.ts';

/** What an operator gives to hire one agent (`synthorg company hire`). */
export interface HireOptions {
  role: string;
  /** Copy department, seniority, model, skills, manager, actions and placement from this agent of the company. */
  fromTemplateAgent?: string;
  id?: string;
  name?: string;
  department?: string;
  seniority?: string;
  reportsTo?: string;
  model?: string;
}

const agentIdPattern = /^[a-z0-9][a-z0-9-_]{0,63}$/;

/**
 * The agent spec a hire sends to the company workflow, built from the org chart as it is now. Every
 * problem the workflow's validator would also find is named here first, by field, so a script sees
 * "--department: …" rather than a Temporal update failure.
 */
export function hireSpec(company: CompanySnapshot, options: HireOptions): AgentSpec {
  const problems: string[] = [];
  const role = options.role.trim();
  if (role === '') problems.push('--role: the role is empty');
  const base = options.fromTemplateAgent === undefined ? undefined : findAgent(company, options.fromTemplateAgent);
  if (options.fromTemplateAgent !== undefined && !base) {
    const known = company.agents.map((agent) => agent.id);
    problems.push(
      `--from-template-agent: company ${company.id} has no agent "${options.fromTemplateAgent}"${didYouMean(options.fromTemplateAgent, known)}`,
    );
  }
  const department = options.department ?? base?.department;
  if (department === undefined) problems.push('--department: give a department (or --from-template-agent)');
  else if (!company.departments.some((candidate) => candidate.name === department)) {
    const known = company.departments.map((candidate) => candidate.name);
    problems.push(`--department: unknown department "${department}"${didYouMean(department, known)}`);
  }
  const seniority = options.seniority ?? base?.seniority ?? 'mid';
  if (!Seniority.safeParse(seniority).success) {
    problems.push(`--seniority: "${seniority}" is not one of ${seniorities.join(', ')}`);
  }
  const head = company.departments.find((candidate) => candidate.name === department)?.head;
  const reportsTo = options.reportsTo ?? base?.reportsTo ?? head;
  if (reportsTo === undefined || reportsTo === null) problems.push('--reports-to: name the new agent’s manager');
  else if (!findAgent(company, reportsTo)) problems.push(`--reports-to: unknown agent "${reportsTo}"`);
  const id = options.id ?? freeAgentId(company, role);
  if (!agentIdPattern.test(id)) problems.push(`--id: "${id}" must be lowercase letters, digits, "-" or "_"`);
  else if (findAgent(company, id)) problems.push(`--id: agent "${id}" already works at ${company.id}`);
  if (options.model !== undefined && !/^(offline|default|[a-z][a-z0-9-]*:.+)$/.test(options.model)) {
    problems.push(`--model: "${options.model}" is not "default", "offline" or "provider:model"`);
  }
  if (problems.length > 0) throw new InvalidInputError(problems.join('; '));
  return {
    id,
    name: options.name ?? `${role} ${id}`,
    role,
    department: department as string,
    seniority: seniority as AgentSpec['seniority'],
    model: options.model ?? base?.model ?? 'default',
    skills: base?.skills ?? [],
    reportsTo: reportsTo as string,
    canDelegateTo: [],
    ...(base?.actions !== undefined ? { actions: base.actions } : {}),
    ...(base?.maxOutputTokens !== undefined ? { maxOutputTokens: base.maxOutputTokens } : {}),
    ...(base?.placement !== undefined ? { placement: base.placement } : {}),
  };
}

/** Why an agent cannot be fired, before the workflow is asked (the workflow checks the same). */
export function fireProblem(company: CompanySnapshot, agentId: string): string | undefined {
  const agent = findAgent(company, agentId);
  if (!agent) {
    const known = company.agents.map((candidate) => candidate.id);
    return `company ${company.id} has no agent "${agentId}"${didYouMean(agentId, known)}`;
  }
  if (agent.reportsTo === null) return `cannot fire ${agentId}: it is the top of the org chart`;
  if (company.departments.some((department) => department.head === agentId)) {
    return `cannot fire ${agentId}: it heads a department`;
  }
  return undefined;
}

export function toAgentView(agent: AgentSpec): AgentView {
  return {
    id: agent.id,
    name: agent.name,
    role: agent.role,
    seniority: agent.seniority,
    department: agent.department,
    reportsTo: agent.reportsTo,
    model: agent.model,
    ...(agent.placement !== undefined ? { pool: agent.placement.pool } : {}),
  };
}

/** What the staff operations need from the client: the org chart and a company update, errors translated. */
export interface CompanyAccess {
  orgChart(companyId: string): Promise<CompanySnapshot>;
  hire(companyId: string, spec: AgentSpec): Promise<void>;
  fire(companyId: string, agentId: string): Promise<void>;
}

/** Hire and fire, with every bad field named before the company workflow is asked. */
export function companyStaff(access: CompanyAccess) {
  return {
    async hire(companyId: string, options: HireOptions): Promise<AgentView> {
      const spec = hireSpec(await access.orgChart(companyId), options);
      await access.hire(companyId, spec);
      return toAgentView(spec);
    },
    async fire(companyId: string, agentId: string): Promise<AgentView> {
      const company = await access.orgChart(companyId);
      const problem = fireProblem(company, agentId);
      if (problem) throw new InvalidInputError(problem);
      await access.fire(companyId, agentId);
      return toAgentView(findAgent(company, agentId) as AgentSpec);
    },
  };
}
