import { companyIdArgument, defineCommand } from '../args.ts';
import { withClient } from '../client.ts';
import { printJson, printLines } from '../output.ts';
import { defineFamily } from '../subcommands.ts';
import { approve, deny, describeProposal } from './scaling-decide.ts';

const show = defineCommand(
  {
    name: 'scaling show',
    synopsis: '<companyId> [--json]',
    summary:
      'Show where each agent runs (worker pool, fallback) and what the headcount rules say of each bounded role.',
    details: `Options:
  --json  print {"companyId","failoverAfter","agents":[{"id","role","pool","fallback","activeTasks"}],
          "roles":[{"role","agents","min","max","activeTasks","utilisation","action","reason","hiresToday","retiresToday"}],
          "headcount":{"intervalMs","readings","proposals":[{"id","kind","role","agentId","status",…}]}|null}
The advice is computed from the company's current tasks. The company acts on it by itself: its
headcount workflow proposes hires and retirements, which wait for "scaling approve|deny" under locked
or supervised oversight (docs/scaling.md, "Headcount").`,
    positionals: ['companyId'],
    flags: ['json'],
    options: [],
  },
  async ({ flags, positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    return withClient(async (api) => {
      const view = await api.scaling(id);
      if (flags.json) {
        printJson(view);
        return 0;
      }
      const width = Math.max(...view.agents.map((agent) => agent.id.length), 5);
      printLines([
        `${id}: worker pools${view.failoverAfter ? ` (failover after ${view.failoverAfter})` : ''}`,
        ...view.agents.map(
          (agent) =>
            `  ${agent.id.padEnd(width)}  pool ${agent.pool}${agent.fallback ? ` → ${agent.fallback}` : ''}  ${agent.activeTasks} active  (${agent.role})`,
        ),
        view.roles.length === 0 ? 'headcount: no role is bounded (template "scaling")' : 'headcount:',
        ...view.roles.map(
          (role) =>
            `  ${role.role}: ${role.agents} of ${role.min}..${role.max}, ${role.activeTasks} active tasks → ${role.action} (${role.reason}); today ${role.hiresToday} hired, ${role.retiresToday} retired`,
        ),
        ...(view.headcount
          ? [
              `proposals (read every ${view.headcount.intervalMs / 1000} s, ${view.headcount.readings} readings):`,
              ...(view.headcount.proposals.length === 0 ? ['  none'] : []),
              ...view.headcount.proposals.map((proposal) => `  ${describeProposal(proposal)}`),
            ]
          : []),
      ]);
      return 0;
    });
  },
);

export const run = defineFamily('scaling', 'Worker pools and headcount of a company.', [show, approve, deny]);
