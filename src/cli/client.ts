import type { SynthorgApi } from '../client/types.ts';

/**
 * Runs `use` with a connected client and closes it afterwards. The client module (and with it the
 * Temporal SDK) is imported only here, so `--help` and the template commands work without Temporal.
 */
export async function withClient<T>(use: (api: SynthorgApi) => Promise<T>): Promise<T> {
  const { createClient } = await import('../client/synthorg-client.ts');
  const api: SynthorgApi = await createClient();
  try {
    return await use(api);
  } finally {
    // The command's work is done (or has already failed with a better message); a failed close adds nothing.
    await api.close().catch(() => undefined);
  }
}
