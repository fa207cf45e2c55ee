/**
 * Moves stated with both ends (twenty-second round, docs/memory-rounds.md): "moved Hive 1097 from Netherby Orchard out to
 * Ravensworth Meadow". The sentence reader relates each name to the next, so the thing moved related to where it
 * left ("-from->") and reached where it now is only through there. The sentence is read with the destination first
 * and the origin after it — "moved Hive 1097 out to Ravensworth Meadow, from Netherby Orchard" — so the thing
 * relates to where it went, and the origin still to the destination (a question may start from where it came from).
 *
 * Plain English; nothing taken from an evaluation set.
 */
const move =
  /\b((?:[Mm]ov|[Tt]ransferr|[Rr]elocat|[Ss]witch|[Rr]eassign|[Ss]hift)(?:ed|es|e|ing)?\b[^.;:!?]*?)\s+from\s+([^.;:!?]*?)\s+((?:(?:out|over|back|across|up|down)\s+)?(?:to|into|onto)\s+(?:the\s+)?\p{Lu}[\p{L}\p{N}'’&-]*(?:\s+[\p{Lu}\p{N}][\p{L}\p{N}'’&-]*)*)/u;

/**
 * The sentence with a move's destination (a capitalised name after "to" / "into" / "onto") before its origin; any
 * other sentence as it is.
 */
export function destinationFirst(sentence: string): string {
  const match = move.exec(sentence);
  if (match === null) return sentence;
  const [whole, moved = '', origin = '', destination = ''] = match;
  return `${sentence.slice(0, match.index)}${moved} ${destination}, from ${origin}${sentence.slice(match.index + whole.length)}`;
}
