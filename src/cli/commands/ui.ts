import { companyIdArgument, defineCommand } from '../args.ts';
import { withClient } from '../client.ts';
import { printLines } from '../output.ts';
import { NotFoundError } from '../../client/types.ts';

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
      const url = api.uiUrl(id);
      if (url === undefined) {
        throw new NotFoundError(
          "no Temporal Web UI is known here: the stack runs headless, or set SYNTHORG_UI_URL to your cluster's UI",
        );
      }
      printLines([url]);
      return 0;
    });
  },
).run;
