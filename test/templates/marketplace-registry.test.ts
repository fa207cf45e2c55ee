import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/synthorg-client.ts';
import { loadConfig } from '../../src/config/env.ts';
import { TemplatePackageError } from '../../src/templates/marketplace/errors.ts';
import { tarballIntegrity, tarballShasum } from '../../src/templates/marketplace/integrity.ts';
import { TemplateMarketplace, type InstallOptions } from '../../src/templates/marketplace/marketplace.ts';
import { registrySettings } from '../../src/templates/marketplace/npm-config.ts';
import { RegistryClient } from '../../src/templates/marketplace/registry-client.ts';
import { generateSigningKey, signPackage } from '../../src/templates/marketplace/signing.ts';
import { writeTarball, type PackageFile } from '../../src/templates/marketplace/tarball.ts';
import { resolveTemplateReference } from '../../src/templates/marketplace/template-reference.ts';
import { runNode, synthorgBin, type Run } from '../helpers/cli.ts';
import { startSynthorgTestEnv, type SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { startVerdaccio, type VerdaccioRegistry } from '../helpers/verdaccio.ts';

/**
 * The template marketplace against a real Verdaccio (loopback, throwaway storage, no uplinks) and the
 * real `synthorg` CLI as a child process, with a worker on the shared Temporal dev server for the
 * company starts and the dry run (the offline model: a deterministic simulator).
 */

let registry: VerdaccioRegistry;
let env: SynthorgTestEnv;
let scratch: string;
const soloFounder = await readFile(
  fileURLToPath(new URL('../../src/templates/solo-founder.yaml', import.meta.url)),
  'utf8',
);
/** Full oversight: a goal runs to the end with no approval to answer. */
const autonomousFounder = soloFounder.replace('oversight: supervised', 'oversight: full');

beforeAll(async () => {
  [registry, env] = await Promise.all([startVerdaccio(), startSynthorgTestEnv()]);
  scratch = await mkdtemp(join(tmpdir(), 'synthorg-marketplace-'));
});
afterAll(async () => {
  await Promise.all([registry?.stop(), env?.stop()]);
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** The child's environment: none of npm's own variables (npm run sets npm_config_registry), our registry via .npmrc. */
function childEnvironment(home: string): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_/i.test(key)));
  return {
    ...clean,
    TEMPORAL_ADDRESS: env.temporalAddress,
    SYNTHORG_TASK_QUEUE: env.taskQueue,
    SYNTHORG_HOME: home,
    NPM_CONFIG_USERCONFIG: registry.npmrc,
    SYNTHORG_DEBUG: '',
  };
}

function json<T>(run: Run): T {
  expect(run.status, run.stderr).toBe(0);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  return JSON.parse(run.stdout) as T;
}

function refused(run: Run, pattern: RegExp): void {
  expect(run.status, run.stdout).toBe(2);
  expect(run.stderr).toMatch(pattern);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

describe('template marketplace on a real Verdaccio', () => {
  describe('init → pack → publish → search → install (dry run) → start a company → stats → upgrade', () => {
    // The steps an operator types go through the CLI (a child process each); the rest through the library.
    const name = 'synthorg-template-founder';
    let home: string;
    let folder: string;
    let keyFile: string;
    let market: TemplateMarketplace;
    let key: { keyId: string; publicKey: string };
    let packed: {
      file: string;
      integrity: string;
      files: string[];
      signature: { keyId: string };
      warnings: { message: string }[];
    };
    const synthorg = (...args: string[]) => runNode(synthorgBin, args, childEnvironment(home));
    beforeAll(() => {
      home = join(scratch, 'home-cli');
      folder = join(scratch, 'founder');
      keyFile = join(scratch, 'founder.pem');
      market = new TemplateMarketplace({ home, npm: { cwd: scratch, userConfig: registry.npmrc } });
    });

    it('inits, packs (signed), publishes, finds the package and trusts its key', async () => {
      key = await market.keygen(keyFile);
      await expect(market.keygen(keyFile)).rejects.toThrow(/exists; choose another file/);
      await market.init(folder, { name, from: 'solo-founder' });
      await expect(market.init(folder, { name })).rejects.toThrow(/is not empty/);
      await writeFile(join(folder, 'template.yaml'), autonomousFounder);
      packed = json<typeof packed>(
        await synthorg('template', 'pack', folder, '--key', keyFile, '--out', join(scratch, 'out'), '--json'),
      );
      expect(packed.files).toEqual(['README.md', 'instructions/company.md', 'package.json', 'template.yaml']);
      expect(packed.signature.keyId).toBe(key.keyId);
      // The founder works with full oversight and no budget of its own: a warning, not a refusal.
      expect(packed.warnings.map((warning) => warning.message)).toEqual([
        expect.stringMatching(/"founder" works under full oversight/),
      ]);

      const published = json<{ name: string; version: string; integrity: string; signedBy: string }>(
        await synthorg('template', 'publish', packed.file, '--json'),
      );
      expect(published).toMatchObject({ name, version: '1.0.0', integrity: packed.integrity, signedBy: key.keyId });
      await expect(market.publish(packed.file)).rejects.toThrow(/refused .*already present/);

      const found = json<{ name: string; tier: string; reason: string }[]>(
        await synthorg('template', 'search', 'founder', '--json'),
      );
      expect(found).toEqual([
        expect.objectContaining({
          name,
          version: '1.0.0',
          tier: 'signed',
          reason: expect.stringMatching(/not in your trust list/),
        }),
      ]);
      expect(await market.search('no-such-words-here')).toEqual([]);

      // An unknown signer is refused, and nothing lands on disk or in the lock file.
      refused(
        await synthorg('template', 'install', name),
        /signed by an unknown key.*--allow-unsigned; nothing installed/,
      );
      expect(await exists(join(home, 'templates', `${name}@1.0.0`))).toBe(false);
      expect(await market.store.entries()).toEqual([]);

      await market.trust.add(key.publicKey, 'founder-publisher');
      expect(await market.trustedKeys()).toEqual([
        expect.objectContaining({ keyId: key.keyId, name: 'founder-publisher' }),
      ]);
      const info = await market.info(name, { registry: registry.url });
      expect(info).toMatchObject({
        tier: 'trusted',
        reason: `signed by trusted key ${key.keyId} (founder-publisher)`,
        integrity: packed.integrity,
        models: ['default'],
      });
    });

    it(
      'installs with a dry run, starts a company from the package and reports its stats',
      { timeout: 150_000 },
      async () => {
        await env.withWorker(async () => {
          const installed = json<{
            tier: string;
            integrity: string;
            path: string;
            dryRun: { status: string; companyId: string };
          }>(await synthorg('template', 'install', `${name}@^1`, '--dry-run', '--json'));
          expect(installed).toMatchObject({
            tier: 'trusted',
            integrity: packed.integrity,
            dryRun: { status: 'COMPLETED' },
          });
          const lock = JSON.parse(await readFile(join(home, 'templates', 'synthorg-templates.lock.json'), 'utf8')) as {
            packages: Record<string, { integrity: string; signer: string }>;
          };
          expect(lock.packages[`${name}@1.0.0`]).toMatchObject({ integrity: packed.integrity, signer: key.keyId });
          expect(await market.list()).toEqual([
            expect.objectContaining({
              templateName: 'Solo Founder',
              agents: 3,
              entry: expect.objectContaining({ name, version: '1.0.0', tier: 'trusted' }),
            }),
          ]);

          const started = json<{ task: { status: string } }>(
            await synthorg(
              'company',
              'start',
              'founder-co',
              '--template',
              `${name}@^1.0`,
              '--goal',
              'Draft a pricing page',
              '--wait',
              '--json',
            ),
          );
          expect(started.task.status).toBe('COMPLETED');
          // The package's instructions were imported into the new company's memory.
          const documents = await env.pool.query<{ document: string }>(
            'SELECT document FROM memory_documents WHERE company_id = $1',
            ['founder-co'],
          );
          expect(documents.rows.map((row) => row.document)).toEqual([
            expect.stringMatching(/instructions\/company\.md$/),
          ]);

          const ledger = await env.pool.query<{ total: string }>(
            "SELECT sum(cost_usd) AS total FROM ledger WHERE company_id = 'founder-co' AND task_id LIKE 't1%'",
          );
          expect(Number(ledger.rows[0]!.total)).toBeGreaterThan(0);
          const stats = json<Record<string, unknown>[]>(await synthorg('template', 'stats', name, '--json'));
          expect(stats).toEqual([
            {
              name,
              version: '1.0.0',
              companiesStarted: 1,
              goalsCompleted: 1,
              goalsFailed: 0,
              goalsOpen: 0,
              meanCostPerGoalUsd: expect.closeTo(Number(ledger.rows[0]!.total), 6),
            },
          ]);
          // The dry run's throwaway company recorded no package, so it is not counted anywhere.
          expect((await env.client.templateStats()).map((row) => row.name)).toEqual([name]);
        });
      },
    );

    it('upgrades to a newer published version, which new starts then use', { timeout: 120_000 }, async () => {
      await env.withWorker(async () => {
        // A new version, published from the folder and signed in one step; upgrade moves to it.
        const manifestPath = join(folder, 'package.json');
        const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { version: string };
        await writeFile(manifestPath, JSON.stringify({ ...manifest, version: '1.1.0' }));
        expect(await market.publish(folder, { keyFile })).toMatchObject({ version: '1.1.0', signedBy: key.keyId });
        const upgraded = json<{ from: string[]; to: string; upToDate: boolean }>(
          await synthorg('template', 'upgrade', name, '--json'),
        );
        expect(upgraded).toMatchObject({ from: ['1.0.0'], to: '1.1.0', upToDate: false });
        expect(await exists(join(home, 'templates', `${name}@1.0.0`))).toBe(false);
        expect((await market.upgrade(name)).upToDate).toBe(true);
        await expect(resolveTemplateReference(`${name}@1.0.0`, { home, npm: { cwd: scratch } })).rejects.toThrow(
          /no installed version of synthorg-template-founder matches/,
        );

        // Started through the client library with the package spec: recorded as 1.1.0.
        const client = await createClient({
          config: { ...loadConfig({}), temporalAddress: env.temporalAddress, taskQueue: env.taskQueue, home },
          uiBaseUrl: 'http://127.0.0.1:1',
        });
        try {
          expect(await client.startCompany({ id: 'founder-co-2', template: name })).toMatchObject({
            created: true,
            ready: true,
          });
        } finally {
          await client.close();
        }
        const after = await env.client.templateStats(name);
        expect(after.map((row) => [row.version, row.companiesStarted])).toEqual([
          ['1.0.0', 1],
          ['1.1.0', 1],
        ]);
      });

      expect((await market.remove(name)).map((entry) => entry.version)).toEqual(['1.1.0']);
      await expect(market.remove(name)).rejects.toThrow(/is not installed/);
    });
  });

  describe('refusals: nothing installed', () => {
    const home = () => join(scratch, 'home-refusals');
    let market: TemplateMarketplace;
    let client: RegistryClient;
    const publisher = generateSigningKey();
    const stranger = generateSigningKey();

    beforeAll(async () => {
      market = new TemplateMarketplace({ home: home(), npm: { cwd: scratch, userConfig: registry.npmrc } });
      client = new RegistryClient(await registrySettings({ cwd: scratch, userConfig: registry.npmrc }));
      await market.trust.add(publisher.publicKey, 'publisher');
    });

    function packageFiles(name: string, version: string, template: string, extra: PackageFile[] = []): PackageFile[] {
      const manifest = {
        name,
        version,
        keywords: ['synthorg-template'],
        synthorg: { schemaVersion: 1, models: ['default'] },
      };
      return [
        { path: 'package.json', content: Buffer.from(JSON.stringify(manifest)) },
        { path: 'template.yaml', content: Buffer.from(template) },
        ...extra,
      ];
    }

    /** Publishes straight over the protocol, past the packer's checks, as a hostile publisher could. */
    async function publishRaw(
      files: PackageFile[],
      sign: 'publisher' | 'stranger' | 'none' | 'wrong-integrity' = 'publisher',
    ): Promise<{ name: string; version: string; tarball: Buffer }> {
      const manifest = JSON.parse(files[0]!.content.toString()) as { name: string; version: string };
      const tarball = writeTarball(files);
      const integrity = tarballIntegrity(tarball);
      const key = sign === 'stranger' ? stranger : publisher;
      const signedIntegrity = sign === 'wrong-integrity' ? tarballIntegrity(Buffer.from('other bytes')) : integrity;
      const signature =
        sign === 'none' ? undefined : signPackage(key.privateKeyPem, manifest.name, manifest.version, signedIntegrity);
      await client.publish({ manifest, tarball, integrity, shasum: tarballShasum(tarball), signature, tag: 'latest' });
      return { ...manifest, tarball };
    }

    async function expectRefused(spec: string, pattern: RegExp, options: InstallOptions = {}): Promise<void> {
      const error = await market.install(spec, options).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(TemplatePackageError);
      expect((error as Error).message).toMatch(pattern);
      const name = spec.replace(/@[^@]*$/, '') || spec;
      expect((await market.store.entries()).filter((entry) => entry.name === name)).toEqual([]);
      expect(await exists(join(home(), 'templates', `${name}@1.0.0`))).toBe(false);
    }

    it('refuses a tampered tarball, unsigned packages, unknown signers and signatures that do not verify', async () => {
      const good = await publishRaw(packageFiles('tpl-tampered', '1.0.0', autonomousFounder));
      // Swap the stored tarball for other bytes: the registry still lists the original integrity.
      const other = writeTarball(
        packageFiles('tpl-tampered', '1.0.0', autonomousFounder.replace('Ada Founder', 'Mallory')),
      );
      await writeFile(join(registry.storage, good.name, `${good.name}-1.0.0.tgz`), other);
      await expectRefused('tpl-tampered', /integrity .* does not match .*tampered or corrupted\); nothing installed/);
      await expectRefused('tpl-tampered', /does not match/, { allowUnsigned: true });

      await publishRaw(packageFiles('tpl-unsigned', '1.0.0', autonomousFounder), 'none');
      await expectRefused('tpl-unsigned', /tpl-unsigned@1\.0\.0 is unsigned: no signature/);
      await publishRaw(packageFiles('tpl-stranger', '1.0.0', autonomousFounder), 'stranger');
      await expectRefused(
        'tpl-stranger',
        new RegExp(`signed by an unknown key: signed by key ${stranger.keyId}, which is not in your trust list`),
      );
      await publishRaw(packageFiles('tpl-forged', '1.0.0', autonomousFounder), 'wrong-integrity');
      await expectRefused('tpl-forged', /signature by key .* does not verify/, { allowUnsigned: true });

      // --allow-unsigned takes an unsigned package, and says so in the lock file.
      const installed = await market.install('tpl-unsigned', { allowUnsigned: true });
      expect(installed).toMatchObject({ tier: 'unsigned', version: '1.0.0' });
      await market.remove('tpl-unsigned');
    });

    it('refuses secrets, malformed and hostile YAML and policy errors in a signed package', async () => {
      await publishRaw(
        packageFiles('tpl-secret', '1.0.0', autonomousFounder, [
          { path: 'README.md', content: Buffer.from('key: sk-proj-abcdefghijklmnopqrstuvwxyz012345\n') },
        ]),
      );
      await expectRefused(
        'tpl-secret',
        /looks like it holds secrets: README\.md:1: looks like an OpenAI-style API key/,
      );
      await publishRaw(
        packageFiles('tpl-dotenv', '1.0.0', autonomousFounder, [{ path: '.env', content: Buffer.from('A=1') }]),
      );
      await expectRefused('tpl-dotenv', /\.env: looks like an environment file/);

      await publishRaw(packageFiles('tpl-malformed', '1.0.0', 'name: [unclosed\nagents: {'));
      await expectRefused('tpl-malformed', /template\.yaml is not a valid template: template\.yaml:\d+:\d+: /);
      await publishRaw(
        packageFiles('tpl-badfield', '1.0.0', autonomousFounder.replace('seniority: mid', 'seniority: intern')),
      );
      await expectRefused('tpl-badfield', /template\.yaml:\d+:\d+: agents\[1\]\.seniority: /);

      const anchors = Array.from(
        { length: 10 },
        (_, index) =>
          `x-l${index}: &l${index} [${Array(10)
            .fill(index === 0 ? 'lol' : `*l${index - 1}`)
            .join(', ')}]`,
      );
      await publishRaw(packageFiles('tpl-bomb', '1.0.0', `${anchors.join('\n')}\n${autonomousFounder}`));
      await expectRefused('tpl-bomb', /alias bomb/);
      await publishRaw(
        packageFiles('tpl-deep', '1.0.0', `${autonomousFounder}\nx-deep: ${'{a: '.repeat(30)}1${'}'.repeat(30)}\n`),
      );
      await expectRefused('tpl-deep', /nested more than 16 levels deep/);

      const unreachable = `${autonomousFounder.replace('canDelegateTo: [research-assistant, operations-assistant]', 'canDelegateTo: [research-assistant]')}`;
      await publishRaw(packageFiles('tpl-unreachable', '1.0.0', unreachable));
      await expectRefused('tpl-unreachable', /agent "operations-assistant" is unreachable/);

      // The same refusal through the CLI: exit 2, the problems on their own lines, no stack trace.
      const run = await runNode(
        synthorgBin,
        ['template', 'install', 'tpl-bomb', '--allow-unsigned'],
        childEnvironment(home()),
      );
      refused(
        run,
        /^synthorg: template\.yaml is not a valid template:\nsynthorg: {3}template\.yaml: aliases expand too far/,
      );
    });

    it(
      'refuses a package whose dry run does not complete: its sample goal parks on a budget too small',
      { timeout: 150_000 },
      async () => {
        const starved = autonomousFounder.replace('monthlyBudgetUsd: 50', 'monthlyBudgetUsd: 0.000001');
        await publishRaw(packageFiles('tpl-starved', '1.0.0', starved));
        await env.withWorker(async () => {
          await expectRefused(
            'tpl-starved',
            /the dry run's sample goal ended PARKED_BUDGET in company dry-run-[0-9a-f]+; nothing installed/,
            {
              dryRun: (template, goal) => env.client.dryRunTemplate(template, goal),
            },
          );
        });
      },
    );

    it('pins the integrity in the lock file: a replaced version is refused, edited installed files stop a start', async () => {
      const published = await publishRaw(packageFiles('tpl-pinned', '1.0.0', autonomousFounder));
      const first = await market.install('tpl-pinned');
      expect(first).toMatchObject({
        tier: 'trusted',
        reinstalled: false,
        integrity: tarballIntegrity(published.tarball),
      });
      // Installing again verifies the download against the pin and rewrites the same files.
      expect(await market.install('tpl-pinned@1.0.0')).toMatchObject({ reinstalled: true, integrity: first.integrity });

      // The registry now serves other content under the same version, consistently (integrity and
      // signature match the new bytes): only the lock file knows it changed.
      const replacement = writeTarball(
        packageFiles('tpl-pinned', '1.0.0', autonomousFounder.replace('Ada Founder', 'Eve')),
      );
      const replacementIntegrity = tarballIntegrity(replacement);
      await writeFile(join(registry.storage, 'tpl-pinned', 'tpl-pinned-1.0.0.tgz'), replacement);
      const documentPath = join(registry.storage, 'tpl-pinned', 'package.json');
      const document = JSON.parse(await readFile(documentPath, 'utf8')) as {
        versions: Record<string, Record<string, Record<string, unknown>>>;
      };
      document.versions['1.0.0']!.dist!.integrity = replacementIntegrity;
      document.versions['1.0.0']!.synthorgSignature = signPackage(
        publisher.privateKeyPem,
        'tpl-pinned',
        '1.0.0',
        replacementIntegrity,
      );
      await writeFile(documentPath, JSON.stringify(document));
      const error = await market.install('tpl-pinned').catch((caught: unknown) => caught);
      expect((error as Error).message).toMatch(
        /the lock file pins sha512-.*the published version was replaced; nothing installed/,
      );
      expect((await market.store.entry('tpl-pinned', '1.0.0'))?.integrity).toBe(first.integrity);

      const options = { home: home(), npm: { cwd: scratch, userConfig: registry.npmrc } };
      const resolved = await resolveTemplateReference('tpl-pinned@^1', options);
      expect(resolved.templatePackage).toEqual({ name: 'tpl-pinned', version: '1.0.0', integrity: first.integrity });
      expect(resolved.template.agents[0]?.name).toBe('Ada Founder');
      await writeFile(
        join(first.path, 'template.yaml'),
        autonomousFounder.replace('monthlyBudgetUsd: 50', 'monthlyBudgetUsd: 50000'),
      );
      await expect(resolveTemplateReference('tpl-pinned', options)).rejects.toThrow(
        /changed since they were verified; reinstall it/,
      );
      const run = await runNode(synthorgBin, ['company', 'start', 'pinned-co', '--template', 'tpl-pinned'], {
        ...childEnvironment(home()),
        TEMPORAL_ADDRESS: '127.0.0.1:1',
      });
      refused(run, /changed since they were verified/);
    });
  });
});
