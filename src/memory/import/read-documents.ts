import { createHash } from 'node:crypto';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { MemoryInputError } from '../errors.ts';
import type { DocumentFormat } from './chunk-document.ts';

export interface SourceDocument {
  /** The file's real absolute path: its identity, so importing it again replaces its own chunks. */
  document: string;
  format: DocumentFormat;
  text: string;
  /** sha256 of the text: an unchanged file is recognised without comparing chunks. */
  contentHash: string;
}

const formats: Record<string, DocumentFormat> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.mdx': 'markdown',
  '.txt': 'text',
  '.text': 'text',
};

/**
 * Documents travel to a worker inside one workflow input, and Temporal caps a payload at 2 MB; a
 * file above this is a book, better split by the operator than silently truncated.
 */
export const maxDocumentBytes = 1024 * 1024;

/** Files to import: the file itself, or every Markdown and text file under a folder (hidden ones and node_modules skipped). */
export async function readDocuments(path: string): Promise<SourceDocument[]> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new MemoryInputError(`cannot import ${path}: no such file or folder`);
  }
  if (info.isDirectory()) {
    const files = await collect(path);
    if (files.length === 0) throw new MemoryInputError(`${path} holds no Markdown (.md) or text (.txt) files`);
    return Promise.all(files.map(readDocument));
  }
  if (formats[extname(path).toLowerCase()] === undefined) {
    throw new MemoryInputError(
      `cannot import ${path}: only Markdown (.md, .markdown) and plain text (.txt) are imported`,
    );
  }
  return [await readDocument(path)];
}

async function collect(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = join(directory, entry.name);
    if (entry.isDirectory()) found.push(...(await collect(full)));
    else if (entry.isFile() && formats[extname(entry.name).toLowerCase()] !== undefined) found.push(full);
  }
  return found;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

async function readDocument(path: string): Promise<SourceDocument> {
  const document = await realpath(path);
  const info = await stat(document);
  if (info.size > maxDocumentBytes) {
    throw new MemoryInputError(
      `cannot import ${path}: ${Math.ceil(info.size / 1024)} KB is above the 1024 KB limit per file; split it`,
    );
  }
  const bytes = await readFile(document);
  let text: string;
  try {
    if (bytes.includes(0)) throw new Error('binary');
    text = utf8.decode(bytes);
  } catch {
    throw new MemoryInputError(`cannot import ${path}: not UTF-8 text`);
  }
  return {
    document,
    format: formats[extname(document).toLowerCase()] ?? 'text',
    text,
    contentHash: createHash('sha256').update(text).digest('hex'),
  };
}
