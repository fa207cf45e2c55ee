/**
 * The held-out data tests' test of shared wording: the word stems of a text (letters only, words of three
 * letters or more, a crude suffix cut, the first five letters), without the test's function words and
 * without the words of `except` (the named start, which a question must say).
 */
export function wordStems(text: string, functionWords: ReadonlySet<string>, except?: string): Set<string> {
  const words = (except === undefined ? text : text.replaceAll(except, ' ')).toLowerCase().match(/\p{L}+/gu) ?? [];
  return new Set(
    words
      .filter((word) => word.length > 2 && !functionWords.has(word))
      .map((word) => word.replace(/(ing|ed|es|e|s)$/, '').slice(0, 5)),
  );
}
