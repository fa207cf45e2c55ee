import type { Connection } from '@temporalio/client';
import { msNumberToTs } from '@temporalio/common/lib/time.js';
import { customSearchAttributes } from '../domain/search-attributes.ts';

/** gRPC status codes (the grpc package is not a direct dependency). */
const notFound = 5;
const alreadyExists = 6;

/** temporal.api.enums.v1.IndexedValueType for the types our search attributes use. */
const indexedValueTypes: Record<'Keyword' | 'Double', number> = { Keyword: 2, Double: 4 };

function grpcCode(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'number'
    ? error.code
    : undefined;
}

export interface EnsureNamespaceOptions {
  /** How long closed workflows stay visible (default 3 days, as the dev server's own namespace). */
  retentionDays?: number;
  /** Give up when the namespace still does not answer after this long (default 30 s). */
  timeoutMs?: number;
}

/**
 * Makes `namespace` exist on the cluster with SynthOrg's search attributes, so an organisation can
 * run its companies in a namespace of its own (business ids such as `company:globex` are unique per
 * namespace only, and a second organisation's company of the same name must not collide with it).
 * Idempotent: an existing namespace is kept, missing search attributes are added. Returns whether
 * the namespace was created.
 */
export async function ensureNamespace(
  connection: Connection,
  namespace: string,
  options: EnsureNamespaceOptions = {},
): Promise<boolean> {
  const service = connection.workflowService;
  let created = false;
  try {
    await service.describeNamespace({ namespace });
  } catch (error) {
    if (grpcCode(error) !== notFound) throw error;
    try {
      await service.registerNamespace({
        namespace,
        workflowExecutionRetentionPeriod: msNumberToTs((options.retentionDays ?? 3) * 86_400_000),
        description: 'a SynthOrg organisation',
      });
      created = true;
    } catch (registerError) {
      // Another process registered it in between.
      if (grpcCode(registerError) !== alreadyExists) throw registerError;
    }
  }
  // A namespace registered a moment ago may not be in every frontend's cache yet.
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    try {
      const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
      const missing = Object.entries(customSearchAttributes).filter(([name]) => !(name in (customAttributes ?? {})));
      if (missing.length > 0) {
        await connection.operatorService.addSearchAttributes({
          namespace,
          searchAttributes: Object.fromEntries(missing.map(([name, type]) => [name, indexedValueTypes[type]])),
        });
      }
      return created;
    } catch (error) {
      if (grpcCode(error) !== notFound || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
