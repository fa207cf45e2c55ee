import { companyIdArgument, defineCommand, usdArgument } from '../args.ts';
import { withClient } from '../client.ts';
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

export const run = defineFamily('budget', 'Company budgets.', [raise]);
