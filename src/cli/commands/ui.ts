import { companyIdArgument, defineCommand } from '../args.ts';
import { withClient } from '../client.ts';
import { printLines } from '../output.ts';

/** `synthorg ui <companyId>`: the Temporal Web UI filtered to one company's workflows. */
export const run = defineCommand(
  {
    name: 'ui',
    synopsis: '<companyId>',
    summary: "Print the Temporal Web UI address listing this company's workflows.",
    positionals: ['companyId'],
    flags: [],
    options: [],
  },
  async ({ positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    return withClient(async (api) => {
      printLines([api.uiUrl(id)]);
      return 0;
    });
  },
).run;
