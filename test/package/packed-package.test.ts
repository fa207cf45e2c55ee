/**
 * The package as another project gets it: `npm pack` (which builds dist/ through prepack), the
 * tarball installed into a throwaway project, a script type-checked against the installed
 * declarations, and the example run with the installed package's own worker against the dev server.
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestDatabase } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const typescriptCompiler = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
// npm and the scripts it runs (prepack) use the Node running this test, which can strip types.
const environment = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}` };

interface Finished {
  status: number | null;
  output: string;
}

function run(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) {
  return new Promise<Finished>((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? environment });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output }));
  });
}

const consumerTsconfig = {
  compilerOptions: {
    target: 'ES2023',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    strict: true,
    noEmit: true,
    types: ['node'],
    skipLibCheck: true,
    // The example is run by Node's type stripping, which wants erasable syntax only.
    erasableSyntaxOnly: true,
  },
};

// Wrong on purpose: if the installed declarations did not resolve, `status` would be `any` and this would pass.
const misuse = `import { createClient } from 'synthorg';
const client = await createClient();
const name: number = (await client.status('acme')).name;
await client.startCompany({ id: 'acme', template: 42 });
console.log(name);
`;

describe('the packed package in a separate project', () => {
  let project: string;
  let database: TestDatabase;

  beforeAll(async () => {
    project = await mkdtemp(join(tmpdir(), 'synthorg-consumer-'));
    const packed = await run('npm', ['pack', '--pack-destination', project, '--loglevel=error'], { cwd: root });
    expect(packed.status, packed.output).toBe(0);
    const tarball = (await readdir(project)).find((name) => name.endsWith('.tgz'));
    expect(tarball, packed.output).toBeDefined();
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    // The npm cache already holds every dependency (this checkout installed them), so this needs no network.
    const installed = await run(
      'npm',
      ['install', `./${tarball}`, '@types/node@22', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'],
      { cwd: project },
    );
    expect(installed.status, installed.output).toBe(0);
    await writeFile(
      join(project, 'tsconfig.json'),
      JSON.stringify({ ...consumerTsconfig, files: ['start-company.ts'] }),
    );
    await copyFile(join(root, 'examples', 'start-company.ts'), join(project, 'start-company.ts'));
    await writeFile(join(project, 'misuse.ts'), misuse);
    database = await startTestDatabase();
  }, 600_000);

  afterAll(async () => {
    await database?.stop();
    if (project) await rm(project, { recursive: true, force: true });
  });

  it('ships compiled JavaScript and declarations, not the TypeScript sources', async () => {
    const installed = join(project, 'node_modules', 'synthorg');
    const entries = await readdir(installed);
    expect(entries.sort()).toEqual(['README.md', 'bin', 'dist', 'package.json']);
    const distribution = await readdir(join(installed, 'dist', 'src'));
    expect(distribution).toEqual(expect.arrayContaining(['index.js', 'index.d.ts']));
    const templates = await readdir(join(installed, 'dist', 'src', 'templates'));
    expect(templates).toEqual(expect.arrayContaining(['startup.yaml', 'research-lab.yaml']));
  });

  it('type-checks a script against the installed types, and catches a wrong one', async () => {
    const good = await run(process.execPath, [typescriptCompiler, '-p', '.', '--pretty', 'false'], {
      cwd: project,
      env: environment,
    });
    expect(good.status, good.output).toBe(0);

    await writeFile(
      join(project, 'tsconfig.misuse.json'),
      JSON.stringify({ ...consumerTsconfig, files: ['misuse.ts'] }),
    );
    const bad = await run(process.execPath, [typescriptCompiler, '-p', 'tsconfig.misuse.json', '--pretty', 'false'], {
      cwd: project,
    });
    expect(bad.status).not.toBe(0);
    const errors = bad.output
      .trim()
      .split('\n')
      .filter((line) => line.includes('error TS'));
    expect(errors, bad.output).toHaveLength(2);
    expect(errors[0]).toMatch(/^misuse\.ts\(3,7\): error TS2322: Type 'string' is not assignable to type 'number'/);
    expect(errors[1]).toMatch(/^misuse\.ts\(4,/);
  });

  it('runs the example with the installed worker against the dev server', async () => {
    const taskQueue = `packed-${Date.now().toString(36)}`;
    const settings = {
      ...environment,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      SYNTHORG_TASK_QUEUE: taskQueue,
      DATABASE_URL: database.url,
      SYNTHORG_MODEL: 'offline',
    };
    const worker = spawn(process.execPath, [join(project, 'node_modules', '.bin', 'synthorg'), 'worker'], {
      cwd: project,
      env: settings,
    });
    let workerLog = '';
    worker.stderr.on('data', (chunk: Buffer) => (workerLog += chunk.toString()));
    const workerExit = new Promise<number | null>((resolve) => worker.on('close', resolve));
    try {
      // The worker bundles the installed workflow code before it polls; the example waits for it only 15 s.
      for (let waited = 0; !workerLog.includes('polling task queue') && waited < 180_000; waited += 250) {
        expect(worker.exitCode, workerLog).toBeNull();
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(workerLog).toContain(`polling task queue "${taskQueue}"`);
      const example = await run(process.execPath, ['start-company.ts', 'packed-co', 'Compare two survey tools'], {
        cwd: project,
        env: settings,
      });
      expect(example.status, `${example.output}\nworker:\n${workerLog}`).toBe(0);
      expect(example.output).toContain('started company packed-co');
      expect(example.output).toMatch(/t1 COMPLETED: \[offline\]/);
    } finally {
      worker.kill('SIGINT');
      await workerExit;
    }
  });
});
