/** Abbreviations whose full stop ends no sentence. */
const abbreviationEnd = /(?:^|[\s(])(?:No|Nos|St|Mt|Op|Vol|Dr|Mr|Mrs|Ms|Prof|vs|approx|e\.g|i\.e)\.$/;

/**
 * Sentences of a note: split after . ! ? ; and at line breaks, but not after an abbreviation
 * ("performed by Dr. Moreau", "Concerto No. 1 is …"), whose full stop ends no sentence.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const line of text.split(/\n+/)) {
    let current = '';
    for (const piece of line.split(/(?<=[.!?;])\s+/)) {
      current = current ? `${current} ${piece}` : piece;
      if (!abbreviationEnd.test(current)) {
        sentences.push(current);
        current = '';
      }
    }
    if (current) sentences.push(current);
  }
  return sentences;
}
