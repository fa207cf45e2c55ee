import { DefaultLogger, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import type { LogLevel } from '@temporalio/worker';

let installed = false;
let sdkMetricsAddress: string | undefined;

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
export function installRuntime(level: LogLevel = 'WARN', options: { prometheusBindAddress?: string } = {}): void {
  if (installed) return;
  installed = true;
  sdkMetricsAddress = options.prometheusBindAddress;
  Runtime.install({
    logger: new DefaultLogger(level),
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: level }) },
      ...(options.prometheusBindAddress
        ? { metrics: { prometheus: { bindAddress: options.prometheusBindAddress, countersTotalSuffix: true } } }
        : {}),
    },
  });
}

/** Whether this process's runtime is installed: its telemetry options can no longer change. */
export function runtimeInstalled(): boolean {
  return installed;
}

/** `http://…/metrics` of the Temporal SDK's own Prometheus exporter, when the runtime was installed with one. */
export function sdkMetricsUrl(): string | undefined {
  return sdkMetricsAddress ? `http://${sdkMetricsAddress}/metrics` : undefined;
}
