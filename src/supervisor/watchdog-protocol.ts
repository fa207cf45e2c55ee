import { z } from 'zod';
import { ProcessIdentity } from './process-identity.ts';

/**
 * What an owner tells its watchdog, one JSON object per line on the watchdog's stdin: a process to
 * stop if the owner dies, or one that has ended and must no longer be signalled.
 */
export const WatchdogMessage = z.union([
  z.object({
    watch: z.object({
      name: z.string(),
      identity: ProcessIdentity,
      group: z.boolean(),
      stopSignal: z.string(),
      graceMs: z.number().int().nonnegative(),
    }),
  }),
  z.object({ forget: z.number().int().positive() }),
]);
export type WatchdogMessage = z.infer<typeof WatchdogMessage>;

export function encodeWatchdogMessage(message: WatchdogMessage): string {
  return `${JSON.stringify(message)}\n`;
}
