import { constants } from 'node:os';
import type { LimitName } from './types.ts';

const signalNumbers: Readonly<Record<string, number>> = constants.signals;

/** Error messages interpreters print when an rlimit bites; matched in stderr because the kernel says nothing else. */
const messagePatterns: readonly { limit: LimitName; pattern: RegExp }[] = [
  { limit: 'cpuTime', pattern: /CPU time limit exceeded/ },
  {
    limit: 'memory',
    pattern:
      /MemoryError|Cannot allocate memory|out of memory|Array buffer allocation failed|bad_alloc|Allocation failed/i,
  },
  { limit: 'processes', pattern: /Resource temporarily unavailable|Cannot fork|fork: retry|BlockingIOError/ },
  { limit: 'fileSize', pattern: /File too large|File size limit exceeded/ },
];

/**
 * Adds the limits a finished run most likely hit, from how it ended: its signal (directly, or as the
 * 128 + n exit status wrappers report) and its error output.
 */
export function inferLimitsHit(
  measured: readonly LimitName[],
  ending: { exitCode: number | null; signal: string | null; errorText: string },
): LimitName[] {
  const hit = new Set<LimitName>(measured);
  const signalNumber =
    ending.signal !== null
      ? signalNumbers[ending.signal]
      : ending.exitCode !== null && ending.exitCode > 128
        ? ending.exitCode - 128
        : undefined;
  if (signalNumber === signalNumbers.SIGXCPU) hit.add('cpuTime');
  if (signalNumber === signalNumbers.SIGXFSZ) hit.add('fileSize');
  for (const { limit, pattern } of messagePatterns) {
    if (pattern.test(ending.errorText)) hit.add(limit);
  }
  return [...hit];
}
