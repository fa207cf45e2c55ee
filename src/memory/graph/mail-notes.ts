/**
 * How the offline extractor reads a note written as an e-mail or a wiki revision (fourteenth round,
 * docs/memory-rounds.md). A reply states its link across two messages: the quoted one asks ("> Who stocks the
 * machines in Copse Annexe now?"), the reply answers with a name or a value and says the rest with a
 * pronoun ("Snackwell Vending. They won the tender."); read top to bottom, the answer relates to nothing.
 * A wiki revision states its link as an added table row ("+ Copse Annexe | stocked by: Snackwell
 * Vending") below the row it replaced, which names what no longer holds. So, before sentences are read:
 *
 * - header lines (From:, To:, Sent:, "On … wrote:", a revision's "page · r12 · date · editor" line) and
 *   a closing sign-off ("Cheers, Ada", "Ada") name no subject of the note and are left out; a subject
 *   line keeps its words without "Subject: Re:";
 * - the quoted message is read before the reply, as it was written first, so a pronoun opening the reply
 *   ("It goes through …", "Yes, it is …") speaks of the quoted message's name;
 * - a quoted question asking who / what / which / when / where / how much is stated back with the
 *   reply's first name or value in place of its asking word ({@link answeredQuestion});
 * - in a revision that adds rows, a removed row ("- …") is left out.
 *
 * Plain conventions of e-mail and wiki diffs, nothing taken from an evaluation set.
 */

/** A note's lines in reading order, and the quoted questions the reply answers. */
export interface MailReading {
  /** The note's text to split into sentences: subject, quoted message, reply, added rows. */
  text: string;
  /** Quoted questions, each with the reply's first sentence (the answer is its first name or value). */
  answered: { question: string; reply: string }[];
}

const headerLine = /^(?:from|to|cc|bcc|sent|date|reply-to):\s/iu;
const attributionLine = /^on\s.{3,80}\swrote:\s*$/iu;
const subjectLine = /^subject:\s*((?:(?:re|fwd?|aw):\s*)*)/iu;
/** A revision's header: three or more fields joined by " · " (page, revision, date, editor). */
const revisionHeader = /^[^·]+(?:\s·\s[^·]+){2,}$/u;
const signOff =
  /^(?:(?:cheers|thanks|many thanks|regards|kind regards|best|best wishes|ta|all the best),?\s*)?(?:\p{Lu}[\p{L}'’-]*\.?\s?){0,2}$/iu;
const closing = /^(?:cheers|thanks|many thanks|regards|kind regards|best|best wishes|ta|all the best),?\s*$/iu;

/**
 * The note as {@link MailReading}; a note with no such lines comes back as it was. With `keepIndent` its lines keep
 * their indentation (a YAML record's nesting, record-fields.ts); without, they are trimmed as before.
 */
export function readMail(text: string, keepIndent = false): MailReading {
  const raw = text.split('\n').map((line) => (keepIndent ? line.trimEnd() : line.trim()));
  const lines = raw.map((line) => line.trimStart());
  const diff = lines.some((line) => /^\+\s/u.test(line));
  const subject: string[] = [];
  const quoted: string[] = [];
  const body: string[] = [];
  for (const [index, line] of lines.entries()) {
    if (line.length === 0 || headerLine.test(line) || attributionLine.test(line)) continue;
    if (index === 0 && revisionHeader.test(line)) continue;
    if (diff && /^-\s/u.test(line)) continue;
    const subjectMatch = subjectLine.exec(line);
    if (subjectMatch) subject.push(line.slice(subjectMatch[0].length));
    else if (line.startsWith('>')) quoted.push(line.replace(/^(?:>\s?)+/u, ''));
    else body.push(diff ? line.replace(/^\+\s/u, '') : (raw[index] as string));
  }
  while (body.length > 1 && (closing.test(body.at(-1) as string) || signOffAt(body))) body.pop();
  const answered =
    quoted.length > 0 && body.length > 0
      ? quoted.filter((line) => /\?\s*$/u.test(line)).map((question) => ({ question, reply: body[0] as string }))
      : [];
  return { text: [...subject, ...quoted, ...body].join('\n'), answered };
}

/** The body's last line is a bare sign-off ("Cheers, Ada", "Ada", "M.") after a line of prose. */
function signOffAt(body: readonly string[]): boolean {
  const last = body.at(-1) as string;
  return last.length <= 30 && !/[\d:|]/u.test(last) && signOff.test(last);
}

const askingPhrase =
  /^(?:and\s+|so\s+)?(?:who|what|which|when|where|whose|how much|how many)(?:'s|’s|\s+is|\s+are)?\b/iu;

/**
 * A quoted question said back as a statement, with `answer` in place of its asking word: "Who stocks the
 * machines in Copse Annexe now?" and "Snackwell Vending" give "Snackwell Vending stocks the machines in
 * Copse Annexe now"; "What margin are we giving L?" and "52.5%" give "52.5% margin are we giving L".
 * Undefined for a question that asks no such word (yes / no questions: the reply's pronoun carries those).
 */
export function answeredQuestion(question: string, answer: string): string | undefined {
  const asked = askingPhrase.exec(question.trim());
  if (asked === null) return undefined;
  const rest = question
    .trim()
    .slice(asked[0].length)
    .replace(/[?\s]+$/u, '');
  const copula = /['’]s$|\bis$/u.test(asked[0]) ? ' is' : /\bare$/u.test(asked[0]) ? ' are' : '';
  return `${answer}${copula} ${rest.trim()}`;
}
