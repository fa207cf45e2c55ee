import type { SplitFigures } from '../../domain/evaluation.ts';
import { evaluationTasks } from '../../domain/evaluation-tasks.ts';
import { bundledLocalModels } from '../../llm/local-model/catalog.ts';
import { offlineModelLabel } from '../../llm/offline-model.ts';
import { companyIdArgument, defineCommand } from '../args.ts';
import { printJson, printLines } from '../output.ts';
import { numberArgument, withConfiguration } from './configuration-access.ts';

const figures = (name: string, split: SplitFigures) =>
  `${name}: ${split.passed}/${split.tasks} tasks passed (${Math.round(split.passRate * 100)}%), ` +
  `${split.checksPassed}/${split.checks} checks`;

export const command = defineCommand(
  {
    name: 'eval',
    synopsis: '<companyId> [--version <v>] [--model <provider:model>] [--role <role>] [--json]',
    summary: 'Run the fixed evaluation set for a configuration version; tuned and held-out figures apart.',
    details: `Each task is one answer-only step of an agent of the role, configured by the version, through
the ordinary model path (ledger and budget), graded by programmatic checks (sections, facts, lists,
length). The tuned set is what tuning may look at; the held-out set is not, and its figure is the one
that says whether a change generalises. Nothing about the company's goals or rollouts changes.

Options:
  --version <v>   the configuration version (default: the current one)
  --model <m>     run the steps on this model instead: a bundled local model
                  (${bundledLocalModels()
                    .map((model) => `local:${model.name}`)
                    .join(', ')}), local:<file>.gguf or a provider's model
  --role <role>   the role that works the tasks (default: the first agent below lead)
  --json          print {"version","role","model","offline","tuned","heldOut","grades","costUsd",…}`,
    positionals: ['companyId'],
    flags: ['json'],
    options: ['version', 'model', 'role'],
  },
  async ({ flags, options, positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    const version = numberArgument('--version', options.version);
    return withConfiguration(async (configuration) => {
      const report = await configuration.evaluate(
        {
          companyId: id,
          ...(version !== undefined ? { version } : {}),
          ...(options.model !== undefined ? { model: options.model } : {}),
          ...(options.role !== undefined ? { role: options.role } : {}),
        },
        {
          // The wait can take minutes on a real model: say what it waits for, and that Ctrl-C leaves it running.
          onStarted: (workflowId) =>
            process.stderr.write(
              `synthorg: waiting for the evaluation of ${id} (${evaluationTasks.length} tasks) in workflow ${workflowId}; ` +
                'Ctrl-C stops waiting, not the evaluation\n',
            ),
          onProgress: (details) => process.stderr.write(`synthorg: evaluation: ${details}\n`),
        },
      );
      if (flags.json) printJson(report);
      else
        printLines([
          `evaluation of ${id} v${report.version} · ${report.role} (${report.agentId}) on ${report.offline ? offlineModelLabel : report.model}`,
          figures('tuned   ', report.tuned),
          figures('held-out', report.heldOut),
          ...report.grades.map(
            (grade) =>
              `  ${grade.passed ? 'PASS' : 'FAIL'} ${grade.split.padEnd(8)} ${grade.taskId}: ${grade.checks.map((check) => check.detail).join('; ')}`,
          ),
          `cost $${report.costUsd.toFixed(6)}${report.offline ? ' (simulated)' : ''}`,
        ]);
      return 0;
    });
  },
);

export const run = command.run;
