import { defineCommand } from '../args.ts';
import { printJson, printLines } from '../output.ts';
import { marketplace, registryHelp } from './template-package-shared.ts';

export const searchCommand = defineCommand(
  {
    name: 'template search',
    synopsis: '[<text>] [--registry <url>] [--json]',
    summary: 'Find template packages (keyword "synthorg-template") with their trust tier and why.',
    details: `Tiers: trusted (signed by a key in your trust list), signed (a valid signature by another key),
unsigned, invalid (a signature that does not verify).
Options:
${registryHelp}
  --json            print [{"name","version","description","tags","tier","reason"}]`,
    positionals: [],
    optionalPositionals: ['text'],
    flags: ['json'],
    options: ['registry'],
  },
  async ({ flags, options, optional }) => {
    const results = await marketplace().search(optional.text ?? '', { registry: options.registry });
    if (flags.json) printJson(results);
    else if (results.length === 0) printLines(['no template packages found']);
    else
      printLines(
        results.flatMap((result) => [
          `${result.name}@${result.version}  [${result.tier}]  ${result.description}`,
          `  ${result.reason}`,
        ]),
      );
    return 0;
  },
);

export const infoCommand = defineCommand(
  {
    name: 'template info',
    synopsis: '<package>[@<range|tag>] [--registry <url>] [--json]',
    summary:
      'Show a template package from the registry: versions, integrity, trust tier and why, required models and tools.',
    details: `Options:
${registryHelp}
  --json            print {"name","registry","version","description","distTags","versions","integrity","tier","reason",
                    "keyId","tags","models","tools","installed"}`,
    positionals: ['package'],
    flags: ['json'],
    options: ['registry'],
  },
  async ({ flags, options, positionals }) => {
    const info = await marketplace().info(positionals.package, { registry: options.registry });
    if (flags.json) printJson(info);
    else
      printLines([
        `${info.name}@${info.version} — ${info.description}`,
        `registry:   ${info.registry}`,
        `versions:   ${info.versions.join(', ')} (tags: ${Object.entries(info.distTags)
          .map(([tag, version]) => `${tag}=${version}`)
          .join(', ')})`,
        `integrity:  ${info.integrity ?? '(none)'}`,
        `trust:      ${info.tier}: ${info.reason}`,
        `models:     ${info.models.join(', ') || '(none listed)'}`,
        `tools:      ${info.tools.join(', ') || '(none listed)'}`,
        `tags:       ${info.tags.join(', ') || '(none)'}`,
        `installed:  ${info.installed.join(', ') || 'no'}`,
      ]);
    return 0;
  },
);
