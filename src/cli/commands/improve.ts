import { companyIdArgument, defineCommand } from '../args.ts';
import { printJson, printLines } from '../output.ts';
import { defineFamily } from '../subcommands.ts';
import { reasonOption, requiredNumber, stagesOption, withConfiguration } from './configuration-access.ts';

const start = defineCommand(
  {
    name: 'improve start',
    synopsis:
      '<companyId> [--autonomous] [--every <d>] [--stages 10,50,100] [--min-samples <n>] [--proposer rules|model] [--proposer-model <m>] [--json]',
    summary: "Start the company's improvement loop (manual approval of each proposal unless --autonomous).",
    details: `Options:
  --autonomous       proposals that pass the guard chain roll out without a human decision
  --every <d>        time between rounds (default 1h)
  --stages <list>    the rollout each accepted change gets (default 10,50,100; the first at most 10)
  --min-samples <n>  finished goals per arm before a gate decides (default 20)
  --proposer <p>     rules (default: plain rules over the signals) or model (an LLM step, json_schema-constrained)
  --proposer-model <m>  the proposer's model (default: SYNTHORG_MODEL, a configured provider, else offline)
  --json             print {"companyId","created"}`,
    positionals: ['companyId'],
    flags: ['json', 'autonomous'],
    options: ['every', 'stages', 'min-samples', 'proposer', 'proposer-model'],
  },
  async ({ flags, options, positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    const stages = stagesOption(options.stages, options['min-samples'], undefined);
    return withConfiguration(async (configuration) => {
      const { created } = await configuration.startImprovement(id, {
        mode: flags.autonomous ? 'autonomous' : 'manual',
        ...(options.every ? { every: options.every } : {}),
        ...(stages ? { stages } : {}),
        ...(options.proposer !== undefined ? { proposer: options.proposer as 'rules' | 'model' } : {}),
        ...(options['proposer-model'] !== undefined ? { proposerModel: options['proposer-model'] } : {}),
      });
      if (flags.json) printJson({ companyId: id, created });
      else printLines([created ? `improvement loop of ${id} started` : `the improvement loop of ${id} already runs`]);
      return 0;
    });
  },
);

const status = defineCommand(
  {
    name: 'improve status',
    synopsis: '<companyId> [--json]',
    summary: 'Whether the loop runs or is paused, its mode, the proposal awaiting a decision, the last outcome.',
    details: `Options:
  --json  print {"companyId","settings","paused","mode","rounds","pending","lastRound","lastOutcome"}`,
    positionals: ['companyId'],
    flags: ['json'],
    options: [],
  },
  async ({ flags, positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    return withConfiguration(async (configuration) => {
      const state = await configuration.improvementStatus(id);
      if (flags.json) printJson(state);
      else
        printLines([
          `improvement loop of ${id}: ${state.paused ? 'PAUSED (kill switch)' : 'running'} · ${state.mode} · every ${state.settings.every} · ${state.rounds} rounds`,
          ...(state.pending
            ? [
                `proposal ${state.pending.id} awaits a decision (${state.pending.proposal.source}): ${state.pending.proposal.rationale}`,
                `  synthorg improve approve ${id} ${state.pending.id}   or   synthorg improve reject ${id} ${state.pending.id}`,
              ]
            : []),
          ...(state.lastOutcome ? [`last: ${state.lastOutcome}`] : []),
        ]);
      return 0;
    });
  },
);

const history = defineCommand(
  {
    name: 'improve history',
    synopsis: '<companyId> [--json]',
    summary: 'Every proposal with its source, rationale, guard verdicts, decision and outcome, newest first.',
    details: `Options:
  --json  print [{"id","source","patch","rationale","signals","guards","status","decidedBy","decisionReason","rolloutVersion",…}]`,
    positionals: ['companyId'],
    flags: ['json'],
    options: [],
  },
  async ({ flags, positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    return withConfiguration(async (configuration) => {
      const proposals = await configuration.improvementHistory(id);
      if (flags.json) printJson(proposals);
      else
        printLines(
          proposals.length === 0
            ? [`no proposals in ${id} yet`]
            : proposals.flatMap((proposal) => [
                `#${proposal.id} ${proposal.status}${proposal.rolloutVersion ? ` (v${proposal.rolloutVersion})` : ''} · ${proposal.source} · ${proposal.createdAt}`,
                `  ${proposal.rationale}`,
                `  guards: ${proposal.guards.map((guard) => `${guard.guard} ${guard.ok ? 'ok' : `BLOCKED (${guard.detail})`}`).join(', ')}`,
                ...(proposal.decidedBy
                  ? [
                      `  decided by ${proposal.decidedBy}${proposal.decisionReason ? `: ${proposal.decisionReason}` : ''}`,
                    ]
                  : []),
              ]),
        );
      return 0;
    });
  },
);

const decision = (verb: 'approve' | 'reject') =>
  defineCommand(
    {
      name: `improve ${verb}`,
      synopsis: '<companyId> <proposalId> [--reason <text>]',
      summary:
        verb === 'approve'
          ? 'Accept the proposal awaiting a decision: its rollout starts (guards permitting).'
          : 'Refuse the proposal awaiting a decision.',
      positionals: ['companyId', 'proposalId'],
      flags: [],
      options: ['reason'],
    },
    async ({ options, positionals }) => {
      const id = companyIdArgument(positionals.companyId);
      const proposalId = requiredNumber('<proposalId>', positionals.proposalId);
      const { reason } = reasonOption(options.reason);
      return withConfiguration(async (configuration) => {
        if (verb === 'approve') await configuration.approveProposal(id, proposalId, reason);
        else await configuration.rejectProposal(id, proposalId, reason);
        printLines([`${verb === 'approve' ? 'approved' : 'rejected'} proposal ${proposalId} of ${id}`]);
        return 0;
      });
    },
  );

const pause = defineCommand(
  {
    name: 'improve pause',
    synopsis: '<companyId> [--reason <text>]',
    summary: 'The kill switch: the loop proposes nothing and starts no rollout until resumed.',
    positionals: ['companyId'],
    flags: [],
    options: ['reason'],
  },
  async ({ options, positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    const { reason } = reasonOption(options.reason);
    return withConfiguration(async (configuration) => {
      await configuration.pauseImprovement(id, reason);
      printLines([`improvement loop of ${id} paused`]);
      return 0;
    });
  },
);

const resume = defineCommand(
  {
    name: 'improve resume',
    synopsis: '<companyId>',
    summary: 'Resume a paused improvement loop.',
    positionals: ['companyId'],
    flags: [],
    options: [],
  },
  async ({ positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    return withConfiguration(async (configuration) => {
      await configuration.resumeImprovement(id);
      printLines([`improvement loop of ${id} resumed`]);
      return 0;
    });
  },
);

export const run = defineFamily('improve', 'The self-improvement loop.', [
  start,
  status,
  history,
  decision('approve'),
  decision('reject'),
  pause,
  resume,
]);
