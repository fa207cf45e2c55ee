import { companyIdArgument, defineCommand, usdArgument } from '../args.ts';
import { withClient } from '../client.ts';
import { UsageError } from '../errors.ts';
import { formatUsd, printLines } from '../output.ts';
import { defineFamily } from '../subcommands.ts';

const raise = defineCommand(
  {
    name: 'budget raise',
    synopsis: '<companyId> <usd>',
    summary: "Set the company's monthly budget ceiling to <usd>; tasks parked on the budget resume.",
    positionals: ['companyId', 'usd'],
    flags: [],
    options: [],
  },
  async ({ positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    const limitUsd = usdArgument(positionals.usd);
    return withClient(async (api) => {
      await api.raiseBudget(id, limitUsd);
      printLines([`budget of ${id} is now ${formatUsd(limitUsd)} a month`]);
      return 0;
    });
  },
);

const set = defineCommand(
  {
    name: 'budget set',
    synopsis: '<companyId> [--agent <agentId>] <usd>',
    summary:
      "Set the company's monthly ceiling, or with --agent one agent's monthly limit, to <usd>; tasks parked on it resume when it allows.",
    details: `Options:
  --agent <agentId>  set this agent's own monthly limit instead of the company's ceiling`,
    positionals: ['companyId', 'usd'],
    flags: [],
    options: ['agent'],
  },
  async ({ positionals, options }) => {
    const id = companyIdArgument(positionals.companyId);
    const limitUsd = usdArgument(positionals.usd);
    const agentId = options.agent;
    if (agentId !== undefined && agentId.trim() === '') throw new UsageError('--agent needs an agent id');
    return withClient(async (api) => {
      if (agentId === undefined) {
        await api.raiseBudget(id, limitUsd);
        printLines([`budget of ${id} is now ${formatUsd(limitUsd)} a month`]);
      } else {
        await api.setAgentBudget(id, agentId, limitUsd);
        printLines([`budget of agent ${agentId} in ${id} is now ${formatUsd(limitUsd)} a month`]);
      }
      return 0;
    });
  },
);

export const run = defineFamily('budget', 'Company and agent budgets.', [raise, set]);
