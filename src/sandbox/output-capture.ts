import { createWriteStream, writeFileSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { OutputPreview } from './types.ts';

/** Bytes stdout and stderr may store together; the first write over budget calls `onExceeded` once. */
export class OutputBudget {
  #remaining: number;
  #exceeded = false;
  readonly #onExceeded: () => void;

  constructor(maxBytes: number, onExceeded: () => void) {
    this.#remaining = maxBytes;
    this.#onExceeded = onExceeded;
  }

  /** How many of `wanted` bytes may still be stored. */
  take(wanted: number): number {
    const granted = Math.min(wanted, this.#remaining);
    this.#remaining -= granted;
    if (granted < wanted && !this.#exceeded) {
      this.#exceeded = true;
      this.#onExceeded();
    }
    return granted;
  }

  get exceeded(): boolean {
    return this.#exceeded;
  }
}

/**
 * Output up to this many bytes per stream is kept in memory and written to its artifact file with one
 * system call when the run ends; beyond it the file is opened and streamed. Most runs print a few lines,
 * and opening and closing two streams is four round trips through the thread pool on every run's path.
 */
export const outputSpillBytes = 64 * 1024;

/**
 * Stores one output stream in an artifact file, up to the shared budget, and keeps its start and end
 * for the inline preview. Memory stays bounded by the preview size plus {@link outputSpillBytes} however
 * much the program writes.
 */
export class OutputCapture {
  readonly #path: string;
  /** Opened once the output passes {@link outputSpillBytes}; until then it is kept in `#pending`. */
  #file: WriteStream | undefined;
  #pending: Buffer[] = [];
  readonly #budget: OutputBudget;
  readonly #headBytes: number;
  readonly #tailBytes: number;
  #head = Buffer.alloc(0);
  #tail = Buffer.alloc(0);
  #totalBytes = 0;
  #storedBytes = 0;

  constructor(artifactPath: string, budget: OutputBudget, previewBytes: number) {
    this.#path = artifactPath;
    this.#budget = budget;
    this.#headBytes = Math.ceil(previewBytes / 2);
    this.#tailBytes = Math.floor(previewBytes / 2);
  }

  write(chunk: Buffer): void {
    this.#totalBytes += chunk.length;
    const stored = chunk.subarray(0, this.#budget.take(chunk.length));
    if (stored.length === 0) return;
    this.#storedBytes += stored.length;
    if (this.#file === undefined && this.#storedBytes <= outputSpillBytes) this.#pending.push(stored);
    else this.#stream().write(stored);
    const headRoom = this.#headBytes - this.#head.length;
    if (headRoom > 0) this.#head = Buffer.concat([this.#head, stored.subarray(0, headRoom)]);
    const rest = stored.subarray(Math.max(headRoom, 0));
    if (rest.length > 0 && this.#tailBytes > 0) {
      const tail = Buffer.concat([this.#tail, rest]);
      this.#tail = tail.subarray(Math.max(0, tail.length - this.#tailBytes));
    }
  }

  get totalBytes(): number {
    return this.#totalBytes;
  }

  #stream(): WriteStream {
    if (this.#file === undefined) {
      this.#file = createWriteStream(this.#path, { flags: 'wx', mode: 0o600 });
      // Without a listener a full disk would crash the worker; finish() reports the error instead.
      this.#file.on('error', () => undefined);
      for (const chunk of this.#pending) this.#file.write(chunk);
      this.#pending = [];
    }
    return this.#file;
  }

  /** Writes or flushes the artifact file and returns the preview. */
  async finish(artifactName: string): Promise<OutputPreview> {
    if (this.#file === undefined) {
      writeFileSync(this.#path, Buffer.concat(this.#pending), { flag: 'wx', mode: 0o600 });
      this.#pending = [];
    } else {
      this.#file.end();
      await finished(this.#file);
    }
    const shown = this.#head.length + this.#tail.length;
    const truncated = shown < this.#totalBytes;
    if (!truncated) {
      return {
        text: Buffer.concat([this.#head, this.#tail]).toString('utf8'),
        totalBytes: this.#totalBytes,
        truncated,
      };
    }
    const omitted = this.#totalBytes - shown;
    const where =
      this.#storedBytes < this.#totalBytes
        ? `${artifactName} keeps the first ${this.#storedBytes} bytes`
        : `full output in ${artifactName}`;
    const marker = `\n…[${omitted} bytes omitted; ${where}]…\n`;
    return {
      text: this.#head.toString('utf8') + marker + this.#tail.toString('utf8'),
      totalBytes: this.#totalBytes,
      truncated,
    };
  }
}
