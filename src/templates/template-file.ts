import { open, stat } from 'node:fs/promises';
import type { TemplateIssue } from './template-error.ts';

/**
 * Templates describe one company in a few kilobytes; the built-ins are under 4 KB. Anything past this
 * (about 1,300 agents) is refused before it is read or parsed (a 5 MB file once took 40 s to be rejected).
 */
export const maxTemplateBytes = 256 * 1024;

export type TemplateText = { ok: true; text: string } | { ok: false; issue: TemplateIssue };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads a template file's text, refusing directories, oversized, binary and empty files with one reason each. */
export async function readTemplateText(path: string): Promise<TemplateText> {
  const refuse = (message: string): TemplateText => ({ ok: false, issue: { path: '', message } });
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) return refuse('is a directory, not a template file');
    if (!info.isFile()) return refuse('is not a regular file');
    size = info.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return refuse(code === 'ENOENT' ? 'file not found' : `cannot read: ${(error as Error).message}`);
  }
  if (size > maxTemplateBytes) {
    return refuse(`is ${megabytes(size)}, above the ${megabytes(maxTemplateBytes)} limit for a template`);
  }
  let bytes: Buffer;
  try {
    // Read at most one byte past the limit: the file may have grown since stat.
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(maxTemplateBytes + 1);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      bytes = buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    return refuse(`cannot read: ${(error as Error).message}`);
  }
  if (bytes.length > maxTemplateBytes)
    return refuse(`is above the ${megabytes(maxTemplateBytes)} limit for a template`);
  if (bytes.includes(0)) return refuse('is a binary file, not YAML or JSON text');
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return refuse('is not UTF-8 text (a binary file?); templates are YAML or JSON in UTF-8');
  }
  if (text.trim() === '') return refuse(emptyMessage);
  return { ok: true, text };
}

export const emptyMessage =
  'the template is empty; it needs at least name, version, company, departments and agents (see "synthorg template show startup")';

function megabytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
