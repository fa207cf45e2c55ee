import type { RolloutRecord } from '../../db/rollout-store.ts';
import type { RolloutMetrics } from '../../domain/rollout-gates.ts';
import { companyIdArgument, defineCommand } from '../args.ts';
import { printJson, printLines } from '../output.ts';
import { defineFamily } from '../subcommands.ts';
import {
  numberArgument,
  reasonOption,
  requiredNumber,
  stagesOption,
  withConfiguration,
} from './configuration-access.ts';

function recordLine(record: RolloutRecord): string {
  const stage = `stage ${record.stageIndex + 1}/${record.stages.length} (${record.percent}%)`;
  const samples = record.verdict
    ? ` · finished goals candidate ${record.verdict.samples.candidate} / baseline ${record.verdict.samples.baseline}`
    : '';
  return `v${record.candidateVersion} vs v${record.baselineVersion} · ${record.status} · ${stage} · ${record.mode} · by ${record.author}${samples}`;
}

function metricLines(record: RolloutRecord, metrics: RolloutMetrics): string[] {
  const arm = (name: string, value: RolloutMetrics['candidate']) =>
    `  ${name.padEnd(9)} assigned ${value.assigned}, finished ${value.finished}, failed ${value.failed}, ` +
    `first-review passes ${value.firstReviewPassed}/${value.reviewed}`;
  const comparisons = (record.verdict?.comparisons ?? []).map(
    (comparison) =>
      `  ${comparison.metric.padEnd(19)} candidate ${comparison.candidate.toPrecision(3)} baseline ${comparison.baseline.toPrecision(3)} ` +
      `Δ ${comparison.delta.toPrecision(3)} p ${comparison.pValue.toPrecision(3)} (${comparison.test})${comparison.regression ? ' REGRESSION' : ''}`,
  );
  return [
    recordLine(record),
    ...(record.reason ? [`reason: ${record.reason}`] : []),
    `stages: ${record.stages.map((stage) => `${stage.percent}% (min ${stage.minSamples}, max ${stage.maxDuration})`).join(' → ')}`,
    'arms:',
    arm('candidate', metrics.candidate),
    arm('baseline', metrics.baseline),
    ...(record.verdict
      ? [`gate: ${record.verdict.kind}: ${record.verdict.reason}`, ...comparisons]
      : ['gate: no verdict yet']),
    ...(record.decision ? [`decision: ${record.decision}`] : []),
  ];
}

const start = defineCommand(
  {
    name: 'rollout start',
    synopsis:
      '<companyId> <version> [--stages 10,50,100] [--min-samples <n>] [--max-duration <d>] [--autonomous] [--check-every <d>] [--reason <text>] [--json]',
    summary:
      'Roll a configuration version out in stages; the gates compare it with the current version and roll back on a regression.',
    details: `Options:
  --stages <list>       candidate shares of new goals, growing, ending at 100 (default 10,50,100)
  --min-samples <n>     finished goals each arm needs before a gate decides (default 20)
  --max-duration <d>    longest a stage may take to reach its sample, then it rolls back (default 2d)
  --autonomous          the gates advance stages alone (default: each stage waits for "rollout approve")
  --check-every <d>     how often the gate reads the numbers (default 1m)
  --json                print the rollout's state`,
    positionals: ['companyId', 'version'],
    flags: ['json', 'autonomous'],
    options: ['stages', 'min-samples', 'max-duration', 'check-every', 'reason'],
  },
  async ({ flags, options, positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    const version = requiredNumber('<version>', positionals.version);
    const stages = stagesOption(options.stages, options['min-samples'], options['max-duration']);
    const reason = reasonOption(options.reason);
    return withConfiguration(async (configuration) => {
      const view = await configuration.startRollout(id, version, {
        ...(stages ? { stages } : {}),
        mode: flags.autonomous ? 'autonomous' : 'manual',
        ...(options['check-every'] ? { checkEvery: options['check-every'] } : {}),
        ...reason,
      });
      if (flags.json) printJson(view);
      else
        printLines([
          `rolling out v${view.candidateVersion} of ${id} against v${view.baselineVersion}: ` +
            `${view.stages.map((stage) => `${stage.percent}%`).join(' → ')} (${view.mode})`,
        ]);
      return 0;
    });
  },
);

const list = defineCommand(
  {
    name: 'rollout list',
    synopsis: '<companyId> [--json]',
    summary: "The company's rollouts, newest first: stage, status, samples per arm.",
    details: `Options:
  --json  print [{"companyId","candidateVersion","baselineVersion","status","stageIndex","percent","stages","verdict","decision",…}]`,
    positionals: ['companyId'],
    flags: ['json'],
    options: [],
  },
  async ({ flags, positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    return withConfiguration(async (configuration) => {
      const rollouts = await configuration.rollouts(id);
      if (flags.json) printJson(rollouts);
      else printLines(rollouts.length > 0 ? rollouts.map(recordLine) : [`no rollouts in ${id}`]);
      return 0;
    });
  },
);

const show = defineCommand(
  {
    name: 'rollout show',
    synopsis: '<companyId> <version> [--json]',
    summary: 'One rollout: stage, sample per arm, metric deltas, p-values, decision.',
    details: `Options:
  --json  print {"rollout","metrics","live"}`,
    positionals: ['companyId', 'version'],
    flags: ['json'],
    options: [],
  },
  async ({ flags, positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    const version = requiredNumber('<version>', positionals.version);
    return withConfiguration(async (configuration) => {
      const shown = await configuration.rollout(id, version);
      if (flags.json) printJson(shown);
      else printLines(metricLines(shown.rollout, shown.metrics));
      return 0;
    });
  },
);

const approve = defineCommand(
  {
    name: 'rollout approve',
    synopsis: '<companyId> <version> [--stage <n>] [--reason <text>]',
    summary: 'Let a manual rollout move past a stage whose gate has passed.',
    details: `Options:
  --stage <n>     the stage you are approving (refused if the rollout is at another one)
  --reason <text> stored with the decision`,
    positionals: ['companyId', 'version'],
    flags: [],
    options: ['stage', 'reason'],
  },
  async ({ options, positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    const version = requiredNumber('<version>', positionals.version);
    const stage = numberArgument('--stage', options.stage);
    const reason = reasonOption(options.reason);
    return withConfiguration(async (configuration) => {
      await configuration.approveRollout(id, version, {
        ...(stage !== undefined ? { stage } : {}),
        ...reason,
      });
      printLines([`approved the current stage of the rollout of v${version} in ${id}`]);
      return 0;
    });
  },
);

const abort = defineCommand(
  {
    name: 'rollout abort',
    synopsis: '<companyId> <version> [--reason <text>]',
    summary: 'Stop a rollout: new goals go to the current version; goals in flight finish on theirs.',
    positionals: ['companyId', 'version'],
    flags: [],
    options: ['reason'],
  },
  async ({ options, positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    const version = requiredNumber('<version>', positionals.version);
    const { reason } = reasonOption(options.reason);
    return withConfiguration(async (configuration) => {
      await configuration.abortRollout(id, version, reason);
      printLines([`aborted the rollout of v${version} in ${id}`]);
      return 0;
    });
  },
);

export const run = defineFamily('rollout', 'Staged rollouts of configuration versions.', [
  start,
  list,
  show,
  approve,
  abort,
]);
