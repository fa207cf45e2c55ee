import { describe, expect, it } from 'vitest';
import type { AgentStepInput, TranscriptEntry } from '../../src/domain/agent-action.ts';
import { AgentAction } from '../../src/domain/agent-action-schema.ts';
import { offlineDecide } from '../../src/llm/offline-model.ts';
import { combineCompactions } from '../../src/memory/agent-tools.ts';
import { countTranscriptKind, formatCompactedEntry, parseCompactedEntry } from '../../src/memory/compaction-entry.ts';
import { decayedReinforcement, memoryValue } from '../../src/memory/decay.ts';
import { cosine } from '../../src/memory/embedding/embedder.ts';
import { embedOffline } from '../../src/memory/embedding/offline-embedder.ts';
import { sketchOf } from '../../src/memory/embedding/sketch.ts';
import { labelPropagation } from '../../src/memory/graph/communities.ts';
import { normalizeEntityName } from '../../src/memory/graph/extraction.ts';
import { extractGraphOffline } from '../../src/memory/graph/offline-extractor.ts';
import { relationTypesIn, typeOfLabel } from '../../src/memory/graph/relation-types.ts';
import { candidateNames } from '../../src/memory/graph/graph-store.ts';
import { offlineSummary } from '../../src/memory/language.ts';
import { defaultRecallWeights, reinforcementSignal, score } from '../../src/memory/recall-weights.ts';

describe('offline embedder and sketches', () => {
  it('is deterministic, unit length, and closer for texts that share words', () => {
    const a = embedOffline('The staging cluster restarts on Sunday');
    expect(embedOffline('The staging cluster restarts on Sunday')).toEqual(a);
    expect(cosine(a, a)).toBeCloseTo(1, 5);
    const near = cosine(a, embedOffline('staging cluster restart schedule'));
    const far = cosine(a, embedOffline('quarterly invoice totals from billing'));
    expect(near).toBeGreaterThan(far + 0.2);
  });

  it('sketches estimate the angle: similar vectors differ in fewer bits', () => {
    const bits = (left: string, right: string) => [...left].filter((bit, index) => bit !== right[index]).length;
    const a = sketchOf(embedOffline('deploy the payment service on Friday'));
    expect(a).toMatch(/^[01]{256}$/);
    const near = bits(a, sketchOf(embedOffline('deploy the payment service on Fridays')));
    const far = bits(a, sketchOf(embedOffline('the cat sat on the warm mat')));
    expect(near).toBeLessThan(far);
  });
});

describe('offline graph extraction', () => {
  it('finds names and relates neighbours by the words between them', () => {
    expect(
      extractGraphOffline('Project Falcon depends on the Zephyr Database. The Zephyr Database is hosted in Oslo.'),
    ).toEqual({
      entities: [
        { name: 'Project Falcon', kind: 'project' },
        { name: 'Zephyr Database', kind: 'system' },
        { name: 'Oslo', kind: 'thing' },
      ],
      relations: [
        { source: 'Project Falcon', relation: 'depends on', target: 'Zephyr Database' },
        { source: 'Zephyr Database', relation: 'located in', target: 'Oslo' },
      ],
    });
    expect(extractGraphOffline('we shipped nothing today.').entities).toEqual([]);
  });

  it('types relations the sentence states, with dates, pronouns and passive wording', () => {
    const relations = (text: string) => extractGraphOffline(text).relations;
    // A passive clause and an inverse verb turn the relation round to read as its type says.
    expect(relations('Project Amber Heron is headed by Alice Moreau, who reports to Bruno Stone.')).toEqual([
      { source: 'Alice Moreau', relation: 'leads', target: 'Project Amber Heron' },
      { source: 'Alice Moreau', relation: 'reports to', target: 'Bruno Stone' },
    ]);
    expect(relations('Bruno Stone manages Alice Moreau. Acme Logistics supplies Project Kite.')).toEqual([
      { source: 'Alice Moreau', relation: 'reports to', target: 'Bruno Stone' },
      { source: 'Project Kite', relation: 'uses', target: 'Acme Logistics' },
    ]);
    expect(relations('Project Kite is contracted to Acme Logistics for freight.')).toEqual([
      { source: 'Project Kite', relation: 'uses', target: 'Acme Logistics' },
    ]);
    // The pronoun speaks of the previous sentence's first name; the date is one entity.
    expect(relations('Acme Logistics supplies pallets. Its contract renews on 14 March 2027.')).toEqual([
      { source: 'Acme Logistics', relation: 'renews on', target: '14 March 2027' },
    ]);
    expect(relations('Renewal: Brightline Couriers is up for renewal on March 3, 2027.')).toContainEqual({
      source: 'Brightline Couriers',
      relation: 'renews on',
      target: 'March 3, 2027',
    });
  });

  it('keeps chance meetings, questions and nouns far from a verb untyped', () => {
    const relations = (text: string) => extractGraphOffline(text).relations.map((relation) => relation.relation);
    expect(relations('Alice Moreau had lunch with Acme Logistics staff.')).toEqual(['had lunch with']);
    expect(relations('Dora Weber asked who owns Atlas Service now.')).toEqual(['asked who owns']);
    expect(relations('Acme Logistics sent its account manager to the Oslo Office.')).not.toContain('reports to');
  });
});

describe('relation types', () => {
  it('reads the relation chain a question asks for, including paraphrases', () => {
    expect(
      [...relationTypesIn('When does the vendor used by the project that Alice Moreau leads renew?')].sort(),
    ).toEqual(['leads', 'renews on', 'uses']);
    expect(
      [...relationTypesIn("What is the renewal date of the supplier for Bo Li's initiative, headed by her?")].sort(),
    ).toEqual(['leads', 'renews on', 'uses']);
    expect(relationTypesIn('lunch menu for Friday').size).toBe(0);
    expect(typeOfLabel('is contracted to')).toBe('uses');
    expect(typeOfLabel('renews on')).toBe('renews on');
    expect(typeOfLabel('had lunch with')).toBeUndefined();
  });
});

describe('entity names and communities', () => {
  it('normalises names so case, punctuation and articles do not split entities', () => {
    expect(normalizeEntityName('The  Zephyr-Database')).toBe('zephyr database');
    expect(candidateNames('Where does Alice Moreau work?')).toEqual(
      expect.arrayContaining(['alice moreau', 'alice', 'where does alice moreau']),
    );
    expect(candidateNames('Where does Alice Moreau work?')).not.toContain('where does alice moreau work');
  });

  it('tries a name that normalisation splits at an accent, as it was stored', () => {
    const stored = normalizeEntityName('Candlelight Soirée No. 2');
    expect(stored.split(' ')).toHaveLength(5);
    expect(candidateNames('Who plays at the Candlelight Soirée No. 2?')).toContain(stored);
  });

  it('label propagation groups connected entities and is deterministic', () => {
    const edges = [
      { source: 1, target: 2, weight: 1 },
      { source: 2, target: 3, weight: 1 },
      { source: 10, target: 11, weight: 2 },
    ];
    const labels = labelPropagation(edges);
    expect(labels.get(1)).toBe(labels.get(3));
    expect(labels.get(10)).toBe(labels.get(11));
    expect(labels.get(1)).not.toBe(labels.get(10));
    expect(labelPropagation(edges)).toEqual(labels);
  });
});

describe('scoring, decay and summaries', () => {
  it('weights reinforcement around a neutral 0.5 and decays it with a half-life', () => {
    expect(reinforcementSignal(0)).toBe(0.5);
    expect(reinforcementSignal(2)).toBeGreaterThan(0.9);
    expect(reinforcementSignal(-2)).toBeLessThan(0.1);
    expect(decayedReinforcement(1, 14 * 86_400_000)).toBeCloseTo(0.5, 6);
    const base = { vector: 0.5, text: 0.5, graph: 0, recency: 1, importance: 0.5, reinforcement: 0.5 };
    expect(score({ ...base, reinforcement: 0.9 })).toBeGreaterThan(score(base));
    expect(score({ ...base, graph: 1 }) - score(base)).toBeCloseTo(defaultRecallWeights.graph, 6);
    expect(memoryValue(0.5, 0, 0)).toBeCloseTo(0.5);
    expect(memoryValue(0.5, 0, 120 * 86_400_000)).toBeCloseTo(0.125);
    expect(memoryValue(0.9, -2, 0)).toBeLessThan(0.5);
  });

  it('offline summaries are labelled, extractive and bounded', () => {
    const text = offlineSummary(['First fact. More detail.', 'First fact. Again.', 'Second fact!'], 200);
    expect(text).toBe('[offline summary] First fact. | Second fact!');
    expect(
      offlineSummary(
        Array.from({ length: 50 }, (_, index) => `Fact number ${index}.`),
        80,
      ).length,
    ).toBeLessThanOrEqual(80);
  });
});

describe('compaction entries', () => {
  it('round-trips summary, counts and pointers, and counting sees through them', () => {
    const entry: TranscriptEntry = {
      kind: 'compacted',
      text: formatCompactedEntry({
        summary: 'did things',
        counts: { recall: 3, remembered: 1 },
        pointers: [7, 8, 9, 10],
      }),
    };
    expect(parseCompactedEntry(entry.text)).toEqual({
      summary: 'did things',
      counts: { recall: 3, remembered: 1 },
      pointers: [7, 8, 9, 10],
    });
    expect(countTranscriptKind([entry, { kind: 'recall', text: 'x' }], 'recall')).toBe(4);
  });

  it('combines an automatic and an agent compaction into one relative to the workflow transcript', () => {
    const entry = (text: string): TranscriptEntry => ({ kind: 'compacted', text });
    const first = { replaced: 10, entry: entry('a'), pointers: [1], tokensBefore: 7000, tokensAfter: 900 };
    const second = { replaced: 3, entry: entry('b'), pointers: [2], tokensBefore: 900, tokensAfter: 300 };
    expect(combineCompactions(first, second)).toEqual({
      replaced: 12,
      entry: entry('b'),
      pointers: [1, 2],
      tokensBefore: 7000,
      tokensAfter: 300,
    });
    expect(combineCompactions(undefined, second)).toBe(second);
  });
});

describe('memory actions of the offline model', () => {
  const input = (title: string, transcript: TranscriptEntry[]): AgentStepInput => ({
    companyId: 'acme',
    workflowId: 'company:acme:task:t1',
    step: 1,
    mode: 'work',
    agent: { id: 'dev', name: 'D', role: 'Engineer', seniority: 'mid', department: 'eng', model: 'offline' },
    transcript,
    task: {
      id: 't1',
      title,
      description: '',
      acceptanceCriteria: '',
      depth: 1,
      maxSubtasks: 0,
      delegates: [],
      subtaskAssignees: [],
      teamRoles: {},
      revision: 0,
    },
  });
  const recall = (text: string): TranscriptEntry => ({ kind: 'recall', text });

  it('compacts a long transcript, then carries on counting the steps folded into it', () => {
    const long = Array.from({ length: 10 }, () => recall('x'.repeat(1_500)));
    expect(offlineDecide(input('audit [steps=20]', long))).toMatchObject({ type: 'compact_context', keep: 2 });
    const compacted: TranscriptEntry = {
      kind: 'compacted',
      text: formatCompactedEntry({ summary: 's', counts: { recall: 19 }, pointers: [1] }),
    };
    expect(offlineDecide(input('audit [steps=20]', [compacted]))).toMatchObject({ type: 'answer' });
    expect(offlineDecide(input('audit [steps=21]', [compacted]))).toMatchObject({ type: 'recall' });
  });

  it('follows the [forget] and [graph=…] hints once, and every action parses', () => {
    const recalled = [recall('- [memory:42] (company, semantic) an outdated fact')];
    const forget = offlineDecide(input('tidy up [forget]', recalled));
    expect(forget).toEqual({ type: 'forget', ids: [42], reason: 'outdated for "tidy up [forget]"' });
    const after = [...recalled, { kind: 'forgotten' as const, text: 'forgot memory:42' }];
    expect(offlineDecide(input('tidy up [forget]', after)).type).not.toBe('forget');
    const graph = offlineDecide(input('who owns it [graph=Atlas Service]', recalled));
    expect(graph).toEqual({ type: 'graph_query', entity: 'Atlas Service', question: '', hops: 2 });
    // A company-wide query asks the task's title as its global question (community summaries).
    const global = offlineDecide(input('main vendor risks [graph]', recalled));
    expect(global).toEqual({ type: 'graph_query', entity: '', question: 'main vendor risks [graph]', hops: 2 });
    for (const action of [forget, graph, global]) expect(AgentAction.parse(action)).toEqual(action);
    expect(AgentAction.safeParse({ type: 'forget', ids: [] }).success).toBe(false);
  });
});
