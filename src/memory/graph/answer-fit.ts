import type { Queryable } from '../sql.ts';
import { entityNamings } from './entity-namings.ts';
import type { WalkRequest } from './graph-walk.ts';
import { fitsAnswer, questionShape } from './question-shape.ts';

/**
 * Per path end checked: 1 where its entity can be the question's answer ({@link fitsAnswer}), else
 * `wrongEnd` (graph-walk.ts `pathWeights.wrongEnd`); an end not in the map was not checked and counts as no answer. One
 * look-up of the ends' names and kinds per walk, of those the connection has not read before.
 */
export async function answerFit(
  db: Queryable,
  request: Pick<WalkRequest, 'query' | 'seeds'>,
  walked: readonly { value: number; end: number }[],
  wrongEnd: number,
): Promise<Map<number, number>> {
  const fits = new Map<number, number>();
  if (wrongEnd === 1 || walked.length === 0) return fits;
  const shape = questionShape(
    request.query,
    request.seeds.flatMap((seed) => (seed.name === undefined ? [] : [seed.name])),
  );
  // Only ends of paths scoring at least wrongEnd × the best are read (all ends, hundreds at 100k
  // memories, made this look-up a tenth of a recall's time); a path below that counts as ending at no
  // answer. Every credit above wrongEnd × the best is then the one a full check gives, and the tuning
  // side moved by one 2-hop question of 720 (docs/memory-rounds.md, sixth round).
  const best = walked.reduce((most, { value }) => Math.max(most, value), 0);
  const ends = new Set(walked.filter(({ value }) => value >= wrongEnd * best).map((path) => path.end));
  for (const [id, naming] of await entityNamings(db, ends)) fits.set(id, fitsAnswer(shape, naming) ? 1 : wrongEnd);
  return fits;
}
