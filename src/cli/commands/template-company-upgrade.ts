import type { CompanyTemplateUpgrade } from '../../client/company-template-upgrade.ts';
import { companyIdArgument } from '../args.ts';
import { withClient } from '../client.ts';
import { UsageError } from '../errors.ts';
import { printJson, printLines } from '../output.ts';
import { reasonOption, stagesOption } from './configuration-access.ts';

/** The options of `template upgrade <company> <package>@<version>` (docs/templates.md, "Upgrading a running company"). */
export const companyUpgradeHelp = `With <company>: move a running company to an installed newer version of its template package. The
new template becomes a configuration version (author "template") that a staged rollout applies to new
goals; goals already running keep their version. Needs a worker ("synthorg dev").
  --dry-run             print the changes (every template field by path) and change nothing
  --stages <list>       the rollout's shares of new goals, ending at 100 (default 10,50,100; 100: at once)
  --min-samples <n>     finished goals each arm needs before a gate decides (default 20)
  --max-duration <d>    longest a stage may take to reach its sample (default 2d)
  --autonomous          the gates advance stages alone (default: "synthorg rollout approve" each stage)
  --check-every <d>     how often the gate reads the numbers (default 1m)
  --reason <text>       recorded with the version and the rollout
  --json                print {"companyId","from","to","package","baseVersion","changes","dryRun","version","rollout"}`;

/** Options that belong to one form of `template upgrade` only. */
export const companyUpgradeOptions = ['stages', 'min-samples', 'max-duration', 'check-every', 'reason'] as const;

interface CompanyUpgradeArguments {
  company: string;
  spec: string;
  flags: { json: boolean; 'dry-run': boolean; autonomous: boolean; 'allow-unsigned': boolean };
  options: Partial<Record<(typeof companyUpgradeOptions)[number] | 'registry', string>>;
}

/** `template upgrade <company> <package>@<version>`: a dry-run diff, or a configuration version and its rollout. */
export async function runCompanyUpgrade({ company, spec, flags, options }: CompanyUpgradeArguments): Promise<number> {
  const id = companyIdArgument(company);
  if (flags['allow-unsigned'] || options.registry !== undefined) {
    throw new UsageError(
      '--allow-unsigned and --registry belong to installing; install the version first (synthorg template install), then upgrade the company',
    );
  }
  const stages = stagesOption(options.stages, options['min-samples'], options['max-duration']);
  const result = await withClient((api) =>
    api.upgradeCompanyTemplate(id, spec, {
      dryRun: flags['dry-run'],
      ...(stages ? { stages } : {}),
      mode: flags.autonomous ? 'autonomous' : 'manual',
      ...(options['check-every'] ? { checkEvery: options['check-every'] } : {}),
      ...reasonOption(options.reason),
    }),
  );
  if (flags.json) printJson(result);
  else printLines(upgradeLines(result));
  return 0;
}

function upgradeLines(result: CompanyTemplateUpgrade): string[] {
  const value = (item: unknown) => (item === null ? '(none)' : JSON.stringify(item));
  const changes = result.changes.map((change) => `  ${change.path}: ${value(change.from)} → ${value(change.to)}`);
  const head = `${result.companyId}: ${result.from} → ${result.to} (over configuration v${result.baseVersion}), ${result.changes.length} changes`;
  if (result.dryRun) return [`dry run, nothing changed: ${head}`, ...changes];
  const rollout = result.rollout!;
  return [
    `${head}`,
    ...changes,
    `configuration v${result.version!.version} created; rolling out against v${rollout.baselineVersion}: ` +
      `${rollout.stages.map((stage) => `${stage.percent}%`).join(' → ')} (${rollout.mode})`,
    `goals already running keep their version; follow it with: synthorg rollout show ${result.companyId} ${result.version!.version}`,
  ];
}
