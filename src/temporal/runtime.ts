import { DefaultLogger, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import type { LogLevel } from '@temporalio/worker';

let installed = false;

/** A logger that drops everything: for workflow bundling and mocked activity contexts in tests and benchmarks. */
export const silentLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/**
 * Installs the Temporal worker runtime once per process with a log level: the SDK logs every worker
 * state change at INFO, which drowns a CLI's own output. SYNTHORG_LOG_LEVEL overrides the default.
 */
export function installRuntime(level: LogLevel = 'WARN'): void {
  if (installed) return;
  installed = true;
  Runtime.install({
    logger: new DefaultLogger(level),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: level }) } },
  });
}
