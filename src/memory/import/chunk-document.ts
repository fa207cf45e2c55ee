/**
 * Splits a document into memory-sized chunks along its own structure: Markdown on headings, then
 * on paragraphs; plain text on paragraphs. Pure, so the client can chunk before anything is sent
 * and tests can check the boundaries.
 */

export type DocumentFormat = 'markdown' | 'text';

export interface DocumentChunk {
  /** Where it is: the heading path ("Handbook › Expenses › Travel"), or "lines 12–30" for plain text. */
  section: string;
  /** The chunk, with its heading line for Markdown so the memory reads on its own. */
  content: string;
  startLine: number;
  endLine: number;
}

/** Chunks aim at this size; paragraphs are never cut unless one alone exceeds {@link hardLimit}. */
export const targetChunkChars = 1_500;
/** Below the memory content limit (8,000) with room for the heading line. */
export const hardLimit = 6_000;

interface Block {
  text: string;
  startLine: number;
  endLine: number;
}

interface Section {
  path: string[];
  heading: string | null;
  blocks: Block[];
}

const headingPattern = /^ {0,3}(#{1,6})[ \t]+(.+?)[ \t#]*$/;
const fencePattern = /^ {0,3}(```|~~~)/;

export function chunkDocument(text: string, format: DocumentFormat): DocumentChunk[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const sections =
    format === 'markdown'
      ? markdownSections(lines)
      : [{ path: [], heading: null, blocks: paragraphs(lines, 0, lines.length) }];
  return sections.flatMap((section) => packSection(section, format));
}

/** Sections at each heading; headings inside code fences are code, not structure. */
function markdownSections(lines: readonly string[]): Section[] {
  const sections: Section[] = [];
  const path: string[] = [];
  let start = 0;
  let current: { path: string[]; heading: string | null } = { path: [], heading: null };
  let fence: string | null = null;
  const close = (end: number) => sections.push({ ...current, blocks: paragraphs(lines, start, end) });
  lines.forEach((line, index) => {
    const fenceMatch = fencePattern.exec(line);
    if (fenceMatch) {
      if (fence === null) fence = fenceMatch[1]!;
      else if (fenceMatch[1] === fence) fence = null;
      return;
    }
    if (fence !== null) return;
    const heading = headingPattern.exec(line);
    if (!heading) return;
    close(index);
    const level = heading[1]!.length;
    path.length = Math.min(path.length, level - 1);
    while (path.length < level - 1) path.push('');
    path.push(heading[2]!.trim());
    current = { path: path.filter((part) => part !== ''), heading: line.trim() };
    start = index + 1;
  });
  close(lines.length);
  return sections.filter((section) => section.blocks.length > 0 || section.heading !== null);
}

/** Paragraphs (runs of non-blank lines) of lines[start, end); a code fence stays one paragraph. */
function paragraphs(lines: readonly string[], start: number, end: number): Block[] {
  const blocks: Block[] = [];
  let open: Block | null = null;
  let fence: string | null = null;
  for (let index = start; index < end; index++) {
    const line = lines[index]!;
    const fenceMatch = fencePattern.exec(line);
    if (fenceMatch) fence = fence === null ? fenceMatch[1]! : fenceMatch[1] === fence ? null : fence;
    if (line.trim() === '' && fence === null) {
      if (open) blocks.push(open);
      open = null;
      continue;
    }
    if (open) {
      open.text += `\n${line}`;
      open.endLine = index + 1;
    } else {
      open = { text: line, startLine: index + 1, endLine: index + 1 };
    }
  }
  if (open) blocks.push(open);
  return blocks.flatMap(splitOversized);
}

/** A paragraph longer than the hard limit is cut at sentence ends (or, failing that, at the limit). */
function splitOversized(block: Block): Block[] {
  if (block.text.length <= hardLimit) return [block];
  const pieces: Block[] = [];
  let rest = block.text;
  while (rest.length > hardLimit) {
    const window = rest.slice(0, hardLimit);
    const sentenceEnd = Math.max(window.lastIndexOf('. '), window.lastIndexOf('\n'));
    const cut = sentenceEnd > hardLimit / 2 ? sentenceEnd + 1 : hardLimit;
    pieces.push({ ...block, text: rest.slice(0, cut).trim() });
    rest = rest.slice(cut).trim();
  }
  if (rest !== '') pieces.push({ ...block, text: rest });
  return pieces;
}

/** Packs a section's paragraphs into chunks of about {@link targetChunkChars}. */
function packSection(section: Section, format: DocumentFormat): DocumentChunk[] {
  const chunks: DocumentChunk[] = [];
  let group: Block[] = [];
  const flush = () => {
    if (group.length === 0) return;
    const body = group.map((block) => block.text).join('\n\n');
    const startLine = group[0]!.startLine;
    const endLine = group[group.length - 1]!.endLine;
    chunks.push({
      section: sectionName(section, format, startLine, endLine),
      content: section.heading ? `${section.heading}\n\n${body}` : body,
      startLine,
      endLine,
    });
    group = [];
  };
  for (const block of section.blocks) {
    const size = group.reduce((sum, item) => sum + item.text.length + 2, 0);
    if (group.length > 0 && size + block.text.length > targetChunkChars) flush();
    group.push(block);
  }
  flush();
  return chunks;
}

function sectionName(section: Section, format: DocumentFormat, startLine: number, endLine: number): string {
  if (format === 'markdown' && section.path.length > 0) return section.path.join(' › ');
  return startLine === endLine ? `line ${startLine}` : `lines ${startLine}–${endLine}`;
}
