const unitMs = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Parses a template duration ("30s", "5m", "2h", "1d") into milliseconds. */
export function durationToMs(duration: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(duration);
  if (!match) throw new Error(`invalid duration "${duration}"; use e.g. "30s", "5m", "2h"`);
  return Number(match[1]) * unitMs[match[2] as keyof typeof unitMs];
}
