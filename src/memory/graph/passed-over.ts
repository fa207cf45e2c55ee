import { type Chain, type GuidedPath, hopSteps, placedSteps } from './hop-guidance.ts';

/**
 * Bridges passed over (seventeenth round, docs/memory.md). The largest class of misses on the tuning grid is a
 * look-alike answer reached through the wrong bridge: from the named entity the walk leaves by a note that
 * says nothing of the question's step ("Dovetail Clinics was referred to us by Mayfield Clinics" for "the
 * sales region of Mayfield Clinics's **account owner**"), while another note of the same entity states that
 * step ("Fiona Bellamy **handles** the Oakmont Retail **account**"). Per-hop guidance (hop-guidance.ts) lets a
 * silent hop pass at no cost, since true chains paraphrase the question (a silent hop costing 0.7 everywhere
 * lost 0.025 in round 15); this rule makes silence cost only where it is a choice: where the entity a hop
 * leaves has a walked note that says the hop's step, and this hop's note does not, the path passed over the
 * bridge the question names. Lexical, from the stems the walk already read per note.
 *
 * Set on the tuning grid only:
 * - `passedOver`: what a path's credit is multiplied by per such hop before its last (1 turns the rule off);
 * - `last`: the same for its last hop (another note of the last bridge states the asked relation);
 * - `firstOnly`: only the hop leaving the named entity counts (the choice the question's own name anchors).
 */
export const passedOver = { passedOver: 1, last: 1, firstOnly: false };

/** A walked path as the rule reads it: guidance's path and the entity each hop arrives at. */
export interface BridgedPath extends GuidedPath {
  parent: BridgedPath | undefined;
  end: number;
}

/**
 * Per path of at least the chain's length `need` (chain-length.ts) whose factor is not 1: the product of
 * {@link passedOver}'s factors over its hops that say nothing of their own step (hop-guidance.ts's
 * {@link hopSteps}) where some walked path of at least `need` relations leaves the same entity at the same hop
 * by a note that does. Paths not in the map keep their credit; none where `need` is 0 or the chain is unknown.
 * `saidOn` gives the question's stems a hop's note says, as the walk read them.
 */
export function passedOverFactors<P extends BridgedPath>(
  paths: readonly P[],
  need: number,
  chain: Chain | undefined,
  saidOn: (hop: P) => ReadonlySet<string>,
): Map<P, number> {
  const factors = new Map<P, number>();
  if (need === 0 || chain === undefined || chain.relations.length === 0) return factors;
  if (passedOver.passedOver === 1 && passedOver.last === 1) return factors;
  const { steps } = placedSteps(chain);
  // Per path, each hop: the entity it leaves, its position, and whether its note says its own step.
  const read = new Map<P, { key: string; says: boolean }[]>();
  const saying = new Set<string>();
  for (const path of paths) {
    if (path.steps < need) continue;
    const hops: P[] = [];
    let root: P = path;
    for (let at: P | undefined = path; at !== undefined; at = at.parent as P | undefined)
      if (at.memoryId >= 0) hops.unshift(at);
      else root = at;
    const own = hopSteps(steps, hops.length);
    const list = hops.map((hop, index) => {
      const from = index === 0 ? root.end : (hops[index - 1] as P).end;
      const mine = own[index] as ReadonlySet<string>;
      const says = [...saidOn(hop)].some((stem) => mine.has(stem));
      return { key: `${index}:${from}`, says };
    });
    for (const { key, says } of list) if (says) saying.add(key);
    read.set(path, list);
  }
  for (const [path, list] of read) {
    let factor = 1;
    for (const [index, { key, says }] of list.entries())
      if (!says && saying.has(key) && (index === 0 || !passedOver.firstOnly))
        factor *= index === list.length - 1 ? passedOver.last : passedOver.passedOver;
    if (factor !== 1) factors.set(path, factor);
  }
  return factors;
}
