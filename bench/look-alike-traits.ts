/**
 * What a complete true chain has that the look-alike outranking it lacks, over the tuning families only (it
 * imports bench/tuning-makers.ts, which holds no held-out split). Nineteenth round (docs/memory-rounds.md): the
 * eighteenth round's bench/reached-bridge-ranks.ts found most two-hop misses walked to the answer and outranked
 * by a path whose relations are typed as the question asks where the true chain's are untyped. For every miss
 * whose chain is walked to the answer and whose walk's top note is another's, this bench compares the best
 * chain path with the best path of the walk's top note (the rival) trait by trait, and counts per trait how often
 * the chain has it and the rival does not, the rival has it and the chain does not, and both:
 *
 * Twentieth round: also where the two paths first differ and which of the two hops there the walk weighs more
 * (`first difference at …`), which step precedence (src/memory/graph/step-precedence.ts) reads.
 *
 *   node bench/look-alike-traits.ts [families] [seeds] [--examples=trait]
 */
import { createOfflineEmbedder } from '../src/memory/embedding/offline-embedder.ts';
import type { WalkedPath } from '../src/memory/graph/graph-walk.ts';
import { hopSteps } from '../src/memory/graph/hop-guidance.ts';
import { questionStems, stemsSaid } from '../src/memory/graph/question-terms.ts';
import { relationTypesIn, typeOfLabel } from '../src/memory/graph/relation-types.ts';
import { openMemoryContext } from '../src/memory/memory-context.ts';
import { startPgliteDatabase } from '../test/memory/helpers/databases.ts';
import { missedAnswer, storeFamily, tracedWalk } from './stored-family.ts';
import { tuningMaker, tuningMakers } from './tuning-makers.ts';

const positional = process.argv.slice(2).filter((argument) => !argument.startsWith('--'));
const families = (positional[0] ?? Object.keys(tuningMakers).join(',')).split(',');
const seeds = (positional[1] ?? '1,2,3').split(',').map(Number);
const examplesOf = process.argv.find((argument) => argument.startsWith('--examples='))?.split('=')[1];

/** A path's hops from the first: the entity left, the entity reached, the note. */
function hopsOf(path: WalkedPath): { from: number; to: number; memoryId: number }[] {
  const hops: { from: number; to: number; memoryId: number }[] = [];
  for (let at: WalkedPath | undefined = path; at?.parent !== undefined; at = at.parent)
    hops.unshift({ from: at.parent.end, to: at.end, memoryId: at.memoryId });
  return hops;
}
function seedOf(path: WalkedPath): WalkedPath {
  let at = path;
  while (at.parent !== undefined) at = at.parent;
  return at;
}

const database = await startPgliteDatabase({ vector: true });
const context = await openMemoryContext(database.pool, createOfflineEmbedder());
const counts = new Map<string, number>();
const add = (key: string, by = 1) => counts.set(key, (counts.get(key) ?? 0) + by);
try {
  for (const family of families)
    for (const seed of seeds) {
      const set = tuningMaker(family)(seed);
      const companyId = `${family}-${seed}`;
      const { idOf, contentOf } = await storeFamily(context, companyId, set, 'look-alike');
      // Relation labels by (memory, entity pair), both directions; mentions per entity (how many notes name it).
      const labels = new Map<string, string[]>();
      const { rows } = await database.pool.query<{
        memory_id: string;
        source_id: string;
        target_id: string;
        relation: string;
      }>('SELECT memory_id, source_id, target_id, relation FROM memory_relations WHERE company_id = $1', [companyId]);
      for (const row of rows)
        for (const key of [
          `${row.memory_id}:${row.source_id}:${row.target_id}`,
          `${row.memory_id}:${row.target_id}:${row.source_id}`,
        ])
          labels.set(key, [...(labels.get(key) ?? []), row.relation]);
      const degree = new Map<number, number>();
      const mentioned = await database.pool.query<{ entity_id: string; n: string }>(
        `SELECT mm.entity_id, count(*) AS n FROM memory_mentions mm JOIN memories m ON m.id = mm.memory_id
          WHERE m.company_id = $1 GROUP BY mm.entity_id`,
        [companyId],
      );
      for (const row of mentioned.rows) degree.set(Number(row.entity_id), Number(row.n));
      const entityMemo = new Map<number, Set<number>>();
      const mentionsOf = async (memoryId: number) => {
        let found = entityMemo.get(memoryId);
        if (found === undefined) {
          const read = await database.pool.query<{ entity_id: string }>(
            'SELECT entity_id FROM memory_mentions WHERE memory_id = $1',
            [memoryId],
          );
          entityMemo.set(memoryId, (found = new Set(read.rows.map((row) => Number(row.entity_id)))));
        }
        return found;
      };
      for (const question of set.questions) {
        const depth = `${question.hops}-hop`;
        const missed = await missedAnswer(context, companyId, question, idOf);
        if (missed === undefined) continue;
        const { chain, answer } = missed;
        const { linked, names, read, ranked, credited } = await tracedWalk(database.pool, companyId, question.question);
        const top = ranked[0]?.[0];
        const onChain = (path: WalkedPath) => {
          const notes: number[] = [];
          for (const hop of hopsOf(path)) if (notes.at(-1) !== hop.memoryId) notes.push(hop.memoryId);
          return notes.length === chain.length && notes.every((note, index) => chain[index] === note);
        };
        const chainPath = credited
          .filter(({ path }) => path.memoryId === answer && onChain(path))
          .sort((left, right) => right.credit - left.credit)[0];
        if (chainPath === undefined || top === undefined || top === answer) continue;
        const rival = credited.filter(({ path }) => path.memoryId === top).sort((l, r) => r.credit - l.credit)[0];
        if (rival === undefined) continue;
        add(`${depth} cases`);
        const stems = questionStems(question.question, names);
        const stepTypes = (read?.clauses ?? []).map((clause) => relationTypesIn(clause));
        const askedTypes = relationTypesIn(question.question);
        const traits = async (entry: { path: WalkedPath; fit: number }) => {
          const hops = hopsOf(entry.path);
          const own = hopSteps(read?.relations ?? [], hops.length);
          const ownTypes = hopSteps(
            stepTypes.map((types) => new Set<string>(types)),
            hops.length,
          );
          const out = new Set<string>();
          const typesOfHop = hops.map((hop) =>
            (labels.get(`${hop.memoryId}:${hop.from}:${hop.to}`) ?? []).map((label) => ({
              label,
              type: typeOfLabel(label),
            })),
          );
          for (const [index, hop] of hops.entries()) {
            const text = contentOf.get(hop.memoryId) ?? '';
            const said = stemsSaid(text, stems);
            const mine = own[index] ?? new Set();
            const matched = [...said].some((stem) => mine.has(stem));
            const label = typesOfHop[index] ?? [];
            const typed = label.map(({ type }) => type).filter((type) => type !== undefined);
            const place = index === hops.length - 1 ? 'last' : `hop ${index + 1}`;
            if (matched) out.add(`${place} note says its own step's stems`);
            if (!matched && said.size > 0) out.add(`${place} note says only other steps' stems`);
            if (said.size === 0) out.add(`${place} note says no stem`);
            if (typed.some((type) => askedTypes.has(type))) out.add(`${place} typed as asked`);
            if (typed.some((type) => (ownTypes[index] ?? new Set()).has(type)))
              out.add(`${place} typed as its own step asks`);
            if (typed.some((type) => askedTypes.has(type) && !(ownTypes[index] ?? new Set()).has(type)))
              out.add(`${place} typed as another step asks (misplaced type)`);
            if (label.every(({ label: text }) => text === 'related to')) out.add(`${place} co-occurrence only`);
            if (typed.length === 0 && !label.every(({ label: text }) => text === 'related to'))
              out.add(`${place} untyped words`);
            if (index > 0 && hops[index - 1]?.memoryId === hop.memoryId) out.add('two hops on one note');
            if (index > 0 && hops.slice(0, index - 1).some((earlier) => earlier.memoryId === hop.memoryId))
              out.add('a note reused non-adjacently');
          }
          const first = hops[0];
          if (first !== undefined) {
            const best = Math.max(...linked.map((s) => s.weight));
            const start = linked.find((s) => s.entityId === first.from);
            if (start !== undefined && start.weight >= best - 1e-9) out.add('starts at the strongest seed');
            if (start?.name !== undefined) out.add('starts at a named (spelt) seed');
          }
          const end = entry.path.end;
          if (linked.some((s) => s.entityId === end)) out.add('ends at a question seed');
          if (entry.fit < 1) out.add('end fails the answer check');
          const last = hops.at(-1);
          if (last !== undefined) {
            const mentions = await mentionsOf(last.memoryId);
            if (linked.some((s) => mentions.has(s.entityId))) out.add('answer note mentions a question seed');
            if (mentions.has(seedOf(entry.path).end)) out.add("answer note mentions the path's own seed");
            if ((degree.get(last.from) ?? 0) >= 10) out.add('last bridge is a hub (10+ notes)');
            if ((degree.get(end) ?? 0) >= 10) out.add('end is a hub (10+ notes)');
            if ((degree.get(end) ?? 0) <= 2) out.add('end is rare (<= 2 notes)');
          }
          out.add(`${hops.length} hops`);
          if (hops.length === (read?.relations.length ?? 0)) out.add('as long as the chain read');
          return out;
        };
        const mine = await traits(chainPath);
        const theirs = await traits(rival);
        if (rival.path.end === chainPath.path.end) add(`${depth} rival ends at the chain's answer entity`);
        if (seedOf(rival.path).end === seedOf(chainPath.path).end) add(`${depth} rival starts at the chain's seed`);
        if (hopsOf(rival.path)[0]?.memoryId === chain[0]) add(`${depth} rival shares the chain's first note`);
        // Twentieth round: where the chain path and its rival first differ, and which hop the walk weighs more there
        // (the edge weight times relevance the hop added to its path's log weight).
        const nodes = (path: WalkedPath) => {
          const out: WalkedPath[] = [];
          for (let at: WalkedPath | undefined = path; at?.parent !== undefined; at = at.parent) out.unshift(at);
          return out;
        };
        const ours = nodes(chainPath.path);
        const rivals = nodes(rival.path);
        let split = 0;
        while (
          split < Math.min(ours.length, rivals.length) - 1 &&
          ours[split]?.memoryId === rivals[split]?.memoryId &&
          ours[split]?.end === rivals[split]?.end
        )
          split++;
        const weighs = (hop: WalkedPath) => hop.logWeight - (hop.parent?.logWeight ?? 0);
        const [mineWeighs, theirsWeighs] = [weighs(ours[split] as WalkedPath), weighs(rivals[split] as WalkedPath)];
        const at = split === ours.length - 1 || split === rivals.length - 1 ? 'the last hop' : `hop ${split + 1}`;
        const heavier =
          Math.abs(mineWeighs - theirsWeighs) < 1e-6
            ? 'equal'
            : mineWeighs > theirsWeighs
              ? 'chain heavier'
              : 'rival heavier';
        add(`${depth} first difference at ${at} :: ${heavier}`);
        for (const trait of new Set([...mine, ...theirs])) {
          const which = mine.has(trait) ? (theirs.has(trait) ? 'both' : 'chain only') : 'rival only';
          add(`${depth} ${trait} :: ${which}`);
          if (examplesOf !== undefined && trait.includes(examplesOf) && which !== 'both') {
            console.log(`\n[${family} ${seed}] ${depth} ${trait} (${which}): ${question.question}`);
            for (const [name, entry] of [
              ['chain', chainPath],
              ['rival', rival],
            ] as const)
              for (const hop of hopsOf(entry.path))
                console.log(
                  `   ${name} ${(labels.get(`${hop.memoryId}:${hop.from}:${hop.to}`) ?? []).join('/')}: ${contentOf.get(hop.memoryId)}`,
                );
          }
        }
      }
    }
  const rows = [...counts.entries()].sort((left, right) => left[0].localeCompare(right[0]));
  for (const [key, n] of rows) console.log(`${key}: ${n}`);
} finally {
  await database.stop();
}
