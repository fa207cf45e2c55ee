import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SynthorgClient } from '../../src/client/synthorg-client.ts';
import { createClient } from '../../src/client/synthorg-client.ts';
import type { CompanyTemplateUpgrade } from '../../src/client/company-template-upgrade.ts';
import { loadConfig } from '../../src/config/env.ts';
import { TemplateMarketplace } from '../../src/templates/marketplace/marketplace.ts';
import { runNode, synthorgBin, type Run } from '../helpers/cli.ts';
import { startSynthorgTestEnv, type SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { startVerdaccio, type VerdaccioRegistry } from '../helpers/verdaccio.ts';
import { until } from '../helpers/until.ts';

/**
 * A running company moved to a newer template version (issue 12): publish v1 to a real Verdaccio
 * (loopback, throwaway storage), install it, start a company, publish v2, upgrade the company with the
 * real CLI; the upgrade is a configuration version applied by a staged rollout on the Temporal dev
 * server, new goals run on v2, and a goal in flight during the upgrade finishes on v1. The agents run
 * the offline model, a deterministic simulator: its "launch" goals ask for approval, which keeps one in
 * flight for as long as the test wants.
 */

const name = 'synthorg-template-upgrader';
const companyId = 'upgrade-co';
let registry: VerdaccioRegistry;
let env: SynthorgTestEnv;
let scratch: string;
let home: string;
let market: TemplateMarketplace;
let client: SynthorgClient;
const soloFounder = await readFile(
  fileURLToPath(new URL('../../src/templates/solo-founder.yaml', import.meta.url)),
  'utf8',
);
/** v2: results go unreviewed and the research assistant has another name; the top agent stays. */
const soloFounderV2 = soloFounder
  .replace('reviewRequired: true', 'reviewRequired: false')
  .replace('name: Remy', 'name: Rhea');

beforeAll(async () => {
  [registry, env] = await Promise.all([startVerdaccio(), startSynthorgTestEnv()]);
  scratch = await mkdtemp(join(tmpdir(), 'synthorg-upgrade-'));
  home = join(scratch, 'home');
  market = new TemplateMarketplace({ home, npm: { cwd: scratch, userConfig: registry.npmrc } });
  client = await createClient({
    config: { ...loadConfig({}), temporalAddress: env.temporalAddress, taskQueue: env.taskQueue, home },
    uiBaseUrl: 'http://127.0.0.1:1',
  });
});
afterAll(async () => {
  await client?.close();
  await Promise.all([registry?.stop(), env?.stop()]);
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

function synthorg(...args: string[]): Promise<Run> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_/i.test(key)));
  return runNode(synthorgBin, args, {
    ...clean,
    TEMPORAL_ADDRESS: env.temporalAddress,
    SYNTHORG_TASK_QUEUE: env.taskQueue,
    SYNTHORG_HOME: home,
    NPM_CONFIG_USERCONFIG: registry.npmrc,
    SYNTHORG_DEBUG: '',
  });
}

function json<T>(run: Run): T {
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as T;
}

function refused(run: Run, pattern: RegExp): void {
  expect(run.status, run.stdout).toBe(2);
  expect(run.stderr).toMatch(pattern);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

async function taskVersions(prefix: string): Promise<number[]> {
  const { rows } = await env.pool.query<{ config_version: number | null }>(
    'SELECT config_version FROM tasks WHERE company_id = $1 AND (id = $2 OR id LIKE $3) ORDER BY id',
    [companyId, prefix, `${prefix}.%`],
  );
  return [...new Set(rows.map((row) => row.config_version ?? 0))];
}

describe('upgrading a running company to a newer template version', () => {
  it(
    'publish v1, install, start, publish v2, upgrade: the rollout completes, new goals run on v2, the goal in flight ends on v1',
    { timeout: 300_000 },
    async () => {
      const folder = join(scratch, 'package');
      const keyFile = join(scratch, 'key.pem');
      const key = await market.keygen(keyFile);
      await market.trust.add(key.publicKey, 'publisher');
      await market.init(folder, { name, from: 'solo-founder' });
      await writeFile(join(folder, 'template.yaml'), soloFounder);
      await market.publish(folder, { keyFile });
      await market.install(`${name}@1.0.0`);

      await env.withWorker(async () => {
        expect(await client.startCompany({ id: companyId, template: `${name}@1` })).toMatchObject({ ready: true });

        // A goal in flight across the upgrade: it waits for an approval (supervised oversight) on v1.
        const launch = await client.submitGoal(companyId, 'Launch the new pricing page');
        await until(
          'the launch goal to wait for an approval',
          async () => {
            const company = await client.status(companyId);
            return company.tasks.some((task) => task.status === 'AWAITING_APPROVAL') ? true : undefined;
          },
          120_000,
        );
        expect(await taskVersions(launch.id)).toEqual([1]);

        // v2 is published and installed beside v1 (install keeps older versions; upgrade would remove them).
        const manifestPath = join(folder, 'package.json');
        const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;
        await writeFile(manifestPath, JSON.stringify({ ...manifest, version: '2.0.0' }));
        await writeFile(join(folder, 'template.yaml'), soloFounderV2);
        await market.publish(folder, { keyFile });
        await market.install(`${name}@2.0.0`);

        // Clear refusals, nothing written: through the CLI (exit 2, one line) and the client library.
        refused(await synthorg('template', 'upgrade', companyId, `${name}@1.0.0`), /already runs .*@1\.0\.0/);
        await expect(client.upgradeCompanyTemplate(companyId, `${name}@3.0.0`)).rejects.toThrow(
          /is not installed \(installed: 1\.0\.0, 2\.0\.0\); install it first/,
        );
        await expect(client.upgradeCompanyTemplate('no-such-co', `${name}@2.0.0`)).rejects.toThrow(/no-such-co/);
        await expect(client.upgradeCompanyTemplate(companyId, 'Not A Package')).rejects.toThrow(
          /not a template package/,
        );

        // The dry run shows every changed template field and changes nothing.
        const dryRun = json<CompanyTemplateUpgrade>(
          await synthorg('template', 'upgrade', companyId, `${name}@2.0.0`, '--dry-run', '--json'),
        );
        expect(dryRun).toMatchObject({ from: `${name}@1.0.0`, to: `${name}@2.0.0`, baseVersion: 1, dryRun: true });
        expect(dryRun.changes).toEqual([
          {
            path: 'template.agents.research-assistant.name',
            from: 'Remy',
            to: 'Rhea',
          },
          { path: 'template.package', from: `${name}@1.0.0`, to: `${name}@2.0.0` },
          { path: 'template.policies.reviewRequired', from: true, to: false },
        ]);
        expect((await client.configuration.history(companyId)).versions.map((version) => version.version)).toEqual([1]);

        // The upgrade: a configuration version authored by "template", applied by a rollout straight to 100%.
        const upgraded = json<CompanyTemplateUpgrade>(
          await synthorg(
            'template',
            'upgrade',
            companyId,
            `${name}@2.0.0`,
            '--stages',
            '100',
            '--min-samples',
            '1',
            '--autonomous',
            '--check-every',
            '1s',
            '--json',
          ),
        );
        expect(upgraded.version).toMatchObject({ version: 2, parent: 1, author: 'template' });
        expect(upgraded.changes).toEqual(dryRun.changes);
        expect(upgraded.rollout).toMatchObject({ candidateVersion: 2, baselineVersion: 1 });
        const promoted = await until(
          'the rollout to end',
          async () => {
            const [rollout] = await client.configuration.rollouts(companyId);
            return rollout && rollout.status !== 'RUNNING' ? rollout : undefined;
          },
          120_000,
        );
        expect(promoted).toMatchObject({ candidateVersion: 2, status: 'PROMOTED' });
        expect((await client.configuration.show(companyId)).current).toBe(2);
        const diff = await client.configuration.diff(companyId);
        expect(diff).toMatchObject({ from: 1, to: 2, changes: dryRun.changes });
        // A second upgrade to the same version is refused: the company runs it now.
        refused(await synthorg('template', 'upgrade', companyId, `${name}@2.0.0`), /already runs .*@2\.0\.0/);

        // A new goal runs on v2: no reviews any more.
        const draft = await client.submitGoal(companyId, 'Draft a pricing page');
        const drafted = await client.waitForTask(companyId, draft.id);
        expect(drafted.status).toBe('COMPLETED');
        expect(await taskVersions(draft.id)).toEqual([2]);
        const afterUpgrade = await client.status(companyId);
        const draftTasks = afterUpgrade.tasks.filter(
          (task) => task.id === draft.id || task.id.startsWith(`${draft.id}.`),
        );
        expect(draftTasks.length).toBeGreaterThan(0);
        expect(draftTasks.every((task) => task.reviewer === null)).toBe(true);

        // The goal that was in flight is not lost: answered now, it finishes on v1, reviewed as v1 asks.
        const launched = await client.waitForTask(companyId, launch.id, {
          onApproval: (approval) => client.approve(companyId, approval.taskId, 'ship it'),
        });
        expect(launched.status).toBe('COMPLETED');
        expect(await taskVersions(launch.id)).toEqual([1]);
        const launchRoot = (await client.status(companyId)).tasks.find((task) => task.id === launch.id);
        expect(launchRoot?.reviewer).not.toBeNull();

        // Stats count each goal on the version it ran: the company started on 1.0.0, one goal ran on 2.0.0.
        const stats = await client.templateStats(name);
        expect(
          stats.map(({ version, companiesStarted, goalsCompleted, goalsFailed, goalsOpen }) => ({
            version,
            companiesStarted,
            goalsCompleted,
            goalsFailed,
            goalsOpen,
          })),
        ).toEqual([
          { version: '1.0.0', companiesStarted: 1, goalsCompleted: 1, goalsFailed: 0, goalsOpen: 0 },
          { version: '2.0.0', companiesStarted: 0, goalsCompleted: 1, goalsFailed: 0, goalsOpen: 0 },
        ]);
      });
    },
  );
});
