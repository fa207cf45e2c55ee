import type { AgentView } from '../../client/types.ts';
import { companyIdArgument, defineCommand } from '../args.ts';
import { withClient } from '../client.ts';
import { UsageError } from '../errors.ts';
import { printJson, printLines } from '../output.ts';

const describeAgent = (agent: AgentView) =>
  `${agent.id} (${agent.name}): ${agent.role}, ${agent.seniority}, ${agent.department}, reports to ${agent.reportsTo ?? 'nobody'}` +
  (agent.pool ? `, pool ${agent.pool}` : '');

/** `synthorg company hire`: the company workflow's hire update, with every bad field named first. */
export const hire = defineCommand(
  {
    name: 'company hire',
    synopsis:
      '<companyId> --role "<role>" [--from-template-agent <agentId>] [--id <agentId>] [--name "<name>"] [--department <d>] [--seniority <s>] [--reports-to <agentId>] [--model <m>] [--json]',
    summary: 'Hire an agent into a running company.',
    details: `Options:
  --role "<role>"                  the new agent's role (required)
  --from-template-agent <agentId>  copy department, seniority, model, skills, manager, actions and pool from this agent
  --id <agentId>                   the new agent's id (default: "<role>-<n>", the first free one)
  --name "<name>"                  its name (default: the role and id)
  --department <d>                 its department (required without --from-template-agent)
  --seniority <s>                  junior, mid (default), senior, lead, principal, director, vp or c_suite
  --reports-to <agentId>           its manager (default: the copied agent's manager, else the department head)
  --model <m>                      default, offline or provider:model
  --json                           print the hired agent as JSON

Exit codes: 0 hired, 1 runtime failure, 2 bad input (each bad field named).`,
    positionals: ['companyId'],
    flags: ['json'],
    options: ['role', 'from-template-agent', 'id', 'name', 'department', 'seniority', 'reports-to', 'model'],
  },
  async ({ flags, options, positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    if (options.role === undefined)
      throw new UsageError('missing --role "<role>" (see "synthorg company hire --help")');
    if (options.role.trim() === '') throw new UsageError('--role: the role is empty');
    return withClient(async (api) => {
      const agent = await api.hireAgent(id, {
        role: options.role as string,
        ...(options['from-template-agent'] !== undefined ? { fromTemplateAgent: options['from-template-agent'] } : {}),
        ...(options.id !== undefined ? { id: options.id } : {}),
        ...(options.name !== undefined ? { name: options.name } : {}),
        ...(options.department !== undefined ? { department: options.department } : {}),
        ...(options.seniority !== undefined ? { seniority: options.seniority } : {}),
        ...(options['reports-to'] !== undefined ? { reportsTo: options['reports-to'] } : {}),
        ...(options.model !== undefined ? { model: options.model } : {}),
      });
      if (flags.json) printJson({ companyId: id, hired: agent });
      else printLines([`hired ${describeAgent(agent)}`]);
      return 0;
    });
  },
);

export const fire = defineCommand(
  {
    name: 'company fire',
    synopsis: '<companyId> <agentId> [--json]',
    summary: 'Fire an agent: its reports move to its manager; its memories stay with the company.',
    details: `The top of the org chart and department heads cannot be fired (exit 2).
  --json  print {"companyId","fired":{…agent}}`,
    positionals: ['companyId', 'agentId'],
    flags: ['json'],
    options: [],
  },
  async ({ flags, positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    if (positionals.agentId.trim() === '') throw new UsageError('the agent id is empty');
    return withClient(async (api) => {
      const agent = await api.fireAgent(id, positionals.agentId);
      if (flags.json) printJson({ companyId: id, fired: agent });
      else printLines([`fired ${describeAgent(agent)}`]);
      return 0;
    });
  },
);

function statusChange(verb: 'pause' | 'resume', summary: string) {
  return defineCommand(
    {
      name: `company ${verb}`,
      synopsis: '<companyId> [--json]',
      summary,
      details: `Exit code 2 when the company is not ${verb === 'pause' ? 'running' : 'paused'}.
  --json  print {"companyId","status"}`,
      positionals: ['companyId'],
      flags: ['json'],
      options: [],
    },
    async ({ flags, positionals }) => {
      const id = companyIdArgument(positionals.companyId);
      return withClient(async (api) => {
        if (verb === 'pause') await api.pauseCompany(id);
        else await api.resumeCompany(id);
        const status = verb === 'pause' ? 'PAUSED' : 'RUNNING';
        if (flags.json) printJson({ companyId: id, status });
        else printLines([`company ${id} is ${status.toLowerCase()}`]);
        return 0;
      });
    },
  );
}

export const pause = statusChange('pause', 'Pause a company: each task stops before its next step.');
export const resume = statusChange('resume', 'Resume a paused company.');
