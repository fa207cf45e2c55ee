import type { TrainingClient } from '../../client/training-client.ts';
import type { TrainingResponse } from '../../../workflows/contracts/training.ts';
import { companyIdArgument, defineCommand } from '../args.ts';
import { UsageError } from '../errors.ts';
import { printJson, printLines } from '../output.ts';
import { defineFamily } from '../subcommands.ts';
import { reasonOption } from './configuration-access.ts';

/** A connected TrainingClient; the Temporal SDK is loaded only when a command runs. */
async function withTraining<T>(use: (training: TrainingClient) => Promise<T>): Promise<T> {
  const { createClient } = await import('../../client/synthorg-client.ts');
  const api = await createClient();
  try {
    return await use(api.training);
  } finally {
    await api.close().catch(() => undefined);
  }
}

function agentOption(text: string | undefined): { agentId?: string } {
  if (text === undefined) return {};
  if (text.trim() === '') throw new UsageError('--agent needs an agent id');
  return { agentId: text.trim() };
}

const percent = (rate: number) => `${Math.round(rate * 100)}%`;

function lines(response: TrainingResponse, headline?: string): string[] {
  const { graduation } = response;
  return [
    ...(headline ? [headline] : []),
    `training of ${response.companyId}: graduation at ${percent(graduation.threshold)} first-review pass rate over ${graduation.window} reviewed tasks`,
    ...response.juniors.map(
      (junior) =>
        `  ${junior.agentId.padEnd(12)} ${junior.status.padEnd(9)} seniors ${junior.seniors.join(', ')} · window ${junior.window.passed}/${junior.window.reviewed} passed` +
        `${junior.window.reviewed > 0 ? ` (${percent(junior.window.passRate)})` : ''}${junior.endedAt ? ` · ended ${junior.endedAt}` : ''}`,
    ),
    ...response.audit
      .slice(-10)
      .map(
        (entry) =>
          `  ${entry.createdAt} ${entry.agentId} ${entry.event} by ${entry.actor} ${JSON.stringify(entry.details)}`,
      ),
  ];
}

const status = defineCommand(
  {
    name: 'train status',
    synopsis: '<companyId> [--agent <id>] [--json]',
    summary:
      "The template's juniors: in training, graduated or stopped; first-review figures over the window; the audit trail.",
    details: `Options:
  --agent <id>  one junior only
  --json        print {"companyId","graduation","juniors":[{"agentId","seniors","status","window",…}],"audit"}`,
    positionals: ['companyId'],
    flags: ['json'],
    options: ['agent'],
  },
  async ({ flags, options, positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    const agent = agentOption(options.agent);
    return withTraining(async (training) => {
      const response = await training.status(id, agent.agentId);
      if (flags.json) printJson(response);
      else printLines(lines(response));
      return 0;
    });
  },
);

const change = (kind: 'start' | 'stop') =>
  defineCommand(
    {
      name: `train ${kind}`,
      synopsis: '<companyId> [--agent <id>] [--reason <text>] [--json]',
      summary:
        kind === 'start'
          ? "Put the template's juniors (or one) in training: a new period whose graduation window starts empty."
          : "Take the template's juniors (or one) out of training now; audited with the window's figures.",
      details: `Options:
  --agent <id>     one junior of the template's training section (default: all of them)
  --reason <text>  stored in the audit row
  --json           print {"companyId","changed","juniors","audit",…}`,
      positionals: ['companyId'],
      flags: ['json'],
      options: ['agent', 'reason'],
    },
    async ({ flags, options, positionals }) => {
      const id = companyIdArgument(positionals.companyId);
      const request = { ...agentOption(options.agent), ...reasonOption(options.reason) };
      return withTraining(async (training) => {
        const response = kind === 'start' ? await training.start(id, request) : await training.stop(id, request);
        if (flags.json) printJson(response);
        else
          printLines(
            lines(
              response,
              response.changed.length > 0
                ? `${kind === 'start' ? 'in training now' : 'out of training now'}: ${response.changed.join(', ')}`
                : `nothing changed (${kind === 'start' ? 'already in training' : 'not in training'})`,
            ),
          );
        return 0;
      });
    },
  );

export const run = defineFamily('train', 'Training mode: juniors learn from seniors.', [
  status,
  change('start'),
  change('stop'),
]);
