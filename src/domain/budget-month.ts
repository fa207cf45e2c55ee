/**
 * Budget months start at midnight on the 1st in the company's time zone (the ledger's spend_totals
 * use the same rule). Pure and deterministic, so task workflows can set a timer to the next one.
 */
export function nextMonthStartMs(nowMs: number, timeZone = 'UTC'): number {
  const now = localParts(nowMs, timeZone);
  const year = now.month === 12 ? now.year + 1 : now.year;
  const month = now.month === 12 ? 1 : now.month + 1;
  const localMidnight = Date.UTC(year, month - 1, 1);
  // The zone's offset at the instant itself (it may differ from now's across a daylight-saving change).
  let instant = localMidnight - offsetMs(localMidnight, timeZone);
  instant = localMidnight - offsetMs(instant, timeZone);
  return instant;
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function localParts(instantMs: number, timeZone: string): LocalParts {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    hourCycle: 'h23',
  });
  const value = (type: Intl.DateTimeFormatPartTypes) =>
    Number(format.formatToParts(instantMs).find((part) => part.type === type)?.value ?? 0);
  return {
    year: value('year'),
    month: value('month'),
    day: value('day'),
    hour: value('hour'),
    minute: value('minute'),
    second: value('second'),
  };
}

/** Local time minus UTC at an instant, in milliseconds. */
function offsetMs(instantMs: number, timeZone: string): number {
  const local = localParts(instantMs, timeZone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return asUtc - Math.floor(instantMs / 1_000) * 1_000;
}
