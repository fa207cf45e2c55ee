import type { Connection } from '@temporalio/client';

/** gRPC ALREADY_EXISTS (the grpc package is not a direct dependency). */
const alreadyExists = 6;

export interface NexusEndpointTarget {
  /** Endpoint name, e.g. `synthorg-globex` (letters, digits, `-` and `_`). */
  name: string;
  /** The namespace and task queue of the workers that handle its operations. */
  namespace: string;
  taskQueue: string;
  description?: string;
}

/**
 * Creates a Nexus endpoint on the cluster (as `temporal operator nexus endpoint create --name N
 * --target-namespace NS --target-task-queue TQ` does), or, when one of that name exists, points it at
 * the target given. Endpoints are cluster-wide: any namespace's workflows may call them.
 */
export async function ensureNexusEndpoint(connection: Connection, target: NexusEndpointTarget): Promise<void> {
  const spec = {
    name: target.name,
    target: { worker: { namespace: target.namespace, taskQueue: target.taskQueue } },
  };
  try {
    await connection.operatorService.createNexusEndpoint({ spec });
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
    if (code !== alreadyExists) throw error;
    const { endpoints } = await connection.operatorService.listNexusEndpoints({ name: target.name });
    const existing = endpoints?.[0];
    const worker = existing?.spec?.target?.worker;
    if (!existing?.id || (worker?.namespace === target.namespace && worker.taskQueue === target.taskQueue)) return;
    await connection.operatorService.updateNexusEndpoint({ id: existing.id, version: existing.version, spec });
  }
}
