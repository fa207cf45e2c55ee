import type { CompanyView } from '../../client/types.ts';
import type { SpendReport } from '../../db/spend-report.ts';
import { loadConfig } from '../../config/env.ts';
import { marketplaceOptions } from '../../client/template-packages.ts';
import { resolveTemplateReference } from '../../templates/marketplace/template-reference.ts';
import { companyIdArgument, defineCommand } from '../args.ts';
import { withClient } from '../client.ts';
import { confirm } from '../confirm.ts';
import { exitCodes, UsageError } from '../errors.ts';
import { formatUsd, printJson, printLines, renderTaskTree } from '../output.ts';
import { defineFamily } from '../subcommands.ts';
import { fire, hire, pause, resume } from './company-staff.ts';
import { shiftCoverageWarnings } from './shift-coverage.ts';
import { exitCodeOfTask, printGoalSummary, waitForGoal, webUiLine } from '../wait.ts';

const start = defineCommand(
  {
    name: 'company start',
    synopsis: '<companyId> --template <name|file> [--goal "<text>"] [--wait] [--json]',
    summary: 'Start a company from a built-in template or a template file, optionally with a first goal.',
    details: `Options:
  <companyId>             the company id: lowercase letters, digits and "-" (e.g. "acme"); "--id <id>" works too
  --template <name|file|package[@range]>
                          a built-in template (see "synthorg template list"), a .yaml/.yml/.json file, or an
                          installed template package ("synthorg template install"), e.g. acme-template@^1
  --goal "<text>"         submit this goal as soon as the company runs
  --wait                  with --goal: show live progress and wait until the goal ends
  --json                  print {"id","workflowId","created","ready","task"?,"warnings"?} (task: the root task, with "result"
                          after --wait; warnings: departments its shifts leave uncovered with nobody on call)

The template and the id are checked before Temporal is contacted. Starting an id that is already
running with the same template is a no-op ("created": false).
Exit codes: 0 success, 1 runtime failure or a goal that did not complete, 2 bad input.`,
    positionals: [],
    optionalPositionals: ['companyId'],
    flags: ['wait', 'json'],
    options: ['template', 'id', 'goal'],
  },
  async ({ flags, options, optional }) => {
    const given = optional.companyId ?? options.id;
    if (given === undefined) throw new UsageError('missing <companyId> (see "synthorg company start --help")');
    if (optional.companyId !== undefined && options.id !== undefined && options.id !== optional.companyId) {
      throw new UsageError(`two company ids: "${optional.companyId}" and --id "${options.id}"; give one`);
    }
    if (options.template === undefined) {
      throw new UsageError('missing --template <name|file> (see "synthorg template list")');
    }
    const id = companyIdArgument(given);
    const goal = options.goal?.trim();
    if (goal === '') throw new UsageError('the goal is empty');
    if (flags.wait && goal === undefined) throw new UsageError('--wait needs --goal "<text>" to wait for');
    // Built-in, file or installed package: checked (and a package verified against its lock pin) before Temporal is contacted.
    const templateSpec = options.template;
    const resolved = await resolveTemplateReference(templateSpec, marketplaceOptions(loadConfig()));
    const { template, templatePackage } = resolved;
    const warnings = shiftCoverageWarnings(template);
    for (const warning of warnings) process.stderr.write(`synthorg: warning: ${warning.path}: ${warning.message}\n`);
    const withWarnings = <T extends object>(output: T) => (warnings.length > 0 ? { ...output, warnings } : output);
    return withClient(async (api) => {
      // A package goes by its spec, so the client records which package version the company came from.
      const started = await api.startCompany({ id, template: templatePackage ? templateSpec : template });
      if (!flags.json) {
        const verb = started.created ? 'started' : 'already running:';
        const source = templatePackage ? ` (package ${templatePackage.name}@${templatePackage.version})` : '';
        printLines([
          `${verb} company ${id} from template "${template.name}"${source} (${template.agents.length} agents)`,
        ]);
      }
      if (!started.ready) {
        process.stderr.write(
          `synthorg: no worker has picked up company ${id} yet; it starts when one runs (synthorg dev, or synthorg worker)\n`,
        );
      }
      if (goal === undefined) {
        if (flags.json) printJson(withWarnings(started));
        else printLines([`submit a goal: synthorg task submit ${id} "<goal>"`, ...webUiLine(api.uiUrl(id))]);
        return 0;
      }
      const root = await api.submitGoal(id, goal);
      if (!flags.wait) {
        if (flags.json) printJson(withWarnings({ ...started, task: root }));
        else
          printLines([
            `submitted goal as task ${root.id}, assigned to ${root.assignee}`,
            `follow it: synthorg company status ${id}`,
          ]);
        return 0;
      }
      const final = await waitForGoal(api, id, root, flags.json);
      if (flags.json) printJson(withWarnings({ ...started, task: final }));
      else await printGoalSummary(api, id, final);
      return exitCodeOfTask(final);
    });
  },
);

const status = defineCommand(
  {
    name: 'company status',
    synopsis: '<companyId> [--json]',
    summary: 'Show a company: status, budget, agents and the task tree.',
    details: `Options:
  --json  print {"id","name","status","budget":{"limitUsd","spentUsd","month","monthToDateUsd","lifetimeUsd","reservedUsd"},"agents":[…],"tasks":[…]}
          (spentUsd: the task tree's calls; monthToDateUsd and lifetimeUsd: the ledger, memory work included)`,
    positionals: ['companyId'],
    flags: ['json'],
    options: [],
  },
  async ({ flags, positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    return withClient(async (api) => {
      const [company, spending] = await Promise.all([api.status(id), api.spending(id)]);
      if (flags.json) {
        const { companyId: _companyId, ...ledger } = spending;
        printJson({ ...company, budget: { ...company.budget, ...ledger } });
      } else {
        printLines(companySummary(company, spending));
      }
      return 0;
    });
  },
);

const stop = defineCommand(
  {
    name: 'company stop',
    synopsis: '<companyId> [--yes] [--json]',
    summary: 'Stop a company. Its history stays in Temporal; the id cannot be reused for another company.',
    details: `Stopping cannot be undone, so on a terminal it asks first. Options:
  --yes   stop without asking; needed when stdin is not a terminal (scripts, CI): without it the
          command refuses with exit code 2 rather than stop a company nobody confirmed
  --json  print {"companyId","stopped":true}`,
    positionals: ['companyId'],
    flags: ['yes', 'json'],
    options: [],
  },
  async ({ flags, positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    if (!flags.yes) {
      if (!process.stdin.isTTY) {
        throw new UsageError(`stopping ${id} cannot be undone; confirm with --yes when not on a terminal`);
      }
      if (!(await confirm(`Stop company ${id}? Its id cannot be reused. [y/N] `))) {
        process.stderr.write(`synthorg: company ${id} was not stopped\n`);
        return exitCodes.failure;
      }
    }
    return withClient(async (api) => {
      await api.stopCompany(id);
      if (flags.json) printJson({ companyId: id, stopped: true });
      else printLines([`stopped company ${id}`]);
      return 0;
    });
  },
);

/** The human-readable `company status`. */
export function companySummary(company: CompanyView, spending?: SpendReport): string[] {
  const width = Math.max(...company.agents.map((agent) => agent.id.length), 2);
  const agents = company.agents.map(
    (agent) => `  ${agent.id.padEnd(width)}  ${agent.role} (${agent.seniority}, ${agent.department})`,
  );
  const tasks = company.tasks.length > 0 ? renderTaskTree(company.tasks).map((line) => `  ${line}`) : ['  (none yet)'];
  return [
    `${company.name} (${company.id}) — ${company.status}`,
    ...(spending
      ? [
          `budget: ${formatUsd(spending.monthToDateUsd)} spent this month (since ${spending.month}) of ${formatUsd(company.budget.limitUsd)} a month` +
            (spending.reservedUsd > 0 ? `, ${formatUsd(spending.reservedUsd)} held by calls in flight` : ''),
          `spent in total: ${formatUsd(spending.lifetimeUsd)} lifetime`,
        ]
      : [`budget: ${formatUsd(company.budget.spentUsd)} spent of ${formatUsd(company.budget.limitUsd)}`]),
    `agents (${company.agents.length}):`,
    ...agents,
    `tasks (${company.tasks.length}):`,
    ...tasks,
  ];
}

export const run = defineFamily('company', 'Start, inspect, staff, pause and stop companies.', [
  start,
  status,
  stop,
  hire,
  fire,
  pause,
  resume,
]);
