/**
 * The transcript entry context compaction leaves in place of the entries it offloaded. Pure (no
 * I/O): the offline model reads it too, to keep counting what the compacted steps did.
 *
 * Shape: `<summary> ‖ counts: recall=12, remembered=1 ‖ details in memory: 41,42,43`
 */
export interface CompactedEntryParts {
  summary: string;
  /** Entries compacted, by kind, including those an earlier compaction had already folded in. */
  counts: Record<string, number>;
  /** Memory ids holding the offloaded entries, for `recall` with `ids`. */
  pointers: number[];
}

const separator = ' ‖ ';

export function formatCompactedEntry(parts: CompactedEntryParts): string {
  const counts = Object.entries(parts.counts)
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([kind, count]) => `${kind}=${count}`)
    .join(', ');
  return [parts.summary, `counts: ${counts}`, `details in memory: ${parts.pointers.join(',')}`].join(separator);
}

export function parseCompactedEntry(text: string): CompactedEntryParts {
  const pieces = text.split(separator);
  const countsText = pieces.find((piece) => piece.startsWith('counts: '))?.slice('counts: '.length) ?? '';
  const pointersText =
    pieces.find((piece) => piece.startsWith('details in memory: '))?.slice('details in memory: '.length) ?? '';
  const counts: Record<string, number> = {};
  for (const pair of countsText.split(', ')) {
    const match = /^([a-z-]+)=(\d+)$/.exec(pair);
    if (match?.[1] !== undefined) counts[match[1]] = Number(match[2]);
  }
  return {
    summary: pieces[0] ?? '',
    counts,
    pointers: pointersText
      .split(',')
      .filter((id) => /^\d+$/.test(id))
      .map(Number),
  };
}

/** How many entries of a kind a transcript holds, counting those folded into compacted entries. */
export function countTranscriptKind(transcript: readonly { kind: string; text: string }[], kind: string): number {
  let count = 0;
  for (const entry of transcript) {
    if (entry.kind === kind) count++;
    else if (entry.kind === 'compacted') count += parseCompactedEntry(entry.text).counts[kind] ?? 0;
  }
  return count;
}

/** Rough token count of a transcript as the next model call sees it (about four characters a token). */
export function transcriptTokens(transcript: readonly { kind: string; text: string }[]): number {
  return Math.ceil(transcript.map((entry) => `[${entry.kind}] ${entry.text}`).join('\n').length / 4);
}
