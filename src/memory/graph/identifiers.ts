/** Lower-case codes that name things in notes as capitalised names do (entity-spans.ts). */

/** Lower-case words joined by digits, hyphens or underscores: ticket, asset and system codes. */
export const identifierPattern =
  /(?<![\p{L}\p{N}'’_-])[\p{Ll}\p{N}][\p{Ll}\p{N}_-]*[\p{Ll}\p{N}](?![\p{L}\p{N}'’_-])/gu;
/** Parts that make a hyphenated word plain English ("on-call", "sign-off", "day-to-day", "two-week"). */
const plainParts = new Set(
  'a an and by in of off on out to up down over one two three four five six seven eight nine ten half self well non co re pre post'.split(
    ' ',
  ),
);

/**
 * A code rather than a word: has a letter, and a digit ("tkt-4821", "msku871849", "v2") or a hyphen
 * or underscore between parts none of which is a plain English particle or number ("harrow-io",
 * "orders_daily"). Lower-case identifiers name things in notes as capitalised names do.
 */
export function isIdentifier(token: string): boolean {
  if (!/\p{L}/u.test(token)) return false;
  if (/\d/.test(token)) return true;
  const parts = token.split(/[-_]/);
  return parts.length > 1 && parts.every((part) => part.length > 0 && !plainParts.has(part));
}
