import type { ConfigurationClient } from '../../client/configuration-client.ts';
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

/** A version or proposal number: a whole number from 1. */
export function numberArgument(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(value) || value < 1)
    throw new UsageError(`${name} must be a whole number from 1, got "${text}"`);
  return value;
}
