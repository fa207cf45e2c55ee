import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { SynthorgConfig } from '../../config/env.ts';
import { LocalModelError } from './errors.ts';
import type { PythonPackage } from './catalog.ts';
import { acquireInstallLock, pathExists } from './install-lock.ts';

const execFileAsync = promisify(execFile);

/** The directory a pinned package installs into: one per name and version, shared by every checkout. */
export function packageDirectory(config: SynthorgConfig, pythonPackage: PythonPackage): string {
  return join(config.cacheDir, 'local-models', `${pythonPackage.name}-${pythonPackage.version}`);
}

/** The Python that installs and runs local models: SYNTHORG_PYTHON, else `python3` on PATH. */
export function pythonCommand(config: SynthorgConfig): string {
  return config.python ?? 'python3';
}

/** Fails with what to install when there is no Python 3 with pip. */
export async function checkPython(config: SynthorgConfig): Promise<void> {
  const python = pythonCommand(config);
  try {
    await execFileAsync(python, ['-m', 'pip', '--version'], { timeout: 60_000 });
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new LocalModelError(
      `local models need Python 3 with pip, and ${missing ? `"${python}" was not found` : `"${python} -m pip" does not work`}; ` +
        'install them (Debian/Ubuntu: apt-get install python3 python3-pip) or set SYNTHORG_PYTHON to a Python that has pip',
    );
  }
}

/**
 * Installs a pinned PyPI package with pip into its own directory under the cache (`pip install
 * --target`, so no virtual environment or system site-packages is touched), once: concurrent
 * installers (several workers, test files) wait on a lock, and the install lands by an atomic rename,
 * so a crash mid-install leaves no half-installed directory behind. Returns the directory.
 */
export async function installPythonPackage(
  config: SynthorgConfig,
  pythonPackage: PythonPackage,
  log: (line: string) => void = () => {},
): Promise<string> {
  const target = packageDirectory(config, pythonPackage);
  if (await pathExists(target)) return target;
  await checkPython(config);
  await mkdir(dirname(target), { recursive: true });
  const release = await acquireInstallLock(target);
  if (release === undefined) return target;
  const staging = await mkdtemp(`${target}.staging-`);
  try {
    const spec = `${pythonPackage.name}==${pythonPackage.version}`;
    log(`installing ${spec} from PyPI into ${target} …`);
    const started = Date.now();
    const args = ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-input', '--target', staging];
    if (pythonPackage.noDependencies) args.push('--no-deps');
    // A source distribution runs its build script at install; a wheel is only unpacked.
    if (pythonPackage.wheelOnly) args.push('--only-binary', ':all:');
    args.push(spec);
    try {
      // The target directory is ours alone, so a distribution's "externally managed" guard does not apply.
      await execFileAsync(pythonCommand(config), args, {
        timeout: 15 * 60_000,
        maxBuffer: 16 * 1024 * 1024,
        env: { ...process.env, PIP_BREAK_SYSTEM_PACKAGES: '1' },
      });
    } catch (error) {
      const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
      const last = stderr
        .split('\n')
        .filter((line) => line.trim() !== '' && !/^WARNING/.test(line))
        .at(-1);
      throw new Error(`pip install ${spec} failed: ${last ?? (error as Error).message}`, { cause: error });
    }
    await rename(staging, target);
    log(`installed ${spec} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return target;
  } finally {
    await rm(staging, { recursive: true, force: true });
    await release();
  }
}
