import { defineCommand } from '../args.ts';
import { withClient } from '../client.ts';
import { formatUsd, printJson, printLines } from '../output.ts';

export const statsCommand = defineCommand(
  {
    name: 'template stats',
    synopsis: '[<package>] [--json]',
    summary:
      'Outcomes per template package version from the ledger: companies started, goals completed/failed, mean cost per goal.',
    details: `Needs a worker (it reads the database): "synthorg dev" or "synthorg worker".
Options:
  --json  print [{"name","version","companiesStarted","goalsCompleted","goalsFailed","goalsOpen","meanCostPerGoalUsd"}]`,
    positionals: [],
    optionalPositionals: ['package'],
    flags: ['json'],
    options: [],
  },
  async ({ flags, optional }) => {
    const stats = await withClient((api) => api.templateStats(optional.package));
    if (flags.json) {
      printJson(stats);
      return 0;
    }
    if (stats.length === 0) {
      printLines([`no company has been started from ${optional.package ?? 'a template package'} yet`]);
      return 0;
    }
    const rows = [
      ['PACKAGE', 'COMPANIES', 'COMPLETED', 'FAILED', 'OPEN', 'MEAN COST/GOAL'],
      ...stats.map((row) => [
        `${row.name}@${row.version}`,
        String(row.companiesStarted),
        String(row.goalsCompleted),
        String(row.goalsFailed),
        String(row.goalsOpen),
        row.meanCostPerGoalUsd === null ? '-' : formatUsd(row.meanCostPerGoalUsd),
      ]),
    ];
    const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
    printLines(
      rows.map((row) =>
        row
          .map((cell, column) => cell.padEnd(widths[column] ?? 0))
          .join('  ')
          .trimEnd(),
      ),
    );
    return 0;
  },
);
