import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/domain/seeded-random.ts';
import { contentWords, functionWords, stemOf, stemsSaid } from '../../src/memory/graph/question-terms.ts';

/**
 * The eighth round skips Unicode normalisation of all-ASCII text when the relation walk reads the
 * asking words of a note (src/memory/graph/question-terms.ts): NFKD leaves ASCII as it is, so the words
 * must be those of the code before the change (below) for any text, ASCII or not.
 */
function wordsBefore(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length >= 3 && !functionWords.has(word));
}

const pieces = [
  'Alice',
  'MORE',
  'supervised',
  'funds',
  'the',
  'and',
  'Café',
  'ﬁnance',
  'Ångström',
  'K',
  'Ⅻ',
  'naïve',
  '２０２７',
  'wrote',
  'who',
  'x',
  '—',
  ' ',
  ',',
  '.',
  "'s",
  'Straße',
  'İstanbul',
  'owner',
  'Ｆｕｌｌ',
  'ﬀ',
  '3rd',
];

describe('asking words of a note, with and without Unicode normalisation', () => {
  it('are the words the normalising reader found, on random ASCII and non-ASCII text', () => {
    const random = seededRandom(8);
    let ascii = 0;
    for (let sample = 0; sample < 3_000; sample++) {
      const length = 1 + Math.floor(random() * 12);
      const text = Array.from({ length }, () => pieces[Math.floor(random() * pieces.length)]).join(
        random() < 0.5 ? ' ' : '',
      );
      if (!/[^\x00-\x7f]/.test(text)) ascii++;
      expect(contentWords(text), text).toEqual(wordsBefore(text));
    }
    // Both paths are exercised.
    expect(ascii).toBeGreaterThan(300);
    expect(ascii).toBeLessThan(2_700);
  });

  it('say the stems the word-by-word reader found: the substring test first skips only notes that say none', () => {
    // Eleventh round: stemsSaid looks for the wanted stems in the folded text before splitting it.
    const random = seededRandom(11);
    const stems = [...new Set([...pieces, 'finance', 'more', 'cafe', 'full', 'supervisor', 'fund'].map(stemOf))];
    let said = 0;
    for (let sample = 0; sample < 3_000; sample++) {
      const length = 1 + Math.floor(random() * 12);
      const text = Array.from({ length }, () => pieces[Math.floor(random() * pieces.length)]).join(
        random() < 0.5 ? ' ' : '',
      );
      const wanted = new Set(stems.filter(() => random() < 0.15));
      const expected = new Set(
        wordsBefore(text)
          .map(stemOf)
          .filter((stem) => wanted.has(stem)),
      );
      const found = stemsSaid(text, wanted);
      expect([...found].sort(), `${text} / ${[...wanted].join(',')}`).toEqual([...expected].sort());
      if (found.size > 0) said++;
    }
    // Notes that say some and notes that say none are both exercised.
    expect(said).toBeGreaterThan(300);
    expect(said).toBeLessThan(2_700);
  });
});
