/**
 * Why the relation walk never reaches a chain's bridge, question by question, over the tuning families only
 * (it imports bench/tuning-makers.ts, which holds no held-out split). Seventeenth round (docs/memory-rounds.md): the
 * answer-hop diagnosis (bench/answer-hop-failures.ts) counts `bridge not reached` (the last bridge note has no
 * graph signal), `answer not walked` (it has one, the answer note none) and `not linked`; this bench takes
 * those misses and follows the chain hop by hop through what the extractor stored, naming the first hop
 * that breaks:
 *
 * - `not linked`: no entity the question links is mentioned by the chain's first note;
 * - `bridge not shared`: two consecutive chain notes mention no entity in common, beyond those already
 *   reached — the bridge was not extracted from one of them or was extracted under another name;
 *   `(short form)` where a capitalised word of an entity of the first note is in the second note's text,
 *   `(unnamed)` where none is (a pronoun, "the team", a description);
 * - `no edge`: the notes share the bridge, but the note stores no relation path from the entity reached to
 *   it — `(same sentence)` where a sentence of the note names both, `(other sentences)` where none does;
 * - `walk prunes`: every hop has a relation path in its note; the walk has the edges and drops them —
 *   `(too long)` where the path needs more relations than the walk's bound (question-hops.ts walkSteps),
 *   `(hub)` where an entity on it has more relations in a direction than the walk reads per entity (12),
 *   `(scored out)` otherwise (beam, chain rule, guidance).
 *
 * `in note` marks a hop whose relation path inside its note is two relations or more (an entity between).
 *
 *   node bench/bridge-reach-failures.ts [families] [seeds] [--examples=sub-class]
 */
import { createOfflineEmbedder } from '../src/memory/embedding/offline-embedder.ts';
import { normalizeEntityName } from '../src/memory/graph/extraction.ts';
import { linkQueryEntities, pathWeights } from '../src/memory/graph/graph-walk.ts';
import { extractGraphOffline } from '../src/memory/graph/offline-extractor.ts';
import { splitSentences } from '../src/memory/graph/sentence-split.ts';
import { questionChain } from '../src/memory/graph/question-chain.ts';
import { walkSteps } from '../src/memory/graph/question-hops.ts';
import { recall } from '../src/memory/hybrid-recall.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { startPgliteDatabase } from '../test/memory/helpers/databases.ts';
import { graphOnly, missedAnswer, storeFamily } from './stored-family.ts';
import { tuningMaker, tuningMakers } from './tuning-makers.ts';

const positional = process.argv.slice(2).filter((argument) => !argument.startsWith('--'));
const families = (positional[0] ?? Object.keys(tuningMakers).join(',')).split(',');
const seeds = (positional[1] ?? '1,2,3').split(',').map(Number);
const examplesOf = process.argv.find((argument) => argument.startsWith('--examples='))?.slice(11);
const examplesMax = Number(process.argv.find((argument) => argument.startsWith('--max='))?.slice(6) ?? 40);
/** The walk reads this many relations per entity and direction of any type (graph-walk.ts anyEdgesPerEntity). */
const edgesRead = 12;

interface Relation {
  source: number;
  target: number;
  relation: string;
  memory: number;
}

/** Shortest relation path (undirected) inside one memory's relations from `from` to any of `to`. */
function distance(relations: readonly Relation[], from: ReadonlySet<number>, to: ReadonlySet<number>) {
  let frontier = new Set(from);
  const seen = new Set(from);
  for (let steps = 0; frontier.size > 0 && steps < 6; steps++) {
    const reached = [...frontier].filter((id) => to.has(id));
    if (reached.length > 0) return { steps, reached: new Set(reached), via: seen };
    const next = new Set<number>();
    for (const edge of relations)
      for (const [near, far] of [
        [edge.source, edge.target],
        [edge.target, edge.source],
      ] as const)
        if (frontier.has(near) && !seen.has(far)) {
          seen.add(far);
          next.add(far);
        }
    frontier = next;
  }
  return undefined;
}

const database = await startPgliteDatabase({ vector: true });
const context = await openMemoryContext(database.pool, createOfflineEmbedder());
const counts = new Map<string, number>();
const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
let shown = 0;
try {
  for (const family of families)
    for (const seed of seeds) {
      const set = tuningMaker(family)(seed);
      const companyId = `${family}-${seed}`;
      const { idOf, contentOf, mentions } = await storeFamily(context, companyId, set, 'bridge-reach');
      const names = new Map(
        (
          await database.pool.query<{ id: string; name: string }>(
            'SELECT id, name FROM memory_entities WHERE company_id = $1',
            [companyId],
          )
        ).rows.map((row) => [Number(row.id), row.name]),
      );
      const relations = (
        await database.pool.query<{ source_id: string; target_id: string; relation: string; memory_id: string }>(
          'SELECT source_id, target_id, relation, memory_id FROM memory_relations WHERE company_id = $1 ORDER BY id',
          [companyId],
        )
      ).rows.map((row) => ({
        source: Number(row.source_id),
        target: Number(row.target_id),
        relation: row.relation,
        memory: Number(row.memory_id),
      }));
      const ofMemory = new Map<number, Relation[]>();
      for (const relation of relations)
        ofMemory.set(relation.memory, [...(ofMemory.get(relation.memory) ?? []), relation]);
      const degree = new Map<string, number>();
      for (const relation of relations) {
        degree.set(`${relation.source}>`, (degree.get(`${relation.source}>`) ?? 0) + 1);
        degree.set(`${relation.target}<`, (degree.get(`${relation.target}<`) ?? 0) + 1);
      }
      for (const question of set.questions) {
        const depth = `${question.hops}-hop`;
        const missed = await missedAnswer(context, companyId, question, idOf);
        if (missed === undefined) continue;
        const { chain, answer, bridgeNote, base, graph } = missed;
        // The answer-hop diagnosis reads graph signals from the top 50 only: a weak signal below rank 50 reads as none
        // (pinned by id, the two notes' signals are read from the walk's best 100, hybrid-recall.ts).
        const everyGraph = new Map(
          (await recall(context, { ...base, ids: [bridgeNote, answer], weights: graphOnly })).memories.map((m) => [
            m.id,
            m.signals.graph,
          ]),
        );
        const weak = (memoryId: number) => ((everyGraph.get(memoryId) ?? 0) > 0 ? ' [weak signal]' : '');
        const linked = await linkQueryEntities(database.pool, companyId, question.question);
        // The answer-hop diagnosis's classes this bench takes (bench/answer-hop-failures.ts, same order).
        const first = mentions.get(chain[0] as number) ?? new Set<number>();
        const shared = [...(mentions.get(bridgeNote) ?? [])].filter((id) => mentions.get(answer)?.has(id));
        const isLinked = linked.some((seed) => first.has(seed.entityId));
        const bridgeSignal = (graph.get(bridgeNote) ?? 0) > 0;
        const upper = !isLinked
          ? 'not linked'
          : shared.length === 0
            ? 'no shared bridge'
            : !bridgeSignal
              ? 'bridge not reached'
              : (graph.get(answer) ?? 0) > 0
                ? undefined
                : 'answer not walked';
        if (upper === undefined) continue;
        // Follow the chain hop by hop through the stored relations.
        let reached = new Set(linked.map((seed) => seed.entityId).filter((id) => first.has(id)));
        let cause: string | undefined = isLinked ? undefined : 'not linked';
        let needed = 0;
        let inNote = false;
        let hub = false;
        let bare = false;
        let brokenAt = 0;
        for (let hop = 0; cause === undefined && hop < chain.length; hop++) {
          const note = chain[hop] as number;
          const nextNote = chain[hop + 1];
          const targets =
            nextNote === undefined
              ? new Set([...(mentions.get(note) ?? [])].filter((id) => !reached.has(id)))
              : new Set(
                  [...(mentions.get(note) ?? [])].filter((id) => mentions.get(nextNote)?.has(id) && !reached.has(id)),
                );
          brokenAt = hop;
          if (targets.size === 0) {
            const text = contentOf.get(nextNote ?? note) ?? '';
            const words = [...(mentions.get(note) ?? [])]
              .filter((id) => !reached.has(id))
              .flatMap((id) => (names.get(id) ?? '').split(' '))
              .filter((word) => /^\p{Lu}\p{Ll}{3,}/u.test(word));
            cause = `bridge not shared (${words.some((word) => text.includes(word)) ? 'short form' : 'unnamed'})`;
            break;
          }
          const path = distance(ofMemory.get(note) ?? [], reached, targets);
          if (path === undefined) {
            const sentences = splitSentences(contentOf.get(note) ?? '').map((s) => normalizeEntityName(s));
            const said = (id: number) => (s: string) =>
              ` ${s} `.includes(` ${normalizeEntityName(names.get(id) ?? '')} `);
            const together = sentences.some(
              (s) => [...reached].some((id) => said(id)(s)) && [...targets].some((id) => said(id)(s)),
            );
            cause = `no edge (${together ? 'same sentence' : 'other sentences'})`;
            break;
          }
          needed += path.steps;
          // A hop whose note relates the two ends only as bare co-occurrence ("related to": too many words between).
          const direct = (ofMemory.get(note) ?? []).filter(
            (edge) =>
              (reached.has(edge.source) && path.reached.has(edge.target)) ||
              (reached.has(edge.target) && path.reached.has(edge.source)),
          );
          if (direct.length > 0 && direct.every((edge) => edge.relation === 'related to')) bare = true;
          if (path.steps > 1) inNote = true;
          for (const id of path.via)
            if ((degree.get(`${id}>`) ?? 0) > edgesRead || (degree.get(`${id}<`) ?? 0) > edgesRead) hub = true;
          reached = path.reached;
        }
        if (cause === undefined) {
          const read = questionChain(
            question.question,
            linked.flatMap((s) => (s.name === undefined ? [] : [s.name])),
          );
          const bound = walkSteps(4, read ? read.relations.length - 1 : undefined);
          // Would a wider beam keep it? (pathWeights.beamWidth, read per recall; restored at once.)
          const beamWidth = pathWeights.beamWidth;
          pathWeights.beamWidth = 4096;
          const wide = (await recall(context, { ...base, ids: [bridgeNote], weights: graphOnly })).memories;
          pathWeights.beamWidth = beamWidth;
          const kept =
            (wide.find((memory) => memory.id === bridgeNote)?.signals.graph ?? 0) > 0 && weak(bridgeNote) === '';
          const missed = upper === 'answer not walked' ? answer : bridgeNote;
          const why = needed > bound ? 'too long' : kept ? 'beam' : hub ? 'hub' : 'scored out';
          cause =
            weak(missed) === ''
              ? `walk prunes (${why}${bare ? ', bare edge' : ''})`
              : `walked, credit below rank 50${bare ? ' (bare edge)' : ''}`;
        }
        const key = `${upper}: ${cause}${inNote ? ', in note' : ''}`;
        add(`all ${depth} ${key}`);
        add(`${family} ${depth} ${key}`);
        add(`all ${depth} ${upper}`);
        if (examplesOf !== undefined && key.includes(examplesOf) && shown < examplesMax) {
          shown++;
          console.log(`\n[${family} ${seed}] ${depth} ${key} (hop ${brokenAt}): ${question.question}`);
          console.log(`   linked: ${linked.map((s) => names.get(s.entityId)).join(', ')}`);
          for (const memoryId of chain) {
            const text = contentOf.get(memoryId) ?? '';
            const extracted = extractGraphOffline(text);
            console.log(`   - g=${(graph.get(memoryId) ?? 0).toFixed(2)} ${text}`);
            console.log(`       entities: ${extracted.entities.map((e) => e.name).join(' | ')}`);
            console.log(
              `       relations: ${extracted.relations.map((r) => `${r.source} -${r.relation}-> ${r.target}`).join(' ; ')}`,
            );
          }
        }
      }
    }
  for (const scope of ['all', ...families])
    for (const depth of ['2-hop', '3-hop']) {
      const rows = [...counts.entries()]
        .filter(([key]) => key.startsWith(`${scope} ${depth} `))
        .sort((left, right) => right[1] - left[1]);
      if (rows.length === 0) continue;
      console.log(
        `${scope} ${depth}: ${rows.map(([key, n]) => `${key.slice(scope.length + depth.length + 2)} ${n}`).join(' | ')}`,
      );
    }
} finally {
  await database.stop();
}
