/**
 * The memory workflows' contract: consolidation (one run per schedule tick) and the read-only
 * memory queries the CLI sends through a worker, so clients need Temporal only, not the database.
 */

/** Knobs of one consolidation run; the defaults suit a running company. */
export interface ConsolidationOptions {
  /** Near-duplicates are memories of one scope and owner at least this similar (cosine). Default 0.95. */
  duplicateSimilarity?: number;
  /** Episodic memories younger than this are left for later clustering. Default 24. */
  episodicMinAgeHours?: number;
  /** Smallest cluster of episodic memories worth a semantic summary. Default 3. */
  minClusterSize?: number;
  /** Clusters summarised per run (each is a model call with a provider). Default 200. */
  maxClusters?: number;
  /** Memories younger than this are never archived for low value. Default 168 (a week). */
  archiveMinAgeHours?: number;
  /** Value (memoryValue in src/memory/decay.ts) below which a memory is archived. Default 0.15. */
  archiveBelowValue?: number;
  /** Memories re-extracted by the LLM graph extractor per run (provider configured only). Default 100. */
  graphRefreshLimit?: number;
}

export interface MemoryConsolidationInput {
  companyId: string;
  options?: ConsolidationOptions;
}

export interface DuplicateMerge {
  keptId: number;
  mergedIds: number[];
}

export interface ClusterSummary {
  /** The new semantic memory. */
  memoryId: number;
  entity: string;
  episodicIds: number[];
}

/** What one consolidation run changed; stored in memory_consolidation_runs and returned by the workflow. */
export interface ConsolidationReport {
  runKey: string;
  companyId: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** Active (not archived) memories before and after. */
  activeBefore: number;
  activeAfter: number;
  /** Memories whose reinforcement was decayed to now. */
  decayed: number;
  graph: { refreshed: number; extractor: string };
  duplicates: { groups: number; archived: number; merges: DuplicateMerge[] };
  clusters: { summarised: number; archived: number; summaries: ClusterSummary[]; summarizer: string };
  lowValue: { archived: number; ids: number[] };
  communities: { communities: number; entities: number; summarizer: string };
}

export type MemoryConsolidationResult = ConsolidationReport;

export function memoryConsolidationScheduleId(companyId: string): string {
  return `company:${companyId}:memory-consolidation`;
}

/** Workflow id of a run started by hand (the schedule appends its own timestamp to the schedule id). */
export function manualConsolidationWorkflowId(companyId: string, startedAtMs: number): string {
  return `${memoryConsolidationScheduleId(companyId)}:manual-${startedAtMs}`;
}

export type MemoryQuery =
  | { kind: 'search'; query: string; agentId?: string; limit?: number }
  | { kind: 'graph'; entity: string; hops?: number; agentId?: string }
  | { kind: 'reports'; limit?: number };

export interface MemoryQueryInput {
  companyId: string;
  query: MemoryQuery;
}

export interface MemoryHitView {
  id: number;
  score: number;
  scope: string;
  ownerId: string;
  category: string;
  content: string;
  version: number;
  authorId: string;
  taskId: string | null;
  createdAt: string;
  signals: { vector: number; text: number; graph: number; recency: number; importance: number; reinforcement: number };
}

export interface MemorySearchView {
  companyId: string;
  query: string;
  agentId: string | null;
  backend: string;
  embedder: string;
  hits: MemoryHitView[];
}

export interface GraphRelationView {
  source: string;
  relation: string;
  target: string;
  memoryId: number;
}

export interface MemoryGraphView {
  companyId: string;
  entity: { id: number; name: string; kind: string; community: number | null } | null;
  neighbours: { name: string; kind: string; hops: number }[];
  relations: GraphRelationView[];
  memories: { id: number; content: string }[];
  community: CommunityView | null;
  /** Without an entity: the company's communities, largest first (questions about the whole company). */
  overview: CommunityView[];
}

export interface CommunityView {
  id: number;
  title: string;
  summary: string;
  entityCount: number;
}

export type MemoryQueryResult =
  | { kind: 'search'; search: MemorySearchView }
  | { kind: 'graph'; graph: MemoryGraphView }
  | { kind: 'reports'; reports: ConsolidationReport[] };

/** What an operator writes into a company's memory (`synthorg memory import|remember|forget`). */
export interface OperatorMemoryPlacementInput {
  scope?: 'company' | 'department' | 'agent';
  ownerId?: string;
  category?: 'episodic' | 'semantic' | 'procedural' | 'social';
  importance?: number;
}

export type MemoryWriteRequest =
  | ({
      kind: 'import';
      document: string;
      format: 'markdown' | 'text';
      text: string;
      contentHash: string;
    } & OperatorMemoryPlacementInput)
  | ({ kind: 'remember'; content: string } & OperatorMemoryPlacementInput)
  | { kind: 'forget'; id: number; reason?: string };

export interface MemoryWriteInput {
  companyId: string;
  request: MemoryWriteRequest;
}

export interface ImportedChunkView {
  memoryId: number;
  section: string;
  startLine: number;
  endLine: number;
}

/** One imported document: its chunks, and what this import changed. */
export interface DocumentImportView {
  document: string;
  chunks: ImportedChunkView[];
  created: number;
  unchanged: number;
  replaced: number;
}

export interface RememberedMemoryView {
  id: number;
  created: boolean;
  scope: string;
  ownerId: string;
  category: string;
}

export type MemoryWriteResult =
  | { kind: 'import'; import: DocumentImportView }
  | { kind: 'remember'; remember: RememberedMemoryView }
  | { kind: 'forget'; forget: { id: number; forgotten: boolean } };
