import type { InstallOptions, InstallResult, PackageUpgrade } from '../../templates/marketplace/marketplace.ts';
import { defineCommand } from '../args.ts';
import { withClient } from '../client.ts';
import { formatUsd, printJson, printLines } from '../output.ts';
import { UsageError } from '../errors.ts';
import { companyUpgradeHelp, companyUpgradeOptions, runCompanyUpgrade } from './template-company-upgrade.ts';
import { marketplace, printWarnings, registryHelp } from './template-package-shared.ts';

const installDetails = `Verifies, refusing with nothing installed at the first failure: the tarball's sha512 against the
registry's dist.integrity and the lock file's pin; the ed25519 signature against your trusted keys;
every package check of "template pack". Installs to $SYNTHORG_HOME/templates/<name>@<version> and pins
the integrity in $SYNTHORG_HOME/templates/synthorg-templates.lock.json.
Options:
${registryHelp}
  --allow-unsigned  install an unsigned package or one signed by a key you do not trust
  --dry-run         first run the package's sample goal on the offline model in a throwaway company
                    (needs a worker: "synthorg dev"); install only if it completes`;

async function runInstall(
  install: (options: InstallOptions) => Promise<InstallResult | null>,
  flags: { 'allow-unsigned': boolean; 'dry-run': boolean },
  registry: string | undefined,
): Promise<InstallResult | null> {
  const options: InstallOptions = { registry, allowUnsigned: flags['allow-unsigned'] };
  if (!flags['dry-run']) return install(options);
  return withClient((api) => install({ ...options, dryRun: (template, goal) => api.dryRunTemplate(template, goal) }));
}

function installLines(result: InstallResult): string[] {
  printWarnings(result.warnings);
  return [
    `installed ${result.name}@${result.version} (${result.tier}: ${result.reason})`,
    `  ${result.path}`,
    `  integrity ${result.integrity} pinned in the lock file`,
    ...(result.dryRun
      ? [
          `  dry run: company ${result.dryRun.companyId} completed "${result.dryRun.goal}" in ${result.dryRun.tasks} tasks, ${formatUsd(result.dryRun.costUsd)} (offline model, simulated prices)`,
        ]
      : []),
    `start a company: synthorg company start <id> --template ${result.name}@${result.version}`,
  ];
}

export const installCommand = defineCommand(
  {
    name: 'template install',
    synopsis: '<package>[@<range|tag>] [--registry <url>] [--allow-unsigned] [--dry-run] [--json]',
    summary: 'Download, verify and install a template package.',
    details: `${installDetails}
  --json            print {"name","version","integrity","path","tier","reason","reinstalled","warnings","dryRun"}`,
    positionals: ['package'],
    flags: ['allow-unsigned', 'dry-run', 'json'],
    options: ['registry'],
  },
  async ({ flags, options, positionals }) => {
    const result = (await runInstall(
      (install) => marketplace().install(positionals.package, install),
      flags,
      options.registry,
    ))!;
    if (flags.json) printJson(result);
    else printLines(installLines(result));
    return 0;
  },
);

export const upgradeCommand = defineCommand(
  {
    name: 'template upgrade',
    synopsis:
      '<package>[@<range|tag>] [--registry <url>] [--allow-unsigned] [--dry-run] [--json] | <company> <package>@<version> [--dry-run] [--stages …] [--autonomous] [--json]',
    summary:
      'Install the newest version of an installed package (and remove the older ones); with <company>, move a running company to it.',
    details: `With one argument: running companies keep the template they started with; new starts use the new version.
${installDetails}
  --json            print {"name","from","to","upToDate","installed"}
${companyUpgradeHelp}`,
    positionals: ['target'],
    optionalPositionals: ['package'],
    flags: ['allow-unsigned', 'dry-run', 'autonomous', 'json'],
    options: ['registry', ...companyUpgradeOptions],
  },
  async ({ flags, options, positionals, optional }) => {
    if (optional.package !== undefined)
      return runCompanyUpgrade({ company: positionals.target, spec: optional.package, flags, options });
    const misplaced = [
      ...(flags.autonomous ? ['--autonomous'] : []),
      ...companyUpgradeOptions.filter((name) => options[name] !== undefined).map((name) => `--${name}`),
    ];
    if (misplaced.length > 0)
      throw new UsageError(
        `${misplaced.join(', ')}: only with a company (template upgrade <company> <package>@<version>)`,
      );
    let upgrade: PackageUpgrade | undefined;
    await runInstall(
      async (install) => {
        upgrade = await marketplace().upgrade(positionals.target, install);
        return upgrade.installed;
      },
      flags,
      options.registry,
    );
    const result = upgrade!;
    if (flags.json) printJson(result);
    else if (result.upToDate) printLines([`${result.name} is up to date at ${result.to}`]);
    else
      printLines([
        `upgraded ${result.name} from ${result.from.join(', ')} to ${result.to}`,
        ...installLines(result.installed!),
      ]);
    return 0;
  },
);

export const removeCommand = defineCommand(
  {
    name: 'template remove',
    synopsis: '<package>[@<version>] [--json]',
    summary: 'Remove an installed template package (every version, or one) and its lock entries.',
    details: `Running companies are not affected: a company carries its template from the start.
Options:
  --json  print [{"name","version"}] of what was removed`,
    positionals: ['package'],
    flags: ['json'],
    options: [],
  },
  async ({ flags, positionals }) => {
    const removed = await marketplace().remove(positionals.package);
    if (flags.json) printJson(removed.map((entry) => ({ name: entry.name, version: entry.version })));
    else printLines(removed.map((entry) => `removed ${entry.name}@${entry.version}`));
    return 0;
  },
);

/** Installed packages for `template list`: each checked against its lock pin; a failed check is shown, not thrown. */
export async function installedListing(): Promise<
  {
    name: string;
    version: string;
    description: string;
    agents: number | null;
    departments: number | null;
    integrity: string;
    tier: string;
    path: string;
    problem?: string;
  }[]
> {
  const market = marketplace();
  const entries = await market.store.entries();
  return Promise.all(
    entries.map(async (entry) => {
      const base = {
        name: entry.name,
        version: entry.version,
        integrity: entry.integrity,
        tier: entry.tier,
        path: market.store.pathOf(entry.name, entry.version),
      };
      try {
        const loaded = await market.loadInstalled(`${entry.name}@${entry.version}`);
        const template = loaded!.checked.template;
        return {
          ...base,
          description: template.description,
          agents: template.agents.length,
          departments: template.departments.length,
        };
      } catch (error) {
        return { ...base, description: '', agents: null, departments: null, problem: (error as Error).message };
      }
    }),
  );
}
