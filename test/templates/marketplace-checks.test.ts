import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateTemplateText } from '../../src/templates/loader.ts';
import { TemplatePackageError } from '../../src/templates/marketplace/errors.ts';
import { tarballIntegrity } from '../../src/templates/marketplace/integrity.ts';
import { lintTemplate } from '../../src/templates/marketplace/lints.ts';
import { registrySettings } from '../../src/templates/marketplace/npm-config.ts';
import { checkPackage } from '../../src/templates/marketplace/package-check.ts';
import { parsePackageSpec } from '../../src/templates/marketplace/package-manifest.ts';
import { findSecrets } from '../../src/templates/marketplace/secrets.ts';
import { generateSigningKey, signPackage, signatureVerifies } from '../../src/templates/marketplace/signing.ts';
import { readTarball, writeTarball, type PackageFile } from '../../src/templates/marketplace/tarball.ts';
import { assessTrust } from '../../src/templates/marketplace/trust-store.ts';
import { runNode, synthorgBin } from '../helpers/cli.ts';

const startupText = await readFile(fileURLToPath(new URL('../../src/templates/startup.yaml', import.meta.url)), 'utf8');

function manifest(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    name: 'synthorg-template-unit',
    version: '1.0.0',
    keywords: ['synthorg-template'],
    synthorg: { schemaVersion: 1, template: 'template.yaml', models: ['default'] },
    ...overrides,
  });
}

function files(template: string, extra: PackageFile[] = [], packageJson = manifest()): PackageFile[] {
  return [
    { path: 'package.json', content: Buffer.from(packageJson) },
    { path: 'template.yaml', content: Buffer.from(template) },
    { path: 'README.md', content: Buffer.from('# unit\n') },
    ...extra,
  ];
}

function refusal(run: () => unknown): TemplatePackageError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(TemplatePackageError);
    return error as TemplatePackageError;
  }
  throw new Error('expected a refusal');
}

/** A raw ustar entry, to build archives the packer would never write. */
function tarEntry(name: string, content: Buffer, type = '0'): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 100);
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(`${content.length.toString(8).padStart(11, '0')}\0`, 124);
  header.write('00000000000\0', 136);
  header.fill(' ', 148, 156);
  header.write(type, 156);
  header.write('ustar\u000000', 257);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return Buffer.concat([header, content, Buffer.alloc((512 - (content.length % 512)) % 512)]);
}

describe('template package checks', () => {
  it('packs reproducibly and reads back exactly the files it packed', () => {
    const packed = files(startupText);
    const first = writeTarball(packed);
    expect(tarballIntegrity(writeTarball([...packed].reverse()))).toBe(tarballIntegrity(first));
    const read = readTarball(first);
    expect(read.map((file) => file.path).sort()).toEqual(['README.md', 'package.json', 'template.yaml']);
    expect(read.find((file) => file.path === 'template.yaml')?.content.toString()).toBe(startupText);
    expect(checkPackage(read).template.name).toBe('Startup');
  });

  it('refuses archive entries that would escape the package folder, links and gzip bombs', () => {
    const archive = (...entries: Buffer[]) => gzipSync(Buffer.concat([...entries, Buffer.alloc(1024)]));
    expect(refusal(() => readTarball(archive(tarEntry('package/../../etc/passwd', Buffer.from('x'))))).message).toMatch(
      /not a safe path/,
    );
    expect(refusal(() => readTarball(archive(tarEntry('/etc/passwd', Buffer.from('x'))))).message).toMatch(
      /not a safe path/,
    );
    expect(refusal(() => readTarball(archive(tarEntry('package/link', Buffer.alloc(0), '2')))).message).toMatch(
      /only regular files/,
    );
    expect(
      refusal(() =>
        readTarball(archive(tarEntry('package/a.md', Buffer.from('1')), tarEntry('package/a.md', Buffer.from('2')))),
      ).message,
    ).toMatch(/appears twice/);
    // 50 MB of zeros compress to ~50 KB: refused while inflating.
    const bomb = gzipSync(Buffer.concat([tarEntry('package/zeros.txt', Buffer.alloc(50 * 1024 * 1024))]));
    expect(bomb.length).toBeLessThan(200 * 1024);
    expect(refusal(() => readTarball(bomb)).message).toMatch(/unpacks to more than/);
    expect(refusal(() => readTarball(Buffer.from('not gzip'))).message).toMatch(/not a gzip archive/);
  });

  it('finds secrets by file name and by content, without repeating them', () => {
    const findings = findSecrets([
      { path: '.env', content: Buffer.from('X=1') },
      { path: 'keys/deploy.pem', content: Buffer.from('') },
      { path: 'README.md', content: Buffer.from('Use the key\nOPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwx\n') },
      { path: 'notes.md', content: Buffer.from('-----BEGIN OPENSSH PRIVATE KEY-----\n') },
      { path: 'ci.md', content: Buffer.from('token: ghp_abcdefghijklmnopqrstuvwxyz0123456789') },
      { path: 'template.yaml', content: Buffer.from(startupText) },
    ]);
    expect(findings).toEqual([
      '.env: looks like an environment file (.env); keep it out of the package',
      'keys/deploy.pem: looks like a key or certificate file; keep it out of the package',
      'README.md:2: looks like an OpenAI-style API key; remove it from the package',
      'notes.md:1: looks like a private key; remove it from the package',
      'ci.md:1: looks like a GitHub token; remove it from the package',
    ]);
    expect(findings.join('\n')).not.toContain('abcdefghij');
    const refused = refusal(() =>
      checkPackage(files(startupText, [{ path: '.env.production', content: Buffer.from('A=b') }])),
    );
    expect(refused.problems).toEqual([
      '.env.production: looks like an environment file (.env); keep it out of the package',
    ]);
  });

  it('refuses code and binaries, and a manifest that is not a template package, naming each bad field', () => {
    expect(
      refusal(() => checkPackage(files(startupText, [{ path: 'index.js', content: Buffer.from('1') }]))).problems,
    ).toEqual(['index.js: only YAML, JSON, Markdown and text files belong in a template package']);
    const bad = refusal(() =>
      checkPackage(
        files(
          startupText,
          [],
          manifest({
            keywords: ['other'],
            version: '1.0',
            scripts: { postinstall: 'x' },
            synthorg: { schemaVersion: 9, tags: ['Bad Tag'] },
          }),
        ),
      ),
    );
    expect(bad.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^package\.json: version: use a semantic version/),
        expect.stringMatching(/^package\.json: keywords: must include "synthorg-template"/),
        expect.stringMatching(/^package\.json: scripts: a template package runs no code/),
        expect.stringMatching(/^package\.json: synthorg\.schemaVersion: .*upgrade synthorg/),
        expect.stringMatching(/^package\.json: synthorg\.tags\.0: /),
      ]),
    );
  });

  it('reports every bad template field by path, and refuses hostile YAML: alias bombs, deep nesting, oversize', () => {
    const broken = startupText
      .replace('seniority: junior', 'seniority: intern')
      .replace('monthlyBudgetUsd: 200', 'monthlyBudgetUsd: -5');
    const invalid = refusal(() => checkPackage(files(broken)));
    expect(invalid.summary).toBe('template.yaml is not a valid template');
    expect(invalid.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^template\.yaml:8:\d+: company\.monthlyBudgetUsd: /),
        expect.stringMatching(/agents\[\d\]\.seniority: /),
      ]),
    );
    const levels = Array.from(
      { length: 12 },
      (_, index) =>
        `l${index}: &l${index} [${Array(9)
          .fill(index === 0 ? '"lol"' : `*l${index - 1}`)
          .join(', ')}]`,
    );
    const bomb = `${levels.join('\n')}\n${startupText}`;
    expect(refusal(() => checkPackage(files(bomb))).problems.join('\n')).toMatch(/alias bomb/);
    const deep = `${startupText}\nx-deep: ${'['.repeat(40)}${']'.repeat(40)}\n`;
    expect(refusal(() => checkPackage(files(deep))).message).toMatch(/nested more than 16 levels deep/);
    const huge = `${startupText}\nx-padding: "${'a'.repeat(300 * 1024)}"\n`;
    expect(refusal(() => checkPackage(files(huge))).message).toMatch(/above the 262144-byte limit for a template/);
  });

  it('lints policy: unreachable agents, unpriced models, full oversight without an agent budget, undeclared models', () => {
    const template = parse(startupText) as {
      company: Record<string, unknown>;
      agents: Record<string, unknown>[];
      policies?: Record<string, unknown>;
    };
    // An intern nobody delegates to, under an agent that only answers: no goal can reach it.
    template.agents.push({
      id: 'intern',
      name: 'Ivy',
      role: 'Intern',
      department: 'engineering',
      seniority: 'junior',
      reportsTo: 'junior-engineer',
    });
    const junior = template.agents.find((agent) => agent.id === 'junior-engineer')!;
    junior.actions = ['answer'];
    template.agents[1]!.model = 'openai:gpt-unknown-model';
    template.company.oversight = 'full';
    const checked = validateTemplateText(stringify(template));
    if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
    const lints = lintTemplate(checked.template, {
      schemaVersion: 1,
      template: 'template.yaml',
      tags: [],
      models: ['default'],
      tools: [],
      instructions: [],
    });
    const errors = lints.filter((lint) => lint.severity === 'error').map((lint) => `${lint.path}: ${lint.message}`);
    expect(errors).toEqual([
      expect.stringMatching(/^agents\[6\]: agent "intern" is unreachable/),
      expect.stringMatching(/^agents\[1\]\.model: model "openai:gpt-unknown-model" has no known price/),
      expect.stringMatching(/^package\.json synthorg\.models: the template uses model "openai:gpt-unknown-model"/),
    ]);
    const warnings = lints.filter((lint) => lint.severity === 'warning').map((lint) => lint.message);
    // The CEO has no budget of its own; agents with a budgetLimitUsd or a stricter department are not warned about.
    expect(warnings).toEqual(
      expect.arrayContaining([expect.stringMatching(/"ceo" works under full oversight .* without a budgetLimitUsd/)]),
    );
    for (const warning of warnings) expect(warning).toMatch(/works under full oversight/);
    const budgeted = template.agents
      .filter((agent) => agent.budgetLimitUsd !== undefined)
      .map((agent) => String(agent.id));
    for (const id of budgeted) expect(warnings.join('\n')).not.toContain(`"${id}"`);
    // The built-ins pass every lint.
    const clean = validateTemplateText(startupText);
    expect(clean.ok && lintTemplate(clean.template)).toEqual([]);
  });

  it('signs name, version and integrity with ed25519: another version, integrity or key fails', () => {
    const key = generateSigningKey();
    const signature = signPackage(key.privateKeyPem, 'pkg', '1.0.0', 'sha512-abc');
    expect(signatureVerifies(signature, 'pkg', '1.0.0', 'sha512-abc')).toBe(true);
    expect(signatureVerifies(signature, 'pkg', '1.0.1', 'sha512-abc')).toBe(false);
    expect(signatureVerifies(signature, 'pkg', '1.0.0', 'sha512-abd')).toBe(false);
    const other = generateSigningKey();
    expect(signatureVerifies({ ...signature, publicKey: other.publicKey }, 'pkg', '1.0.0', 'sha512-abc')).toBe(false);
    const trusted = [{ keyId: key.keyId, publicKey: key.publicKey, name: 'acme', addedAt: '' }];
    expect(assessTrust(signature, 'pkg', '1.0.0', 'sha512-abc', trusted)).toMatchObject({
      tier: 'trusted',
      signer: 'acme',
    });
    expect(assessTrust(signature, 'pkg', '1.0.0', 'sha512-abc', [])).toMatchObject({
      tier: 'signed',
      reason: expect.stringMatching(/not in your trust list/),
    });
    expect(assessTrust(signature, 'pkg', '1.0.0', 'sha512-xyz', trusted)).toMatchObject({ tier: 'invalid' });
    expect(assessTrust(undefined, 'pkg', '1.0.0', 'sha512-abc', trusted)).toMatchObject({ tier: 'unsigned' });
    expect(() => signPackage('not a key', 'pkg', '1.0.0', 'x')).toThrow(TemplatePackageError);
  });

  it('runs the lints on a template file with "template validate --lint" (exit 2 on a lint error)', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'synthorg-lint-'));
    try {
      const file = join(folder, 'lonely.yaml');
      const solo = await readFile(
        fileURLToPath(new URL('../../src/templates/solo-founder.yaml', import.meta.url)),
        'utf8',
      );
      await writeFile(
        file,
        solo.replace(
          'canDelegateTo: [research-assistant, operations-assistant]',
          'canDelegateTo: [research-assistant]',
        ),
      );
      const environment = { ...process.env, TEMPORAL_ADDRESS: '127.0.0.1:1', SYNTHORG_DEBUG: '' };
      const linted = await runNode(synthorgBin, ['template', 'validate', file, '--lint', '--json'], environment);
      expect(linted.status).toBe(2);
      expect(JSON.parse(linted.stdout)).toMatchObject({
        valid: false,
        lints: [
          {
            severity: 'error',
            path: 'agents[2]',
            message: expect.stringMatching(/"operations-assistant" is unreachable/),
          },
        ],
      });
      // Without --lint the schema alone decides, as before.
      expect((await runNode(synthorgBin, ['template', 'validate', file], environment)).status).toBe(0);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  describe('npm configuration', () => {
    let folder: string;
    beforeAll(async () => {
      folder = await mkdtemp(join(tmpdir(), 'synthorg-npmrc-'));
      await writeFile(
        join(folder, 'user-npmrc'),
        'registry=https://user.example/\n//user.example/:_authToken=user-token\n@acme:registry=https://npm.acme.example/packages/\n//npm.acme.example/:_authToken=acme-token\n',
      );
    });
    afterAll(() => rm(folder, { recursive: true, force: true }));

    it('chooses the registry and its token the way npm does', async () => {
      const sources = { cwd: join(folder, 'nowhere'), userConfig: join(folder, 'user-npmrc') };
      expect(await registrySettings(sources)).toEqual({ registry: 'https://user.example/', token: 'user-token' });
      expect(await registrySettings(sources, { packageName: '@acme/tpl' })).toEqual({
        registry: 'https://npm.acme.example/packages/',
        token: 'acme-token',
      });
      expect(await registrySettings({ ...sources, registryVariable: 'http://env.example' })).toEqual({
        registry: 'http://env.example/',
        token: undefined,
      });
      expect(await registrySettings(sources, { registry: 'http://flag.example/x' })).toEqual({
        registry: 'http://flag.example/x/',
        token: undefined,
      });
      expect((await registrySettings({ cwd: folder, userConfig: join(folder, 'missing') })).registry).toBe(
        'https://registry.npmjs.org/',
      );
    });

    it('parses package specs with scopes, ranges and tags', () => {
      expect(parsePackageSpec('tpl')).toEqual({ name: 'tpl', range: undefined });
      expect(parsePackageSpec('tpl@^1.2')).toEqual({ name: 'tpl', range: '^1.2' });
      expect(parsePackageSpec('@acme/tpl@beta')).toEqual({ name: '@acme/tpl', range: 'beta' });
      expect(parsePackageSpec('@acme/tpl')).toEqual({ name: '@acme/tpl', range: undefined });
    });
  });
});
