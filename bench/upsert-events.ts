/**
 * A task's search-attribute upserts and patch markers, exactly (docs/faults-and-load-rounds.md, "Seventeenth round: fewer
 * upserts per task"): counted from its history, and its events listed workflow task by workflow task, so what each
 * workflow task's completion asked of the server can be read (bench/step-payloads.ts, test/workflows/task-patches.test.ts).
 */
import proto from '@temporalio/proto';

const { EventType } = proto.temporal.api.enums.v1;
type Event = proto.temporal.api.history.v1.IHistoryEvent;

/** The SDK core's search attribute, upserted with every patch marker a new run records. */
const changeVersionKey = 'TemporalChangeVersion';

/** What a history holds of upserts and patch markers. */
export interface UpsertCounts {
  /** Every upsert event. */
  upserts: number;
  /** Upserts of `TemporalChangeVersion` (the SDK core's, one per patch marker). */
  changeVersionUpserts: number;
  /** Upserts of the workflow's own search attributes. */
  ownUpserts: number;
  /** Workflow task completions followed by at least one upsert. */
  workflowTasksWithUpserts: number;
  /** The patch ids of the run's patch markers, in order. */
  patches: string[];
}

function upsertKeys(event: Event): string[] {
  return Object.keys(event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {});
}

function patchId(event: Event): string | undefined {
  const marker = event.markerRecordedEventAttributes;
  if (marker?.markerName !== 'core_patch') return undefined;
  const data = marker.details?.['patch-data']?.payloads?.[0]?.data;
  return data ? (JSON.parse(Buffer.from(data).toString('utf8')) as { id: string }).id : undefined;
}

/** Counts a history's upserts and patch markers. */
export function upsertCounts(events: Event[]): UpsertCounts {
  const counts: UpsertCounts = {
    upserts: 0,
    changeVersionUpserts: 0,
    ownUpserts: 0,
    workflowTasksWithUpserts: 0,
    patches: [],
  };
  let counted = false;
  for (const event of events) {
    if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) counted = false;
    const patch = patchId(event);
    if (patch !== undefined) counts.patches.push(patch);
    if (event.eventType !== EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES) continue;
    counts.upserts++;
    if (upsertKeys(event).includes(changeVersionKey)) counts.changeVersionUpserts++;
    else counts.ownUpserts++;
    if (!counted) counts.workflowTasksWithUpserts++;
    counted = true;
  }
  return counts;
}

/** One line per workflow task completion: the events that followed it, upserts with their keys, patches by id. */
export function workflowTaskLines(events: Event[]): string[] {
  const lines: string[][] = [[]];
  for (const event of events) {
    const type = EventType[event.eventType ?? 0]?.replace('EVENT_TYPE_', '') ?? String(event.eventType);
    if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) lines.push([]);
    const patch = patchId(event);
    const shown =
      event.eventType === EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES
        ? `UPSERT(${upsertKeys(event).sort().join('+')})`
        : patch !== undefined
          ? `PATCH(${patch})`
          : type;
    lines.at(-1)!.push(shown);
  }
  return lines.map((line, index) => `${index === 0 ? 'start' : `workflow task ${index}`}: ${line.join(' ')}`);
}
