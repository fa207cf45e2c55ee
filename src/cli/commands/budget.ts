import { companyIdArgument, defineCommand, usdArgument } from '../args.ts';
import { withClient } from '../client.ts';
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

export const run = defineFamily('budget', 'Company budgets.', [raise]);
