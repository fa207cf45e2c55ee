import { afterEach, describe, expect, it } from 'vitest';
import { hopBounds, questionHops, walkSteps } from '../../src/memory/graph/question-hops.ts';

describe('the length of the chain a question asks along', () => {
  it('counts the entities a question passes through, not its names or its answer', () => {
    expect(questionHops('Who leads Project Falcon?', ['project falcon'])).toBe(0);
    expect(questionHops('Which vendor does the project that Alice Moreau leads buy from?', ['alice moreau'])).toBe(1);
    expect(
      questionHops('When does the vendor used by the project that Alice Moreau leads renew?', ['alice moreau']),
    ).toBe(2);
    // "the board of" is what of the answer is asked (its chair), not an entity on the way.
    expect(
      questionHops('Who chairs the board of the company that owns the plant where lot-4821 was made?', ['lot-4821']),
    ).toBe(2);
    expect(questionHops('Who signs for the firm owning the site of the lab that tested lot-4821?', ['lot-4821'])).toBe(
      3,
    );
  });

  it('reads a phrase said twice as one entity, and possessives as entities', () => {
    // "a depot … that depot's" is one bridge; the garage is the other.
    const kept = 'Wren 5 is kept at a depot; who runs the garage that services that depot?';
    expect(questionHops(kept, ['wren 5'])).toBe(2);
    expect(questionHops("Which city is Bruno Stone's manager based in?", ['bruno stone'])).toBe(1);
  });

  it('does not count the answer named after what / which, or an attribute the question asks of it', () => {
    expect(questionHops("What is the renewal date for the vendor of Zeno Petrov's project?", ['zeno petrov'])).toBe(2);
    expect(questionHops('Which courier collects the samples of the lab that Mirefield Clinic uses?', [])).toBe(1);
  });

  it('knows nothing of a text that asks nothing', () => {
    expect(questionHops('Notes about Project Falcon', ['project falcon'])).toBeUndefined();
  });
});

describe('walk lengths from the question', () => {
  const saved = { ...hopBounds };
  afterEach(() => Object.assign(hopBounds, saved));

  it('walks no further than the chain the question reads as, within the caller’s bound and the least', () => {
    const three = 'Who signs for the firm owning the site of the lab that tested lot-4821?';
    expect(walkSteps(4, three, ['lot-4821'])).toBe(4);
    expect(walkSteps(2, three, ['lot-4821'])).toBe(2);
    const two = 'When does the vendor used by the project that Alice Moreau leads renew?';
    expect(walkSteps(4, two, ['alice moreau'])).toBe(3);
    // Never fewer than hopBounds.fewest relations: a question read one bridge short keeps its answer.
    expect(walkSteps(4, 'Who leads Project Falcon?', ['project falcon'])).toBe(3);
    expect(walkSteps(4, 'Notes about Project Falcon', ['project falcon'])).toBe(4);
    hopBounds.longer = 1;
    expect(walkSteps(4, two, ['alice moreau'])).toBe(4);
  });
});
