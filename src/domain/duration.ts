/**
 * The one duration syntax of SynthOrg, in templates and on the command line alike: a whole number
 * and a unit, without spaces — "500ms", "30s", "5m", "2h", "1d".
 */
const unitMs = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export const durationPattern = /^(\d+)(ms|s|m|h|d)$/;
export const durationHint = 'use a duration such as "30s", "5m", "2h" or "1d" (units ms, s, m, h, d)';

const longUnits: Record<string, keyof typeof unitMs> = {
  millisecond: 'ms',
  milliseconds: 'ms',
  sec: 's',
  secs: 's',
  second: 's',
  seconds: 's',
  min: 'm',
  mins: 'm',
  minute: 'm',
  minutes: 'm',
  hr: 'h',
  hrs: 'h',
  hour: 'h',
  hours: 'h',
  day: 'd',
  days: 'd',
};

export function isDuration(text: string): boolean {
  return durationPattern.test(text);
}

/** Parses a duration ("30s", "5m", "2h", "1d") into milliseconds. */
export function durationToMs(duration: string): number {
  const match = durationPattern.exec(duration);
  if (!match) throw new Error(`invalid duration "${duration}"; ${durationHint}${durationSuggestion(duration)}`);
  return Number(match[1]) * unitMs[match[2] as keyof typeof unitMs];
}

/** `; did you mean "30m"?` for spelled-out forms such as "30 minutes", so the fix is one copy away. */
export function durationSuggestion(text: string): string {
  const match = /^\s*(\d+)\s*([a-z]+)\s*$/i.exec(text);
  if (!match) return '';
  const unit = match[2]!.toLowerCase();
  const short = Object.hasOwn(unitMs, unit) ? unit : longUnits[unit];
  return short === undefined ? '' : `; did you mean "${match[1]}${short}"?`;
}
