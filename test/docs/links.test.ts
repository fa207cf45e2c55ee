import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  brokenLinks,
  documentationFiles,
  headingAnchors,
  headingSlug,
  relativeLinks,
} from '../helpers/markdown-links.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('documentation links resolve (README.md and docs/*.md)', () => {
  it('every relative link names a file that exists and every #anchor a heading in it', () => {
    const files = documentationFiles(root);
    expect(files).toContain('docs/memory.md');
    const broken = brokenLinks(root, files).map((link) => `${link.file}:${link.line} ${link.target} — ${link.reason}`);
    expect(broken).toEqual([]);
  });
});

describe("GitHub's heading anchors", () => {
  it('lower-cases, drops punctuation but - and _, and turns each space into -', () => {
    expect(headingSlug("Ninth round: a relation walk as long as the question's chain (issue 14)")).toBe(
      'ninth-round-a-relation-walk-as-long-as-the-questions-chain-issue-14',
    );
    expect(headingSlug('Recall speed at 100k memories (issue: p95 < 50 ms, HNSW recall@10 ≥ 0.95) — not reached')).toBe(
      'recall-speed-at-100k-memories-issue-p95--50-ms-hnsw-recall10--095--not-reached',
    );
    expect(headingSlug('The reservation in one round trip (`reserve_spend`, migration 022)')).toBe(
      'the-reservation-in-one-round-trip-reserve_spend-migration-022',
    );
    expect(headingSlug('Café supply, **bold** and [a link](x.md)')).toBe('café-supply-bold-and-a-link');
  });

  it('numbers a repeated heading -1, -2 and reads no heading inside a code block', () => {
    const text = ['# Notes', '## Tests', '```sh', '# not a heading', '```', '## Tests', '### Tests'].join('\n');
    expect([...headingAnchors(text)]).toEqual(['notes', 'tests', 'tests-1', 'tests-2']);
  });

  it('reads relative links outside code, not absolute URLs or links in code spans', () => {
    const text = [
      'See [the log](memory-rounds.md#sixth-round) and ![a chart](chart.png "title"),',
      '[a site](https://example.com), `[code](not-a-link.md)`.',
      '```',
      '[in a block](nor-this.md)',
      '```',
      '[same file](#notes)',
    ].join('\n');
    expect(relativeLinks('docs/x.md', text).map((link) => [link.line, link.target])).toEqual([
      [1, 'memory-rounds.md#sixth-round'],
      [1, 'chart.png'],
      [6, '#notes'],
    ]);
  });
});
