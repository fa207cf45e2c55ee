import { loadConfig } from '../../config/env.ts';
import { companyWorkflowsUrl, resolveWebUiBaseUrl } from '../../temporal/web-ui.ts';
import { companyIdArgument, defineCommand } from '../args.ts';
import { printJson, printLines } from '../output.ts';
import { NotFoundError } from '../../client/types.ts';

/** `synthorg ui <companyId>`: the Temporal Web UI filtered to one company's workflows. */
export const command = defineCommand(
  {
    name: 'ui',
    synopsis: '<companyId> [--json]',
    summary: "Print the Temporal Web UI address listing this company's workflows.",
    details: `Built from the settings alone, without contacting Temporal: SYNTHORG_UI_URL when set, Temporal
Cloud's UI for a Cloud address, otherwise the dev server's (gRPC port + 1000 on the same host).

Options:
  --json  print {"companyId","url"}`,
    positionals: ['companyId'],
    flags: ['json'],
    options: [],
  },
  async ({ flags, positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    const config = loadConfig();
    const base = await resolveWebUiBaseUrl(config);
    if (base === undefined) {
      throw new NotFoundError(
        "no Temporal Web UI is known here: the stack runs headless, or set SYNTHORG_UI_URL to your cluster's UI",
      );
    }
    const url = companyWorkflowsUrl(base, config.namespace, id);
    if (flags.json) printJson({ companyId: id, url });
    else printLines([url]);
    return 0;
  },
);

export const run = command.run;
