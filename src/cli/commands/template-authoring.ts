import { defineCommand } from '../args.ts';
import { UsageError } from '../errors.ts';
import { printJson, printLines } from '../output.ts';
import { marketplace, printWarnings, registryHelp } from './template-package-shared.ts';

export const initCommand = defineCommand(
  {
    name: 'template init',
    synopsis: '<dir> --name <package> [--from <built-in>] [--force] [--json]',
    summary: 'Create a template package folder: package.json, template.yaml, README.md, instructions/.',
    details: `Options:
  --name <package>  the npm package name, e.g. "synthorg-template-acme" or "@acme/startup-template"
  --from <built-in> the built-in template to start from (default: startup)
  --force           write into a folder that is not empty
  --json            print {"directory","files"}`,
    positionals: ['dir'],
    flags: ['force', 'json'],
    options: ['name', 'from'],
  },
  async ({ flags, options, positionals }) => {
    if (options.name === undefined) throw new UsageError('missing --name <package> (an npm package name)');
    const result = await marketplace().init(positionals.dir, {
      name: options.name,
      ...(options.from ? { from: options.from } : {}),
      force: flags.force,
    });
    if (flags.json) printJson(result);
    else
      printLines([
        `created ${result.directory}: ${result.files.join(', ')}`,
        `next: synthorg template pack ${positionals.dir}`,
      ]);
    return 0;
  },
);

export const packCommand = defineCommand(
  {
    name: 'template pack',
    synopsis: '[<dir>] [--out <dir>] [--key <private-key.pem>] [--json]',
    summary: 'Check a template package folder and write <name>-<version>.tgz (and a signature with --key).',
    details: `Refuses secrets (keys, tokens, .env files), files that are not YAML, JSON, Markdown or text,
an invalid template (every bad field by path), hostile YAML (too large, too deep, alias bombs) and
policy errors (unreachable agents, unpriced models, undeclared models).
Options:
  --out <dir>   where to write the tarball (default: the package folder)
  --key <file>  sign the tarball's integrity with this ed25519 key ("synthorg template keygen")
  --json        print {"file","name","version","integrity","shasum","size","files","signature","warnings"}`,
    positionals: [],
    optionalPositionals: ['dir'],
    flags: ['json'],
    options: ['out', 'key'],
  },
  async ({ flags, options, optional }) => {
    const result = await marketplace().pack(optional.dir ?? '.', {
      ...(options.out ? { outDirectory: options.out } : {}),
      ...(options.key ? { keyFile: options.key } : {}),
    });
    if (flags.json) printJson(result);
    else {
      printWarnings(result.warnings);
      printLines([
        `packed ${result.name}@${result.version}: ${result.file} (${result.size} bytes, ${result.files.length} files)`,
        `integrity ${result.integrity}`,
        result.signature
          ? `signed by key ${result.signature.keyId}`
          : 'unsigned (sign with --key to let users trust it)',
      ]);
    }
    return 0;
  },
);

export const publishCommand = defineCommand(
  {
    name: 'template publish',
    synopsis: '[<dir|tarball.tgz>] [--registry <url>] [--key <private-key.pem>] [--tag <tag>] [--json]',
    summary: 'Publish a template package to an npm-compatible registry (the same PUT "npm publish" sends).',
    details: `Packs a folder (with every check of "template pack") or takes a tarball from "template pack" with
its .sig.json. The registry's token comes from .npmrc ("npm login --registry <url>" writes it).
Options:
${registryHelp}
  --key <file>      sign the integrity with this ed25519 key
  --tag <tag>       the dist-tag to set (default: latest)
  --json            print {"name","version","integrity","registry","tag","signedBy","warnings"}`,
    positionals: [],
    optionalPositionals: ['source'],
    flags: ['json'],
    options: ['registry', 'key', 'tag'],
  },
  async ({ flags, options, optional }) => {
    const result = await marketplace().publish(optional.source ?? '.', {
      registry: options.registry,
      ...(options.key ? { keyFile: options.key } : {}),
      ...(options.tag ? { tag: options.tag } : {}),
    });
    if (flags.json) printJson(result);
    else {
      printWarnings(result.warnings);
      printLines([
        `published ${result.name}@${result.version} to ${result.registry} (tag ${result.tag}), ${result.signedBy ? `signed by key ${result.signedBy}` : 'unsigned'}`,
      ]);
    }
    return 0;
  },
);

export const keygenCommand = defineCommand(
  {
    name: 'template keygen',
    synopsis: '--out <private-key.pem> [--json]',
    summary: 'Make an ed25519 key pair for signing template packages; prints the public key others trust.',
    details: `The private key is written with mode 600 and never overwritten. Give users the public key:
they run "synthorg template trust add <public-key> --name <you>".
Options:
  --json  print {"keyId","publicKey","file"}`,
    positionals: [],
    flags: ['json'],
    options: ['out'],
  },
  async ({ flags, options }) => {
    if (options.out === undefined) throw new UsageError('missing --out <file> for the private key');
    const key = await marketplace().keygen(options.out);
    if (flags.json) printJson(key);
    else
      printLines([
        `wrote private key ${key.file} (keep it secret)`,
        `key id:     ${key.keyId}`,
        `public key: ${key.publicKey}`,
      ]);
    return 0;
  },
);
