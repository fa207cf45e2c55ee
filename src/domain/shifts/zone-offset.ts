/**
 * Offsets of an IANA zone from the runtime's time-zone data (Intl). Not for workflow code: a
 * workflow replayed on a worker with other tz data could decide differently. Activities and the
 * client use it; workflows get its results recorded (shiftCalendar activity).
 */
export function zoneOffsetAt(timeZone: string): (instantMs: number) => number {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  return (instantMs) => {
    const parts = Object.fromEntries(format.formatToParts(new Date(instantMs)).map((part) => [part.type, part.value]));
    const local = Date.UTC(
      Number(parts.year),
      Number(parts.month) - 1,
      Number(parts.day),
      Number(parts.hour),
      Number(parts.minute),
      Number(parts.second),
    );
    return local - (instantMs - (((instantMs % 1000) + 1000) % 1000));
  };
}

/** True when the runtime knows the zone. */
export function isKnownZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
