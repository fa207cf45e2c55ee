import { companyIdArgument, defineCommand } from '../args.ts';
import { withClient } from '../client.ts';
import { printJson, printLines } from '../output.ts';
import { NotFoundError } from '../../client/types.ts';

/** `synthorg ui <companyId>`: the Temporal Web UI filtered to one company's workflows. */
export const command = defineCommand(
  {
    name: 'ui',
    synopsis: '<companyId> [--json]',
    summary: "Print the Temporal Web UI address listing this company's workflows.",
    details: `Options:
  --json  print {"companyId","url"}`,
    positionals: ['companyId'],
    flags: ['json'],
    options: [],
  },
  async ({ flags, positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    return withClient(async (api) => {
      const url = api.uiUrl(id);
      if (url === undefined) {
        throw new NotFoundError(
          "no Temporal Web UI is known here: the stack runs headless, or set SYNTHORG_UI_URL to your cluster's UI",
        );
      }
      if (flags.json) printJson({ companyId: id, url });
      else printLines([url]);
      return 0;
    });
  },
);

export const run = command.run;
