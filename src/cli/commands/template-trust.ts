import { readFile, stat } from 'node:fs/promises';
import type { Command } from '../args.ts';
import { defineCommand } from '../args.ts';
import { printJson, printLines } from '../output.ts';
import { defineFamily } from '../subcommands.ts';
import { marketplace } from './template-package-shared.ts';

const trustAdd = defineCommand(
  {
    name: 'template trust add',
    synopsis: '<public-key|file> [--name <label>] [--json]',
    summary: 'Trust a publisher key: packages it signs install without --allow-unsigned.',
    details: `The key is the base64 public key "synthorg template keygen" printed, or a file holding it or a PEM public key.
Options:
  --name <label>  what to call the publisher in listings
  --json          print {"keyId","publicKey","name","addedAt","added"}`,
    positionals: ['key'],
    flags: ['json'],
    options: ['name'],
  },
  async ({ flags, options, positionals }) => {
    const text = (await stat(positionals.key).then(
      (info) => info.isFile(),
      () => false,
    ))
      ? await readFile(positionals.key, 'utf8')
      : positionals.key;
    const { key, added } = await marketplace().trust.add(text, options.name);
    if (flags.json) printJson({ ...key, added });
    else printLines([`${added ? 'trusted' : 'already trusted'}: key ${key.keyId} (${key.name})`]);
    return 0;
  },
);

const trustList = defineCommand(
  {
    name: 'template trust list',
    synopsis: '[--json]',
    summary: 'List the publisher keys you trust.',
    details: `Options:
  --json  print [{"keyId","publicKey","name","addedAt"}]`,
    positionals: [],
    flags: ['json'],
    options: [],
  },
  async ({ flags }) => {
    const keys = await marketplace().trustedKeys();
    if (flags.json) printJson(keys);
    else if (keys.length === 0) printLines(['no trusted keys (synthorg template trust add <public-key>)']);
    else printLines(keys.map((key) => `${key.keyId}  ${key.name}  ${key.publicKey}  added ${key.addedAt}`));
    return 0;
  },
);

const trustRemove = defineCommand(
  {
    name: 'template trust remove',
    synopsis: '<key-id|name> [--json]',
    summary: 'Stop trusting a publisher key.',
    details: `Installed packages stay; new installs of its packages need --allow-unsigned.
Options:
  --json  print the removed key {"keyId","publicKey","name","addedAt"}`,
    positionals: ['key'],
    flags: ['json'],
    options: [],
  },
  async ({ flags, positionals }) => {
    const key = await marketplace().trust.remove(positionals.key);
    if (flags.json) printJson(key);
    else printLines([`no longer trusted: key ${key.keyId} (${key.name})`]);
    return 0;
  },
);

const trustFamily = defineFamily('template trust', 'Publisher keys you trust for template packages.', [
  trustAdd,
  trustList,
  trustRemove,
]);

/** `template trust add|list|remove`, as one subcommand of the template family. */
export const trustCommand: Command = {
  name: 'template trust',
  synopsis: 'add|list|remove',
  summary: 'Manage the publisher keys you trust (add, list, remove).',
  switches: ['--json', '--name', '--help'],
  run: trustFamily,
};
