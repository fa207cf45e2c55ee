import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { SynthorgConfig } from '../../config/env.ts';
import { acquireInstallLock, pathExists } from '../../llm/local-model/install-lock.ts';
import { CoreNlpError } from './corenlp-errors.ts';

const execFileAsync = promisify(execFile);

/**
 * The Stanford CoreNLP release the parser extractor runs (Maven Central: edu.stanford.nlp:stanford-corenlp, the code
 * jar and the English `models` jar). CoreNLP is GPL-3: it is fetched onto the machine that asks for it and run as a
 * separate server process spoken to over HTTP (corenlp-server.ts), never bundled with or linked into this project.
 */
export const coreNlpRelease = { group: 'edu.stanford.nlp', artifact: 'stanford-corenlp', version: '4.5.10' } as const;

/** The directory the release's jars (its own, its models, its dependencies) are copied into, under the cache. */
export function coreNlpDirectory(config: SynthorgConfig): string {
  return join(config.cacheDir, 'corenlp', coreNlpRelease.version);
}

/** The two jars and their dependencies, as Maven reads them: a project that only depends on them. */
function projectFile(): string {
  const { group, artifact, version } = coreNlpRelease;
  const dependency = (classifier: string) =>
    `<dependency><groupId>${group}</groupId><artifactId>${artifact}</artifactId><version>${version}</version>${classifier}</dependency>`;
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>synthorg</groupId><artifactId>corenlp-server</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies>
    ${dependency('')}
    ${dependency('<classifier>models</classifier>')}
  </dependencies>
</project>
`;
}

/** Fails with what to install when `tool` (java or mvn) does not run. */
async function checkTool(tool: 'java' | 'mvn'): Promise<void> {
  try {
    await execFileAsync(tool, tool === 'java' ? ['-version'] : ['-v'], { timeout: 60_000 });
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new CoreNlpError(
      `the parser extractor runs Stanford CoreNLP, which needs ${tool === 'java' ? 'Java 8 or later' : 'Maven'}, and ` +
        `"${tool}" ${missing ? 'was not found on PATH' : 'did not run'}; install it ` +
        `(Debian/Ubuntu: apt-get install ${tool === 'java' ? 'openjdk-17-jre-headless' : 'maven'}) or use the offline extractor`,
    );
  }
}

/** The class path of an installed release: every jar in its `lib` directory. */
export async function coreNlpClassPath(directory: string): Promise<string> {
  const jars = (await readdir(join(directory, 'lib'))).filter((name) => name.endsWith('.jar'));
  return jars.map((name) => join(directory, 'lib', name)).join(':');
}

/**
 * The release's directory, installed on first use: Maven resolves the two jars and their dependencies from Maven
 * Central (or the local ~/.m2 repository, where they already are) and copies them into `lib`, once. Concurrent
 * installers wait on a lock, and the install lands by an atomic rename, so a stopped install leaves nothing half
 * done behind. The models jar is ~470 MB: a first install on a slow line takes minutes, and says so.
 */
export async function ensureCoreNlp(config: SynthorgConfig, log: (line: string) => void = () => {}): Promise<string> {
  const target = coreNlpDirectory(config);
  await checkTool('java');
  if (await pathExists(target)) return target;
  await checkTool('mvn');
  await mkdir(dirname(target), { recursive: true });
  const release = await acquireInstallLock(target);
  if (release === undefined) return target;
  const staging = await mkdtemp(`${target}.staging-`);
  try {
    const name = `${coreNlpRelease.group}:${coreNlpRelease.artifact}:${coreNlpRelease.version}`;
    log(`installing Stanford CoreNLP ${name} (GPL-3, run as a separate server) into ${target} with Maven …`);
    const started = Date.now();
    await writeFile(join(staging, 'pom.xml'), projectFile());
    try {
      await execFileAsync(
        'mvn',
        [
          '-B',
          '-q',
          '-f',
          join(staging, 'pom.xml'),
          'dependency:copy-dependencies',
          `-DoutputDirectory=${join(staging, 'lib')}`,
        ],
        { timeout: 30 * 60_000, maxBuffer: 16 * 1024 * 1024 },
      );
    } catch (error) {
      const output = `${String((error as { stdout?: unknown }).stdout ?? '')}\n${String((error as { stderr?: unknown }).stderr ?? '')}`;
      const last = output
        .split('\n')
        .filter((line) => /ERROR/.test(line))
        .at(0);
      throw new CoreNlpError(`mvn could not fetch ${name}: ${last ?? (error as Error).message}`, { cause: error });
    }
    await rename(staging, target);
    log(`installed Stanford CoreNLP in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return target;
  } finally {
    await rm(staging, { recursive: true, force: true });
    await release();
  }
}
