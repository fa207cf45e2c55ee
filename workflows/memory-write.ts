import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { createMemoryActivities } from '../activities/memory.ts';
import { FailureType } from '../src/domain/agent-action.ts';
import type { MemoryWriteInput, MemoryWriteResult } from './contracts/memory.ts';

type MemoryActivities = ReturnType<typeof createMemoryActivities>;

/** Embedding a large document with a provider takes a while; bad input and access denials are final. */
const write = proxyActivities<MemoryActivities>({
  startToCloseTimeout: '5 minutes',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '30 seconds',
    maximumAttempts: 5,
    nonRetryableErrorTypes: [FailureType.invalidInput, 'MemoryAccessDenied'],
  },
});

/**
 * An operator's write into a company's memory — an imported document, a remembered fact, a
 * forgotten memory — run by a worker (which holds the database and the embedder), so
 * `synthorg memory` needs only Temporal, like every other command. One idempotent activity.
 */
export async function memoryWriteWorkflow(input: MemoryWriteInput): Promise<MemoryWriteResult> {
  return write.writeOperatorMemory({ ...input, workflowId: workflowInfo().workflowId });
}
