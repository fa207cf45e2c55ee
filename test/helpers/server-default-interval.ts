import { embeddedDynamicConfig, workflowIdReuseMinimalIntervalKey } from '../../src/temporal/dev-server.ts';

/**
 * The embedded stack's dynamic configuration less its minimal interval between runs of a workflow id: the server's
 * default (1 s) applies, as on a Temporal cluster, and a continued run's first workflow task comes up to ~1 s late
 * (docs/faults-and-load-rounds.md, "Twenty-third round").
 */
export const serverDefaultIntervalConfig = Object.fromEntries(
  Object.entries(embeddedDynamicConfig).filter(([key]) => key !== workflowIdReuseMinimalIntervalKey),
);
