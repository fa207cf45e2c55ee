import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BenchOptionError } from '../../bench/bench-options.ts';
import { readMemoryBenchOptions } from '../../bench/memory-options.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The bench's own start: reads the options as bench/memory.ts does (without importing its held-out families). */
const benchStart = [
  "import { optionsOrExit } from './bench/bench-options.ts';",
  "import { readMemoryBenchOptions } from './bench/memory-options.ts';",
  "const options = optionsOrExit('memory', () => readMemoryBenchOptions(process.argv.slice(1)));",
  'process.stdout.write(JSON.stringify({ threads: options.modelThreads ?? null, sizes: options.sizes }));',
].join('\n');

async function runBenchStart(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', benchStart, '--', ...args],
      { cwd: root },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('the memory bench options', () => {
  it('stops on a --model-threads that is not a positive integer with one line naming the flag and the value', async () => {
    const run = await runBenchStart(['--model-threads', 'two']);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: 'bench memory: --model-threads must be a positive integer, got "two"\n',
    });
  });

  it('passes a valid --model-threads and the defaults through', async () => {
    expect(await runBenchStart(['--model-threads=3'])).toMatchObject({
      code: 0,
      stdout: '{"threads":3,"sizes":[10000,100000]}',
    });
    expect(await runBenchStart([])).toMatchObject({ code: 0, stdout: '{"threads":null,"sizes":[10000,100000]}' });
  });

  it('rejects every count flag that is not a positive integer, by name', () => {
    const flags = [
      '--sizes',
      '--queries',
      '--exact-queries',
      '--chains',
      '--consolidate',
      '--ef-search',
      '--model-threads',
    ];
    for (const flag of flags)
      // An empty --ef-search is its default: no sweep.
      for (const value of flag === '--ef-search' ? ['abc', '0', '-3', '2.5'] : ['abc', '0', '-3', '2.5', ''])
        expect(() => readMemoryBenchOptions([`${flag}=${value}`]), `${flag}=${value}`).toThrow(
          new BenchOptionError(`${flag} must be a positive integer, got "${value}"`),
        );
    expect(readMemoryBenchOptions(['--ef-search=']).efSearch).toEqual([]);
    expect(() => readMemoryBenchOptions(['--sizes=10000,x'])).toThrow('--sizes must be a positive integer, got "x"');
    expect(() => readMemoryBenchOptions(['--ef-search=100,'])).toThrow(
      '--ef-search must be a positive integer, got ""',
    );
  });

  it('reads valid counts as numbers', () => {
    const options = readMemoryBenchOptions([
      '--sizes=100000',
      '--queries=200',
      '--ef-search=100,400',
      '--exact-queries=5',
    ]);
    expect(options).toMatchObject({ sizes: [100000], queryCount: 200, efSearch: [100, 400], exactCount: 5 });
    expect(options).toMatchObject({ chains: 200, consolidateCount: 10000, modelThreads: undefined });
  });

  it('names a wrong --modes entry and --extractor as option errors', () => {
    expect(() => readMemoryBenchOptions(['--modes=graph,maps'])).toThrow(BenchOptionError);
    expect(() => readMemoryBenchOptions(['--extractor=smollm'])).toThrow(BenchOptionError);
  });

  it('runs the reader mode only with a real reader model named, and not by default', () => {
    expect(() => readMemoryBenchOptions(['--modes=graph,reader'])).toThrow(
      new BenchOptionError(
        '--modes reader needs --reader=<model>, a real model such as local:qwen2.5-coder-0.5b (there is no offline reader)',
      ),
    );
    expect(() => readMemoryBenchOptions(['--modes=reader', '--reader=offline'])).toThrow(BenchOptionError);
    expect(() => readMemoryBenchOptions(['--reader=local:qwen2.5-coder-0.5b'])).toThrow(
      new BenchOptionError('--reader is used only by --modes reader; add it to --modes'),
    );
    const reading = readMemoryBenchOptions(['--modes=graph,reader', '--reader=local:qwen2.5-coder-0.5b']);
    expect(reading.measuredModes).toEqual([
      ['GraphRAG', {}],
      ['GraphRAG reader walk (rounds 24–25)', { walk: 'reader' }],
    ]);
    expect(readMemoryBenchOptions([]).measuredModes.map(([mode]) => mode)).not.toContain(
      'GraphRAG reader walk (rounds 24–25)',
    );
  });

  it("takes the reader's note choice only with the reader mode and only as one of the walk's choices", () => {
    const reader = ['--modes=graph,reader', '--reader=local:qwen2.5-coder-0.5b'];
    expect(readMemoryBenchOptions([...reader, '--reader-choose=score']).readerChoose).toBe('score');
    expect(readMemoryBenchOptions(reader).readerChoose).toBeUndefined();
    expect(() => readMemoryBenchOptions([...reader, '--reader-choose=best'])).toThrow(
      new BenchOptionError('unknown --reader-choose "best"; use name, note, each, score'),
    );
    expect(() => readMemoryBenchOptions(['--reader-choose=score'])).toThrow(
      new BenchOptionError('--reader-choose is used only by --modes reader; add it to --modes'),
    );
  });
});
