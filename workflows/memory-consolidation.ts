import { proxyActivities, setCurrentDetails, workflowInfo } from '@temporalio/workflow';
import type { createMemoryActivities } from '../activities/memory.ts';
import { FailureType } from '../src/domain/agent-action.ts';
import type {
  ConsolidationOptions,
  MemoryConsolidationInput,
  MemoryConsolidationResult,
  MemoryQueryInput,
  MemoryQueryResult,
} from './contracts/memory.ts';

type MemoryActivities = ReturnType<typeof createMemoryActivities>;

/** Permanent memory failures (src/memory/errors.ts types): retrying cannot fix them. */
const permanent = [FailureType.invalidInput, 'MemoryAccessDenied', 'MemoryVersionConflict'];

const shortWrite = proxyActivities<MemoryActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', nonRetryableErrorTypes: permanent },
});

/** Stages that call a model or the embedder per item heartbeat all along: a dead worker is noticed in a minute. */
const heartbeating = proxyActivities<MemoryActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '2 minutes', nonRetryableErrorTypes: permanent },
});

const queries = proxyActivities<MemoryActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '500 milliseconds', maximumAttempts: 3, nonRetryableErrorTypes: permanent },
});

const defaults: Required<ConsolidationOptions> = {
  duplicateSimilarity: 0.95,
  episodicMinAgeHours: 24,
  minClusterSize: 3,
  maxClusters: 200,
  archiveMinAgeHours: 168,
  archiveBelowValue: 0.15,
  graphRefreshLimit: 100,
};

/**
 * One consolidation run of a company's memory, started by its Temporal Schedule (or by hand):
 * decay reinforcement, refresh the graph with the LLM extractor, merge near-duplicates, summarise
 * clusters of episodic memories into semantic ones, archive what lost its value, rebuild the
 * community summaries, and record a report of what changed. Each stage is an idempotent activity
 * keyed by this run, so a retried or resumed run never applies a stage twice.
 */
export async function memoryConsolidationWorkflow(input: MemoryConsolidationInput): Promise<MemoryConsolidationResult> {
  const options = { ...defaults, ...input.options };
  const info = workflowInfo();
  const target = { runKey: `${info.workflowId}/${info.firstExecutionRunId}`, companyId: input.companyId };
  const stage = (name: string) => setCurrentDetails(`consolidating memory of ${input.companyId}: ${name}`);

  stage('start');
  const { startedAt, activeBefore } = await shortWrite.startMemoryConsolidation(target);
  stage('decay');
  const { decayed } = await shortWrite.decayMemories(target);
  stage('graph refresh');
  const graph = await heartbeating.refreshMemoryGraph({ ...target, limit: options.graphRefreshLimit });
  stage('near-duplicates');
  const duplicates = await heartbeating.mergeDuplicateMemories({
    ...target,
    minSimilarity: options.duplicateSimilarity,
  });
  stage('episodic clusters');
  const clusters = await heartbeating.summariseEpisodicMemories({
    ...target,
    minAgeHours: options.episodicMinAgeHours,
    minSize: options.minClusterSize,
    maxClusters: options.maxClusters,
  });
  stage('low-value archive');
  const lowValue = await shortWrite.archiveLowValueMemories({
    ...target,
    minAgeHours: options.archiveMinAgeHours,
    belowValue: options.archiveBelowValue,
  });
  stage('communities');
  const communities = await heartbeating.rebuildMemoryCommunities(target);
  stage('report');
  const report = await shortWrite.finishMemoryConsolidation({
    ...target,
    startedAt,
    activeBefore,
    decayed,
    graph,
    duplicates,
    clusters,
    lowValue,
    communities,
  });
  setCurrentDetails(
    `consolidated ${input.companyId}: ${report.activeBefore} → ${report.activeAfter} active memories ` +
      `(${duplicates.archived} merged, ${clusters.archived} summarised, ${lowValue.archived} archived)`,
  );
  return report;
}

/**
 * A read-only memory query (search, graph, reports) run by a worker, so `synthorg memory` needs
 * only Temporal, like every other command. One activity; nothing is written.
 */
export async function memoryQueryWorkflow(input: MemoryQueryInput): Promise<MemoryQueryResult> {
  return queries.queryMemory(input);
}
