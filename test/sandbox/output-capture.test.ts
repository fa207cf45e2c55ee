import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutputBudget, OutputCapture, outputSpillBytes } from '../../src/sandbox/output-capture.ts';

describe('OutputCapture', () => {
  let directory = '';
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'synthorg-capture-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('returns short output whole', async () => {
    const capture = new OutputCapture(join(directory, 'out'), new OutputBudget(1000, () => undefined), 100);
    capture.write(Buffer.from('hello '));
    capture.write(Buffer.from('world'));
    expect(await capture.finish('runs/r/stdout')).toEqual({ text: 'hello world', totalBytes: 11, truncated: false });
    expect(await readFile(join(directory, 'out'), 'utf8')).toBe('hello world');
  });

  it('keeps the start and the end of long output and stores all of it', async () => {
    const capture = new OutputCapture(join(directory, 'out'), new OutputBudget(10_000, () => undefined), 8);
    for (const chunk of ['0123', '4567', '89ab', 'cdef']) capture.write(Buffer.from(chunk));
    const preview = await capture.finish('runs/r/stdout');
    expect(preview).toEqual({
      text: '0123\n…[8 bytes omitted; full output in runs/r/stdout]…\ncdef',
      totalBytes: 16,
      truncated: true,
    });
    expect(await readFile(join(directory, 'out'), 'utf8')).toBe('0123456789abcdef');
  });

  it('stores output below and past the in-memory threshold whole and in order', async () => {
    for (const total of [outputSpillBytes, outputSpillBytes + 1, 3 * outputSpillBytes + 17]) {
      const path = join(directory, `out-${total}`);
      const capture = new OutputCapture(path, new OutputBudget(10 * outputSpillBytes, () => undefined), 10);
      const written = Buffer.from(Array.from({ length: total }, (_, index) => 97 + (index % 26)));
      for (let offset = 0; offset < total; offset += 1000) capture.write(written.subarray(offset, offset + 1000));
      const preview = await capture.finish('runs/r/stdout');
      expect(preview.totalBytes).toBe(total);
      expect((await readFile(path)).equals(written), `${total} bytes`).toBe(true);
    }
  });

  it('shares one budget between streams and reports the first overflow once', async () => {
    let overflows = 0;
    const budget = new OutputBudget(10, () => (overflows += 1));
    const stdout = new OutputCapture(join(directory, 'stdout'), budget, 100);
    const stderr = new OutputCapture(join(directory, 'stderr'), budget, 100);
    stdout.write(Buffer.from('123456'));
    stderr.write(Buffer.from('abcdef'));
    stdout.write(Buffer.from('more'));
    expect(overflows).toBe(1);
    expect(budget.exceeded).toBe(true);
    const out = await stdout.finish('runs/r/stdout');
    const err = await stderr.finish('runs/r/stderr');
    expect(out.totalBytes).toBe(10);
    expect(out.text).toContain('runs/r/stdout keeps the first 6 bytes');
    expect(await readFile(join(directory, 'stdout'), 'utf8')).toBe('123456');
    expect(await readFile(join(directory, 'stderr'), 'utf8')).toBe('abcd');
    expect(err.totalBytes).toBe(6);
  });
});
