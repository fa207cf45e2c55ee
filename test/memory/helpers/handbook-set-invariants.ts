import { expect, it } from 'vitest';
import type { HandbookSet } from '../../../bench/handbook-company.ts';

/**
 * The invariants every split built with `bench/handbook-company.ts` holds (splits 11–13), registered as tests
 * in the caller's `describe`: seeds deterministic, the set's size, each chain running through its supporting notes
 * one link per note, the answer said beside a chain name by the last note only, the question naming its start and
 * nothing after it, at least half of a question's notes sharing no word stem with it, and a three-hop answer other
 * than the start's own two-hop one. `stems` is the split's own reading of words (its function words).
 */
export function handbookSetInvariants(
  make: (seed: number) => HandbookSet,
  seeds: readonly number[],
  stems: (text: string, except?: string) => Set<string>,
): void {
  const contents = (set: HandbookSet) => new Map(set.memories.map((memory) => [memory.key, memory.content]));

  it.each(seeds)('seed %i: the same seed draws the same set, another seed another', (seed) => {
    expect(make(seed)).toEqual(make(seed));
    expect(make(seed).memories).not.toEqual(make(seed + 1).memories);
    expect(make(seed).questions).not.toEqual(make(seed + 1).questions);
  });

  it.each(seeds)('seed %i: 100 notes, 24 two-hop and 12 three-hop questions', (seed) => {
    const set = make(seed);
    expect(set.memories).toHaveLength(100);
    expect(new Set(set.memories.map((memory) => memory.key)).size).toBe(100);
    expect(set.questions.filter((question) => question.hops === 2)).toHaveLength(24);
    expect(set.questions.filter((question) => question.hops === 3)).toHaveLength(12);
  });

  it.each(seeds)('seed %i: each supporting note links the next two names of its chain', (seed) => {
    const set = make(seed);
    const content = contents(set);
    for (const question of set.questions) {
      expect(question.supporting).toHaveLength(question.hops + 1);
      expect(question.chain).toHaveLength(question.hops + 2);
      const notes = question.supporting.map((key) => content.get(key));
      expect(notes, question.question).not.toContain(undefined);
      for (const [index, note] of notes.entries()) {
        expect(note, question.question).toContain(question.chain[index]);
        expect(note, question.question).toContain(question.chain[index + 1]);
      }
    }
  });

  it.each(seeds)('seed %i: the answer is said beside a name of its chain by the last supporting note only', (seed) => {
    const set = make(seed);
    for (const question of set.questions) {
      const answer = question.chain.at(-1) as string;
      const names = question.chain.slice(0, -1);
      const saying = set.memories
        .filter(({ content }) => content.includes(answer) && names.some((name) => content.includes(name)))
        .map(({ key }) => key);
      expect(saying, question.question).toEqual([question.supporting.at(-1)]);
    }
  });

  it.each(seeds)('seed %i: a question names its start and no bridge or answer', (seed) => {
    for (const question of make(seed).questions) {
      const [start, ...rest] = question.chain as [string, ...string[]];
      expect(question.question).toContain(start);
      for (const name of rest) expect(question.question, question.question).not.toContain(name);
    }
  });

  it.each(seeds)('seed %i: at least half of a question’s notes share no word with it', (seed) => {
    const set = make(seed);
    const content = contents(set);
    for (const question of set.questions) {
      const asked = stems(question.question, question.chain[0] as string);
      const reworded = question.supporting.filter((key) =>
        [...stems(content.get(key) ?? '')].every((stem) => !asked.has(stem)),
      );
      expect(reworded.length, question.question).toBeGreaterThanOrEqual(Math.ceil(question.supporting.length / 2));
    }
  });

  it.each(seeds)('seed %i: a three-hop answer is not the named entity’s own two-hop answer', (seed) => {
    const set = make(seed);
    const twoHop = new Map(
      set.questions.filter((question) => question.hops === 2).map((question) => [question.chain[0], question.chain]),
    );
    for (const question of set.questions.filter(({ hops }) => hops === 3)) {
      const own = twoHop.get(question.chain[0]);
      expect(own).toBeDefined();
      expect(question.chain.at(-1), question.question).not.toBe(own?.at(-1));
    }
  });
}

/**
 * How many wordings each link of the chains takes over `seeds`, by the link's place (the three-hop question's
 * first link, then the three links every question shares), each note read by the split's own `linkShape`.
 */
export function linkWordingCounts(
  make: (seed: number) => HandbookSet,
  seeds: readonly number[],
  linkShape: (note: string, from: string, to: string) => string,
): number[] {
  const wordings = [new Set<string>(), new Set<string>(), new Set<string>(), new Set<string>()];
  for (const seed of seeds) {
    const set = make(seed);
    const content = new Map(set.memories.map((memory) => [memory.key, memory.content]));
    for (const question of set.questions)
      for (const [index, key] of question.supporting.entries()) {
        const [from, to] = [question.chain[index] as string, question.chain[index + 1] as string];
        wordings[index + 3 - question.hops]?.add(linkShape(content.get(key) ?? '', from, to));
      }
  }
  return wordings.map((wording) => wording.size);
}

/**
 * The distractor invariant of splits 11–13, registered as a test per seed: at least 45 notes support no question,
 * each names an entity of a chain beside a value of the asked kind, at least 10 carry another chain's answer. With
 * `twoNamed` (splits 12 and 13), at least 10 name two entities of the family in a relation the chains do not use,
 * and none names two entities of one chain (which would restate a link or contradict it).
 */
export function distractorInvariants(
  make: (seed: number) => HandbookSet,
  seeds: readonly number[],
  { twoNamed }: { twoNamed: boolean },
): void {
  it.each(seeds)('seed %i: half the notes are distractors naming an entity beside a wrong value', (seed) => {
    const set = make(seed);
    const supporting = new Set(set.questions.flatMap((question) => question.supporting));
    const named = [...new Set(set.questions.flatMap((question) => question.chain.slice(0, -1)))];
    const answers = new Set(set.questions.map((question) => question.chain.at(-1) as string));
    const distractors = set.memories.filter((memory) => !supporting.has(memory.key));
    expect(distractors.length).toBeGreaterThanOrEqual(45);
    for (const { content } of distractors) {
      expect(
        named.some((name) => content.includes(name)),
        content,
      ).toBe(true);
      expect(
        set.askedKind.some((value) => content.includes(value)),
        content,
      ).toBe(true);
    }
    // Some of the wrong values are other chains' answers, not only values no question asks for.
    const withAnswer = distractors.filter(({ content }) => [...answers].some((answer) => content.includes(answer)));
    expect(withAnswer.length).toBeGreaterThanOrEqual(10);
    if (!twoNamed) return;
    const both = distractors.filter(({ content }) => named.filter((name) => content.includes(name)).length >= 2);
    expect(both.length).toBeGreaterThanOrEqual(10);
    for (const question of set.questions) {
      const chain = question.chain.slice(0, -1);
      for (const { content } of distractors) {
        expect(chain.filter((name) => content.includes(name)).length, `${question.question}\n${content}`).toBeLessThan(
          2,
        );
      }
    }
  });
}

/**
 * Registers, per seed in the caller's `describe`, that no value of the asked kind and no entity name is part of
 * another (held-out splits 13–16): the invariants above read a note as naming a value or an entity when it contains
 * it, so "Excavator 12" must not be found in "Excavator 123", nor "5%" in "45%".
 */
export function distinctNameInvariants(make: (seed: number) => HandbookSet, seeds: readonly number[]): void {
  it.each(seeds)('seed %i: no value of the asked kind, and no entity name, is part of another', (seed) => {
    const set = make(seed);
    const names = [...new Set([...set.askedKind, ...set.questions.flatMap((question) => question.chain)])];
    for (const one of names)
      for (const other of names) if (one !== other) expect(other.includes(one), `${one} in ${other}`).toBe(false);
  });
}

/**
 * Registers, in the caller's `describe`, that every kind of question (two-hop, three-hop) is asked at least two ways
 * over the seeds, each as a question (held-out splits 13 to 16).
 */
export function questionWordingInvariants(make: (seed: number) => HandbookSet, seeds: readonly number[]): void {
  it('asks each kind of question at least two ways over the three seeds', () => {
    for (const hops of [2, 3]) {
      const asked = seeds.flatMap((seed) => make(seed).questions.filter((question) => question.hops === hops));
      const wordings = new Set(asked.map((question) => question.question.replace(question.chain[0] as string, '<0>')));
      expect(wordings.size).toBeGreaterThanOrEqual(2);
      for (const { question } of asked) expect(question).toMatch(/\?$/);
    }
  });
}

/**
 * A question shares at most one ordinary word stem with its supporting notes, and between a quarter and three
 * quarters of the questions share exactly one over the seeds (splits 15 and 16; `stems` is the split's reading).
 */
export function sharedWordInvariants(
  make: (seed: number) => HandbookSet,
  seeds: readonly number[],
  stems: (text: string, except?: string) => Set<string>,
): void {
  const sharedStems = (set: HandbookSet) => {
    const content = new Map(set.memories.map((memory) => [memory.key, memory.content]));
    return set.questions.map((question) => {
      const asked = stems(question.question, question.chain[0] as string);
      const noted = new Set(question.supporting.flatMap((key) => [...stems(content.get(key) ?? '')]));
      return { question, shared: [...asked].filter((stem) => noted.has(stem)) };
    });
  };

  it.each(seeds)('seed %i: a question shares at most one ordinary word with its notes', (seed) => {
    for (const { question, shared } of sharedStems(make(seed))) {
      expect(shared.length, `${question.question}: ${shared.join(', ')}`).toBeLessThanOrEqual(1);
    }
  });

  it('about half the questions share one word with a note, over the three seeds', () => {
    const all = seeds.flatMap((seed) => sharedStems(make(seed)));
    const sharing = all.filter(({ shared }) => shared.length === 1).length;
    expect(sharing / all.length).toBeGreaterThanOrEqual(0.25);
    expect(sharing / all.length).toBeLessThanOrEqual(0.75);
  });
}

/** `text` as a literal in a regular expression. */
export const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

/** Every entity name and asked value of the seeds' sets, longest first (splits 14, 16–18 build link shapes of them). */
export function entityNames(make: (seed: number) => HandbookSet, seeds: readonly number[]): string[] {
  const names = new Set(
    seeds.flatMap((seed) => {
      const set = make(seed);
      return [...set.askedKind, ...set.questions.flatMap((question) => question.chain)];
    }),
  );
  return [...names].sort((one, other) => other.length - one.length);
}

/** No value of the asked kind stands in a note's heading (`headingLines`: the split's reading of a heading). */
export function headingInvariants(
  make: (seed: number) => HandbookSet,
  seeds: readonly number[],
  headingLines: (note: string) => string[],
): void {
  it.each(seeds)('seed %i: no heading holds a value of the asked kind', (seed) => {
    const set = make(seed);
    for (const { content } of set.memories)
      for (const value of set.askedKind)
        for (const line of headingLines(content)) expect(line, value).not.toContain(value);
  });
}

/** Names and values stand as whole words wherever a note has them, never inside another word or number. */
export function wholeNameInvariants(make: (seed: number) => HandbookSet, seeds: readonly number[]): void {
  it.each(seeds)('seed %i: names and values stand as whole words wherever a note has them', (seed) => {
    const set = make(seed);
    const names = [...new Set([...set.askedKind, ...set.questions.flatMap((question) => question.chain)])];
    for (const { content } of set.memories)
      for (const name of names)
        for (const match of content.matchAll(new RegExp(escaped(name), 'gu'))) {
          const before = content.charAt((match.index ?? 0) - 1);
          const after = content.charAt((match.index ?? 0) + name.length);
          expect(`${before}|${after}`, `${name} in\n${content}`).toMatch(/^[^\p{L}\p{N}]?\|[^\p{L}\p{N}]?$/u);
        }
  });
}

/**
 * The ways a family writes its bridges, by the chain place of the bridge (1: first, 2: second), each as a pattern
 * of the bridge's name: every way turns up on every seed, and some bridge turns up in two ways in one company
 * (splits 17 and 18).
 */
export function bridgeFormInvariants(
  make: (seed: number) => HandbookSet,
  seeds: readonly number[],
  forms: readonly (readonly [number, (name: string) => RegExp])[],
): void {
  it.each(seeds)('seed %i: bridges are written more than one way', (seed) => {
    const set = make(seed);
    const supporting = new Set(set.questions.flatMap((question) => question.supporting));
    const notes = set.memories.filter(({ key }) => supporting.has(key)).map(({ content }) => content);
    const bridges = (place: number) => [...new Set(set.questions.map((question) => question.chain.at(place - 4)))];
    for (const [place, form] of forms) {
      const using = bridges(place).filter((name) => notes.some((note) => form(name as string).test(note)));
      expect(using.length, String(form('NAME'))).toBeGreaterThan(0);
    }
    // Some bridge turns up in two ways in one company, so a reader must take them for one thing.
    const twoWays = [1, 2].flatMap((place) =>
      bridges(place).filter(
        (name) =>
          forms.filter(([at, form]) => at === place && notes.some((note) => form(name as string).test(note))).length >=
          2,
      ),
    );
    expect(twoWays.length).toBeGreaterThanOrEqual(3);
  });
}
