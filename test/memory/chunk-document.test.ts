import { describe, expect, it } from 'vitest';
import { chunkDocument, hardLimit, targetChunkChars } from '../../src/memory/import/chunk-document.ts';

describe('chunking documents for import', () => {
  it('splits Markdown on headings and keeps the heading path as the section', () => {
    const chunks = chunkDocument(
      'Intro line.\n\n# Guide\n\nA.\n\n## Setup\n\nB.\n\n### Linux\n\nC.\n\n## Usage\n\nD.\n',
      'markdown',
    );
    expect(chunks.map((chunk) => [chunk.section, chunk.content])).toEqual([
      ['line 1', 'Intro line.'],
      ['Guide', '# Guide\n\nA.'],
      ['Guide › Setup', '## Setup\n\nB.'],
      ['Guide › Setup › Linux', '### Linux\n\nC.'],
      ['Guide › Usage', '## Usage\n\nD.'],
    ]);
    expect(chunks[2]).toMatchObject({ startLine: 9, endLine: 9 });
  });

  it('packs paragraphs up to the target size and never splits a code fence', () => {
    const paragraph = 'word '.repeat(100).trim();
    const text = `# Long\n\n${Array(10).fill(paragraph).join('\n\n')}\n\n\`\`\`\n# comment\n\nstill code\n\`\`\`\n`;
    const chunks = chunkDocument(text, 'markdown');
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks)
      expect(chunk.content.length).toBeLessThanOrEqual(targetChunkChars + paragraph.length + 20);
    expect(chunks.every((chunk) => chunk.section === 'Long')).toBe(true);
    expect(chunks.at(-1)?.content).toMatch(/```\n# comment\n\nstill code\n```$/);
  });

  it('cuts a paragraph longer than the hard limit at sentence ends', () => {
    const sentence = 'This sentence is about forty characters. ';
    const chunks = chunkDocument(sentence.repeat(400), 'text');
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) {
      expect(chunk.content.length).toBeLessThanOrEqual(hardLimit);
      expect(chunk.content.endsWith('.')).toBe(true);
    }
  });

  it('treats plain text as paragraphs with line ranges', () => {
    expect(chunkDocument('one\ntwo\n\n\nthree\n', 'text')).toEqual([
      { section: 'lines 1–5', content: 'one\ntwo\n\nthree', startLine: 1, endLine: 5 },
    ]);
  });
});
