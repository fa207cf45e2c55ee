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

/**
 * Function words of the later splits' tests (15 on; split 14's list without its last prepositions and auxiliaries),
 * so that the one word a question may share with its notes is an ordinary one ("year", "next", "contact").
 */
export const splitFunctionWords: ReadonlySet<string> = new Set(
  'a an the of in on at to for by with from into which who whom whose what when where how that this those does do did is are was were be been being has have had its it their them they his her she he we us our whoever whichever and or one another other some any each every through under over about can could should may will would not no so if then than there much many'.split(
    ' ',
  ),
);
