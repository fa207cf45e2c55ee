import { resolve } from 'node:path';
import {
  builtInTemplateText,
  formatIssues,
  listTemplates,
  resolveTemplatePath,
  TemplateError,
  validateTemplateFile,
} from '../../templates/loader.ts';
import { defineCommand } from '../args.ts';
import { exitCodes } from '../errors.ts';
import { formatUsd, printJson, printLines } from '../output.ts';
import { defineFamily } from '../subcommands.ts';
import { shiftCoverageWarnings } from './shift-coverage.ts';
import { lintTemplate } from '../../templates/marketplace/lints.ts';
import { installedListing, marketplaceCommands } from './template-marketplace.ts';

const list = defineCommand(
  {
    name: 'template list',
    synopsis: '[--json]',
    summary: 'List the built-in company templates and the installed template packages.',
    details: `Options:
  --json  print an array of {"name","description","agents","departments"} for the built-ins, followed by
          {"name","version","description","agents","departments","integrity","tier","path","problem"?} for each
          installed package (problem: its files no longer match the lock file; reinstall it)`,
    positionals: [],
    flags: ['json'],
    options: [],
  },
  async ({ flags }) => {
    const [templates, installed] = await Promise.all([listTemplates(), installedListing()]);
    if (flags.json) {
      printJson([...templates, ...installed]);
      return 0;
    }
    const rows = [
      ['NAME', 'AGENTS', 'DEPARTMENTS', 'DESCRIPTION'],
      ...templates.map((template) => [
        template.name,
        String(template.agents),
        String(template.departments),
        template.description,
      ]),
      ...installed.map((entry) => [
        `${entry.name}@${entry.version}`,
        entry.agents === null ? '-' : String(entry.agents),
        entry.departments === null ? '-' : String(entry.departments),
        entry.problem ?? `[${entry.tier}] ${entry.description}`,
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
    synopsis: '<file|name> [--lint] [--json]',
    summary: 'Check a template file (.yaml, .yml or .json) or a built-in against the schema and the org-chart rules.',
    details: `Prints every problem as "<file>:<line>:<column>: <path>: <message>" on stderr (e.g.
"acme.yaml:14:16: agents[2].seniority: …"; editors jump to it), the first 20 and then a count of the
rest, and exits 2; or a one-line summary and exits 0. Misspelt fields, unknown model providers,
multi-document, binary, empty and oversized files (above 256 KB) are problems too.
Options:
  --lint  also run the policy lints a template package must pass (unreachable agents, unpriced models:
          errors, exit 2; full oversight without an agent budget: a warning), as "<file>: <path>: <severity>: …"
  --json  print {"file","valid":true,"template":{"name","version","agents","departments","monthlyBudgetUsd","oversight"}}
          or {"file","valid":false,"issues":[{"path","message","line"?,"column"?}]} on stdout (exit code as above);
          with --lint also "lints":[{"severity","path","message"}], and "valid" is false when a lint is an error`,
    positionals: ['file'],
    flags: ['json', 'lint'],
    options: [],
  },
  async ({ flags, positionals }) => {
    let file: string;
    try {
      file = await resolveTemplatePath(positionals.file);
    } catch (error) {
      if (!(error instanceof TemplateError) || !flags.json) throw error;
      printJson({ file: positionals.file, valid: false, issues: error.issues });
      return exitCodes.badInput;
    }
    // Name the file as typed, unless it is a built-in (then its real path, which an editor can open).
    const shown = file === resolve(positionals.file) ? positionals.file : file;
    const result = await validateTemplateFile(file);
    if (!result.ok) {
      if (flags.json) printJson({ file: shown, valid: false, issues: result.issues });
      else for (const line of formatIssues(result.issues, shown)) process.stderr.write(`${line}\n`);
      return exitCodes.badInput;
    }
    const { template } = result;
    const warnings = shiftCoverageWarnings(template);
    const lints = flags.lint ? lintTemplate(template) : [];
    const lintErrors = lints.some((lint) => lint.severity === 'error');
    if (!flags.json) {
      for (const warning of warnings)
        process.stderr.write(`${shown}: warning: ${warning.path}: ${warning.message}
`);
      for (const lint of lints)
        process.stderr.write(`${shown}: ${lint.path}: ${lint.severity}: ${lint.message}
`);
      if (lintErrors) return exitCodes.badInput;
    }
    if (flags.json) {
      printJson({
        file: shown,
        valid: !lintErrors,
        ...(warnings.length > 0 ? { warnings } : {}),
        ...(flags.lint ? { lints } : {}),
        template: {
          name: template.name,
          version: template.version,
          agents: template.agents.length,
          departments: template.departments.length,
          monthlyBudgetUsd: template.company.monthlyBudgetUsd,
          oversight: template.company.oversight,
        },
      });
      return lintErrors ? exitCodes.badInput : 0;
    }
    printLines([
      `${shown}: valid — "${template.name}" v${template.version}, ${template.agents.length} agents in ` +
        `${template.departments.length} departments, ${formatUsd(template.company.monthlyBudgetUsd)} a month, ` +
        `oversight ${template.company.oversight}`,
    ]);
    return 0;
  },
);

const show = defineCommand(
  {
    name: 'template show',
    synopsis: '<name>',
    summary: 'Print a built-in template, to start your own from: synthorg template show startup > acme.yaml',
    positionals: ['name'],
    flags: [],
    options: [],
  },
  async ({ positionals }) => {
    process.stdout.write(await builtInTemplateText(positionals.name));
    return 0;
  },
);

export const run = defineFamily(
  'template',
  'Company templates: built-in, from files, and packages from npm registries.',
  [list, validate, show, ...marketplaceCommands],
);
