import type { ConfigurationClient } from '../../client/configuration-client.ts';
import type { RolloutStage } from '../../domain/rollout.ts';
import { UsageError } from '../errors.ts';

/** A connected ConfigurationClient; the Temporal SDK is loaded only when a command runs. */
export async function withConfiguration<T>(use: (configuration: ConfigurationClient) => Promise<T>): Promise<T> {
  const { createClient } = await import('../../client/synthorg-client.ts');
  const api = await createClient();
  try {
    return await use(api.configuration);
  } finally {
    await api.close().catch(() => undefined);
  }
}

/** A version, proposal or stage number: a whole number from 1; undefined when not given. */
export function numberArgument(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(value) || value < 1)
    throw new UsageError(`${name} must be a whole number from 1, got "${text}"`);
  return value;
}

/** A number the command cannot do without (`<version>`, `<proposalId>`). */
export function requiredNumber(name: string, text: string | undefined): number {
  const value = numberArgument(name, text);
  if (value === undefined) throw new UsageError(`${name} is required`);
  return value;
}

/** Longest reason stored with a version, decision or pause. */
export const maxReasonLength = 500;

/**
 * `--reason <text>` as the config, rollout, improve commands store it: trimmed, not empty, at most
 * {@link maxReasonLength} characters; `{}` when not given, so it spreads into the client's options.
 */
export function reasonOption(text: string | undefined): { reason?: string } {
  if (text === undefined) return {};
  const reason = text.trim();
  if (reason === '') throw new UsageError('--reason must not be empty (leave it out to give none)');
  if (reason.length > maxReasonLength)
    throw new UsageError(`--reason is at most ${maxReasonLength} characters, got ${reason.length}`);
  return { reason };
}

/** `--stages 10,50,100` with `--min-samples` and `--max-duration` (rollout start, improve start); undefined when none is given. */
export function stagesOption(
  percents: string | undefined,
  samples: string | undefined,
  duration: string | undefined,
): RolloutStage[] | undefined {
  if (percents === undefined && samples === undefined && duration === undefined) return undefined;
  const minSamples = numberArgument('--min-samples', samples ?? '20') as number;
  const list = (percents ?? '10,50,100').split(',').map((part) => {
    if (!/^\d{1,3}$/.test(part.trim()))
      throw new UsageError(`--stages takes percentages such as 10,50,100, got "${part}"`);
    return Number(part.trim());
  });
  return list.map((percent) => ({ percent, minSamples, maxDuration: duration ?? '2d' }));
}
