import type { ConsolidationReport, MemoryGraphView, MemorySearchView } from '../../../workflows/contracts/memory.ts';
import { durationHint, durationSuggestion, durationToMs, isDuration } from '../../domain/duration.ts';
import type { MemoryClient } from '../../memory/memory-client.ts';
import { memoryConsolidationScheduleId } from '../../../workflows/contracts/memory.ts';
import type { OperatorMemoryPlacementInput } from '../../../workflows/contracts/memory.ts';
import { didYouMean } from '../../domain/did-you-mean.ts';
import { companyIdArgument, defineCommand } from '../args.ts';
import { withClient } from '../client.ts';
import { UsageError } from '../errors.ts';
import { printJson, printLines } from '../output.ts';
import { defineFamily } from '../subcommands.ts';

/** A connected MemoryClient; the Temporal SDK is loaded only here, as in the other command families. */
async function withMemory<T>(use: (memory: MemoryClient) => Promise<T>): Promise<T> {
  const { createClient } = await import('../../client/synthorg-client.ts');
  const { MemoryClient: Memory } = await import('../../memory/memory-client.ts');
  const { loadConfig } = await import('../../config/env.ts');
  const api = await createClient();
  try {
    return await use(new Memory(api.temporal, loadConfig()));
  } finally {
    await api.close().catch(() => undefined);
  }
}

function integerOption(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

function agentOption(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (text.trim() === '') throw new UsageError('--agent needs an agent id');
  return text.trim();
}

const search = defineCommand(
  {
    name: 'memory search',
    synopsis: '<companyId> "<query>" [--agent <id>] [--limit <n>] [--json]',
    summary: "Hybrid recall over a company's memory: vector, full text, graph, recency, importance, reinforcement.",
    details: `Options:
  --agent <id>  search as this agent sees memory (its own, its department's, the company's); default: everything
  --limit <n>   results, 1 to 50 (default 10)
  --json        print {"companyId","query","agentId","backend","embedder","hits":[{"id","score","scope","ownerId",
                "category","content","version","authorId","taskId","createdAt","signals"}]}`,
    positionals: ['companyId', 'query'],
    flags: ['json'],
    options: ['agent', 'limit'],
  },
  async ({ flags, options, positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    if (positionals.query.trim() === '') throw new UsageError('the search query is empty');
    const agentId = agentOption(options.agent);
    const limit = integerOption('limit', options.limit, 1, 50);
    return withMemory(async (memory) => {
      const view = await memory.search(id, positionals.query, {
        ...(agentId !== undefined ? { agentId } : {}),
        ...(limit !== undefined ? { limit } : {}),
      });
      if (flags.json) printJson(view);
      else printLines(searchLines(view));
      return 0;
    });
  },
);

function searchLines(view: MemorySearchView): string[] {
  const who = view.agentId ? `as ${view.agentId}` : 'all scopes';
  const header = `${view.hits.length} memories for "${view.query}" in ${view.companyId} (${who}; ${view.backend}; ${view.embedder})`;
  return [
    header,
    ...view.hits.map(
      (hit) =>
        `#${hit.id}  ${hit.score.toFixed(3)}  ${hit.scope}/${hit.category}  ${hit.content.replace(/\s+/g, ' ').slice(0, 160)}` +
        `\n        by ${hit.authorId}${hit.taskId ? ` in ${hit.taskId}` : ''} · v${hit.version} · vector ${hit.signals.vector.toFixed(2)} text ${hit.signals.text.toFixed(2)} graph ${hit.signals.graph.toFixed(2)} reinforcement ${hit.signals.reinforcement.toFixed(2)}`,
    ),
  ];
}

const graph = defineCommand(
  {
    name: 'memory graph',
    synopsis: '<companyId> <entity> [--hops <n>] [--agent <id>] [--json]',
    summary:
      'An entity in the memory knowledge graph: its relations, neighbours, memories and community ("" for an overview).',
    details: `Options:
  --hops <n>    relation steps to expand, 0 to 4 (default 1)
  --agent <id>  show only what this agent may read
  --json        print {"companyId","entity","neighbours","relations","memories","community","overview"}`,
    positionals: ['companyId', 'entity'],
    flags: ['json'],
    options: ['hops', 'agent'],
  },
  async ({ flags, options, positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    const hops = integerOption('hops', options.hops, 0, 4);
    const agentId = agentOption(options.agent);
    return withMemory(async (memory) => {
      const view = await memory.graph(id, positionals.entity, {
        ...(hops !== undefined ? { hops } : {}),
        ...(agentId !== undefined ? { agentId } : {}),
      });
      if (flags.json) printJson(view);
      else printLines(graphLines(view, positionals.entity));
      return 0;
    });
  },
);

function graphLines(view: MemoryGraphView, asked: string): string[] {
  if (!view.entity) {
    if (asked.trim() !== '') return [`no entity like "${asked}" in the memory graph of ${view.companyId}`];
    if (view.overview.length === 0)
      return [`no communities yet in ${view.companyId} (run: synthorg memory consolidate ${view.companyId})`];
    return [
      `communities of ${view.companyId}:`,
      ...view.overview.map(
        (community) => `- ${community.title} (${community.entityCount} entities): ${community.summary}`,
      ),
    ];
  }
  return [
    `${view.entity.name} (${view.entity.kind}${view.entity.community !== null ? `, community ${view.entity.community}` : ''})`,
    ...(view.relations.length > 0
      ? [
          'relations:',
          ...view.relations.map(
            (relation) => `  ${relation.source} —${relation.relation}→ ${relation.target}  [#${relation.memoryId}]`,
          ),
        ]
      : []),
    ...(view.neighbours.length > 0
      ? [`neighbours: ${view.neighbours.map((neighbour) => `${neighbour.name} (${neighbour.hops})`).join(', ')}`]
      : []),
    ...(view.memories.length > 0
      ? [
          'memories:',
          ...view.memories.map((memory) => `  #${memory.id} ${memory.content.replace(/\s+/g, ' ').slice(0, 160)}`),
        ]
      : []),
    ...(view.community ? [`community: ${view.community.summary}`] : []),
  ];
}

function reportLines(report: ConsolidationReport): string[] {
  return [
    `consolidation ${report.runKey}`,
    `  ${report.startedAt} → ${report.finishedAt} (${report.durationMs} ms)`,
    `  active memories ${report.activeBefore} → ${report.activeAfter}`,
    `  reinforcement decayed on ${report.decayed}; graph refreshed for ${report.graph.refreshed} (${report.graph.extractor})`,
    `  near-duplicates: ${report.duplicates.groups} groups, ${report.duplicates.archived} archived${report.duplicates.merges.length > 0 ? ` (${report.duplicates.merges.map((merge) => `#${merge.keptId}←${merge.mergedIds.map((mergedId) => `#${mergedId}`).join(',')}`).join('; ')})` : ''}`,
    `  episodic clusters: ${report.clusters.summarised} summarised into semantic memories, ${report.clusters.archived} episodes archived (${report.clusters.summarizer})${report.clusters.summaries.length > 0 ? `: ${report.clusters.summaries.map((summary) => `#${summary.memoryId} about ${summary.entity}`).join('; ')}` : ''}`,
    `  low value: ${report.lowValue.archived} archived${report.lowValue.ids.length > 0 ? ` (${report.lowValue.ids.map((archivedId) => `#${archivedId}`).join(', ')})` : ''}`,
    `  communities: ${report.communities.communities} over ${report.communities.entities} entities (${report.communities.summarizer})`,
  ];
}

const consolidate = defineCommand(
  {
    name: 'memory consolidate',
    synopsis: '<companyId> [--json]',
    summary: "Consolidate a company's memory now and print the report (also makes sure its schedule exists).",
    details: `Runs memoryConsolidationWorkflow: decay, graph refresh, near-duplicate merge, episodic → semantic
summaries, low-value archive, community summaries. Options:
  --json  print the report object`,
    positionals: ['companyId'],
    flags: ['json'],
    options: [],
  },
  async ({ flags, positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    return withMemory(async (memory) => {
      const report = await memory.consolidate(id);
      if (flags.json) printJson(report);
      else printLines(reportLines(report));
      return 0;
    });
  },
);

const reports = defineCommand(
  {
    name: 'memory reports',
    synopsis: '<companyId> [--limit <n>] [--json]',
    summary: 'What the latest consolidation runs changed, newest first.',
    positionals: ['companyId'],
    flags: ['json'],
    options: ['limit'],
  },
  async ({ flags, options, positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    const limit = integerOption('limit', options.limit, 1, 100) ?? 5;
    return withMemory(async (memory) => {
      const found = await memory.reports(id, limit);
      if (flags.json) printJson(found);
      else printLines(found.length === 0 ? [`no consolidation runs yet for ${id}`] : found.flatMap(reportLines));
      return 0;
    });
  },
);

const schedule = defineCommand(
  {
    name: 'memory schedule',
    synopsis: '<companyId> [--every <duration>] [--delete] [--json]',
    summary: "Create (or delete) the Temporal Schedule that consolidates a company's memory.",
    details: `Options:
  --every <duration>  interval such as "30m", "6h" or "1d" (default 6h; used when creating)
  --delete            delete the schedule instead
  --json              print {"companyId","scheduleId","created"} or, with --delete, {"companyId","scheduleId","deleted"}`,
    positionals: ['companyId'],
    flags: ['delete', 'json'],
    options: ['every'],
  },
  async ({ flags, options, positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    const every = options.every?.trim();
    if (every !== undefined && !isDuration(every)) {
      throw new UsageError(`--every: ${durationHint}, got "${options.every}"${durationSuggestion(every)}`);
    }
    return withMemory(async (memory) => {
      if (flags.delete) {
        const deleted = await memory.deleteSchedule(id);
        if (flags.json) printJson({ companyId: id, scheduleId: memoryConsolidationScheduleId(id), deleted });
        else
          printLines([
            deleted
              ? `deleted the memory consolidation schedule of ${id}`
              : `${id} had no memory consolidation schedule`,
          ]);
        return 0;
      }
      const result = await memory.ensureSchedule(id, every !== undefined ? { interval: durationToMs(every) } : {});
      if (flags.json) printJson({ companyId: id, ...result });
      else
        printLines([
          result.created ? `created schedule ${result.scheduleId}` : `schedule ${result.scheduleId} already exists`,
        ]);
      return 0;
    });
  },
);

const categories = ['episodic', 'semantic', 'procedural', 'social'] as const;

/** `--scope company`, `--scope department:<name>` or `--scope agent:<id>`, and `--category`. */
function placementOptions(
  scopeText: string | undefined,
  categoryText: string | undefined,
): OperatorMemoryPlacementInput {
  const placement: OperatorMemoryPlacementInput = {};
  if (scopeText !== undefined) {
    const [scope, ...rest] = scopeText.split(':');
    const owner = rest.join(':').trim();
    if (scope === 'company' && owner === '') placement.scope = 'company';
    else if ((scope === 'department' || scope === 'agent') && owner !== '') {
      placement.scope = scope;
      placement.ownerId = owner;
    } else {
      throw new UsageError(
        `--scope takes "company", "department:<name>" or "agent:<id>", got "${scopeText}"${didYouMean(scope ?? '', ['company', 'department', 'agent'])}`,
      );
    }
  }
  if (categoryText !== undefined) {
    const category = categories.find((candidate) => candidate === categoryText);
    if (category === undefined) {
      throw new UsageError(
        `--category takes ${categories.join(', ')}, got "${categoryText}"${didYouMean(categoryText, categories)}`,
      );
    }
    placement.category = category;
  }
  return placement;
}

const placementHelp = `  --scope <scope>        who may recall it: company (default), department:<name> or agent:<id>
  --category <category>  semantic (default), episodic, procedural or social`;

const importCommand = defineCommand(
  {
    name: 'memory import',
    synopsis: '<companyId> <file|dir> [--scope <scope>] [--category <category>] [--json]',
    summary: "Seed a company's memory from Markdown and text files (a handbook, product docs, past decisions).",
    details: `Each file is split on headings, then paragraphs (about 1,500 characters a chunk); every chunk is a
memory with the file and section as provenance, embedded and linked into the knowledge graph like any
memory. A folder imports every .md, .markdown and .txt file under it (hidden files skipped). Importing
the same file again changes nothing; a changed file replaces its old chunks.
Options:
${placementHelp}
  --json                 print {"companyId","created","unchanged","replaced","documents":[{"document","created",
                         "unchanged","replaced","chunks":[{"memoryId","section","startLine","endLine"}]}]}`,
    positionals: ['companyId', 'path'],
    flags: ['json'],
    options: ['scope', 'category'],
  },
  async ({ flags, options, positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    const placement = placementOptions(options.scope, options.category);
    return withClient(async (api) => {
      const view = await api.importMemory(id, positionals.path, placement);
      if (flags.json) printJson(view);
      else
        printLines([
          ...view.documents.map(
            (document) =>
              `${document.document}: ${document.chunks.length} chunk${document.chunks.length === 1 ? '' : 's'} (${document.created} new, ${document.unchanged} unchanged, ${document.replaced} replaced)`,
          ),
          `imported ${view.documents.length} file${view.documents.length === 1 ? '' : 's'} into ${id}: ${view.created} new memories, ${view.unchanged} unchanged, ${view.replaced} replaced`,
        ]);
      return 0;
    });
  },
);

const rememberCommand = defineCommand(
  {
    name: 'memory remember',
    synopsis: '<companyId> "<text>" [--scope <scope>] [--category <category>] [--json]',
    summary: "Store one fact in a company's memory as the operator (the same text twice is one memory).",
    details: `Options:
${placementHelp}
  --json                 print {"id","created","scope","ownerId","category"}`,
    positionals: ['companyId', 'text'],
    flags: ['json'],
    options: ['scope', 'category'],
  },
  async ({ flags, options, positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    if (positionals.text.trim() === '') throw new UsageError('the memory text is empty');
    const placement = placementOptions(options.scope, options.category);
    return withClient(async (api) => {
      const result = await api.rememberMemory(id, positionals.text, placement);
      if (flags.json) printJson(result);
      else
        printLines([
          result.created
            ? `remembered #${result.id} (${result.scope} ${result.ownerId}, ${result.category})`
            : `already remembered as #${result.id}`,
        ]);
      return 0;
    });
  },
);

const forgetCommand = defineCommand(
  {
    name: 'memory forget',
    synopsis: '<companyId> <memoryId> [--reason <text>] [--json]',
    summary: 'Archive one memory: recall no longer finds it, its history and provenance stay.',
    details: `Options:
  --reason <text>  recorded with the memory
  --json           print {"id","forgotten"} ("forgotten": false when it already was)`,
    positionals: ['companyId', 'memoryId'],
    flags: ['json'],
    options: ['reason'],
  },
  async ({ flags, options, positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    const memoryId = /^#?\d{1,15}$/.test(positionals.memoryId) ? Number(positionals.memoryId.replace('#', '')) : 0;
    if (memoryId < 1)
      throw new UsageError(`a memory id is a positive whole number such as 42, got "${positionals.memoryId}"`);
    return withClient(async (api) => {
      const result = await api.forgetMemory(id, memoryId, options.reason);
      if (flags.json) printJson(result);
      else printLines([result.forgotten ? `forgot #${memoryId}` : `#${memoryId} was already forgotten`]);
      return 0;
    });
  },
);

export const run = defineFamily('memory', 'Organisational memory: search, knowledge graph, consolidation, seeding.', [
  search,
  graph,
  consolidate,
  reports,
  schedule,
  importCommand,
  rememberCommand,
  forgetCommand,
]);
