import { formatIssue, listTemplates, validateTemplateFile } from '../../templates/loader.ts';
import { defineCommand } from '../args.ts';
import { exitCodes } from '../errors.ts';
import { formatUsd, printLines } from '../output.ts';
import { defineFamily } from '../subcommands.ts';

const list = defineCommand(
  {
    name: 'template list',
    synopsis: '',
    summary: 'List the built-in company templates.',
    positionals: [],
    flags: [],
    options: [],
  },
  async () => {
    const templates = await listTemplates();
    const rows = [
      ['NAME', 'AGENTS', 'DEPARTMENTS', 'DESCRIPTION'],
      ...templates.map((template) => [
        template.name,
        String(template.agents),
        String(template.departments),
        template.description,
      ]),
    ];
    const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
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

const validate = defineCommand(
  {
    name: 'template validate',
    synopsis: '<file>',
    summary: 'Check a template file (.yaml, .yml or .json) against the schema and the org-chart rules.',
    details: `Prints every bad field as "<path>: <message>" on stderr (e.g. "agents[2].seniority: …") and exits 2,
or a one-line summary and exits 0.`,
    positionals: ['file'],
    flags: [],
    options: [],
  },
  async ({ positionals }) => {
    const result = await validateTemplateFile(positionals.file);
    if (!result.ok) {
      for (const issue of result.issues) process.stderr.write(`${formatIssue(issue)}\n`);
      return exitCodes.badInput;
    }
    const { template } = result;
    printLines([
      `${positionals.file}: valid — "${template.name}" v${template.version}, ${template.agents.length} agents in ` +
        `${template.departments.length} departments, ${formatUsd(template.company.monthlyBudgetUsd)} a month, ` +
        `oversight ${template.company.oversight}`,
    ]);
    return 0;
  },
);

export const run = defineFamily('template', 'Company templates.', [list, validate]);
