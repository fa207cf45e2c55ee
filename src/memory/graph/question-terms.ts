/**
 * The words a question asks with, beside the names it links: "which **funder** **pays** for the
 * **group** of the **adviser** of whoever **wrote** S?". A relation chain that answers it states those
 * words between its memories, one relation per memory, however far from the named entity; a note
 * that only shares the name states none of them. Words are compared by a crude stem (suffixes cut,
 * then the first five letters), so "supervisor" meets "supervised" and "funds" meets "funder";
 * plain English morphology, nothing taken from an evaluation set.
 */
/** Words that ask nothing (exported for test/memory/question-terms-ascii.test.ts). */
export const functionWords: ReadonlySet<string> = new Set(
  `a about above after again against all also am an and any are as at be because been before being below between both
   but by can could did do does doing done down during each either else ever every few for from further had has have
   having he her here hers him his how i if in into is it its itself just may me might more most much must my no nor
   not now of off on once one only or other our out over own per same shall she should so some such than that the
   their them then there these they this those through to too under until up upon us very via was we were what
   whatever when whenever where wherever whether which while who whoever whom whose why will with within without
   would yet you your`.split(/\s+/),
);

const suffixes = ['ations', 'ation', 'ments', 'ment', 'ings', 'ing', 'ers', 'ies', 'ied', 'ed', 'er', 'es', 'or', 's'];

/** A crude stem: the word without one common suffix, cut to five letters. */
export function stemOf(word: string): string {
  let stem = word;
  for (const suffix of suffixes)
    if (stem.length - suffix.length >= 4 && stem.endsWith(suffix)) {
      stem = stem.slice(0, -suffix.length);
      break;
    }
  return stem.slice(0, 5);
}

/** Text that is all ASCII: its NFKD normalisation is itself (the walk reads hundreds of notes a step). */
const ascii = /^[\x00-\x7f]*$/;

/** A text lower-cased and NFKD-normalised: what its words are split from. */
function foldedText(text: string): string {
  const lower = text.toLowerCase();
  return ascii.test(lower) ? lower : lower.normalize('NFKD');
}

function wordsOf(folded: string): string[] {
  return folded.split(/[^\p{L}\p{N}]+/u).filter((word) => word.length >= 3 && !functionWords.has(word));
}

/** A text's lower-case words of three letters or more that are no function words. */
export function contentWords(text: string): string[] {
  return wordsOf(foldedText(text));
}

/** The stems of a question's asking words: its content words other than those of the names it links. */
export function questionStems(question: string, names: readonly string[]): Set<string> {
  const named = new Set(names.flatMap((name) => name.split(' ')));
  return new Set(
    contentWords(question)
      .filter((word) => !named.has(word))
      .map(stemOf),
  );
}

/** Which of `wanted` a memory's text says. */
export function stemsSaid(text: string, wanted: ReadonlySet<string>): Set<string> {
  const said = new Set<string>();
  if (wanted.size === 0) return said;
  const folded = foldedText(text);
  // A stem is the start of a word of the folded text, so a text containing none of the wanted stems says
  // none: most notes a walk step reads, and a substring search costs less than splitting them into words
  // (eleventh round: 1.8 → 0.9 ms a recall at 100k memories).
  let contains = false;
  for (const stem of wanted)
    if (folded.includes(stem)) {
      contains = true;
      break;
    }
  if (!contains) return said;
  for (const word of wordsOf(folded)) {
    const stem = stemOf(word);
    if (wanted.has(stem)) said.add(stem);
  }
  return said;
}
