import { companyIdArgument, defineCommand, usdArgument } from '../args.ts';
import { withClient } from '../client.ts';
import { UsageError } from '../errors.ts';
import { formatUsd, printJson, printLines } from '../output.ts';
import { defineFamily } from '../subcommands.ts';

const raise = defineCommand(
  {
    name: 'budget raise',
    synopsis: '<companyId> <usd> [--json]',
    summary: "Raise the company's monthly budget ceiling to <usd>; tasks parked on the budget resume.",
    details: `<usd> is a plain decimal such as 500 or 12.50. A raise never lowers the ceiling: an amount below
the current one exits 2 and changes nothing.
Options:
  --json  print {"companyId","previousLimitUsd","limitUsd"}`,
    positionals: ['companyId', 'usd'],
    flags: ['json'],
    options: [],
  },
  async ({ flags, positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    const limitUsd = usdArgument(positionals.usd);
    return withClient(async (api) => {
      const change = await api.raiseBudget(id, limitUsd);
      if (flags.json) printJson(change);
      else
        printLines([
          `budget of ${id} is now ${formatUsd(limitUsd)} a month (was ${formatUsd(change.previousLimitUsd)})`,
        ]);
      return 0;
    });
  },
);

const set = defineCommand(
  {
    name: 'budget set',
    synopsis: '<companyId> --agent <agentId> <usd> [--json]',
    summary: "Set one agent's own monthly limit to <usd>; its tasks parked on that limit resume when it allows.",
    details: `The company's ceiling is raised with "budget raise". <usd> is a plain decimal such as 20 or 12.50.
Options:
  --agent <agentId>  the agent whose limit to set (required)
  --json             print {"companyId","agentId","limitUsd"}`,
    positionals: ['companyId', 'usd'],
    flags: ['json'],
    options: ['agent'],
  },
  async ({ flags, positionals, options }) => {
    const id = companyIdArgument(positionals.companyId);
    const limitUsd = usdArgument(positionals.usd);
    const agentId = options.agent?.trim();
    if (!agentId) throw new UsageError('budget set needs --agent <agentId> (the company ceiling: budget raise)');
    return withClient(async (api) => {
      await api.setAgentBudget(id, agentId, limitUsd);
      if (flags.json) printJson({ companyId: id, agentId, limitUsd });
      else printLines([`budget of agent ${agentId} in ${id} is now ${formatUsd(limitUsd)} a month`]);
      return 0;
    });
  },
);

export const run = defineFamily('budget', 'Company and agent budgets.', [raise, set]);
