/**
 * What a workflow's history weighs, exactly (bench/step-payloads.ts; docs/faults-and-load-rounds.md, "Sixteenth round:
 * step payloads"): each event as the server stores it (its protobuf encoding), by event type, and every payload in
 * it (encoded, metadata included) by where it sits — an activity's input or result by activity type, a signal's or
 * an update's by name, a marker's details, a search-attribute upsert's fields, the start's input and memo.
 */
import proto from '@temporalio/proto';

const { EventType } = proto.temporal.api.enums.v1;
const { HistoryEvent } = proto.temporal.api.history.v1;
const { Payload } = proto.temporal.api.common.v1;
type Event = proto.temporal.api.history.v1.IHistoryEvent;
type IPayload = proto.temporal.api.common.v1.IPayload;

/** A count and the bytes of what was counted. */
export interface Weight {
  count: number;
  bytes: number;
}

/** One history's weight: events by type, payloads by place, and the total. */
export interface HistoryBytes {
  events: number;
  bytes: number;
  byEventType: Map<string, Weight>;
  byPayload: Map<string, Weight>;
}

function add(map: Map<string, Weight>, key: string, bytes: number): void {
  const weight = map.get(key) ?? { count: 0, bytes: 0 };
  weight.count++;
  weight.bytes += bytes;
  map.set(key, weight);
}

function isPayload(value: unknown): value is IPayload {
  return typeof value === 'object' && value !== null && 'data' in value && 'metadata' in value;
}

/** Decoded protobuf messages keep their fields as own properties; Longs and byte arrays are not walked into. */
function isMessage(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !(value instanceof Uint8Array) && !('low' in value);
}

/**
 * Every payload under `value` with the path that reached it, without array indices and map keys, except that a
 * search attribute's or a memo's field keeps its name (`indexedFields.SynthorgTaskStatus`).
 */
function payloadsIn(value: unknown, path: string, found: [string, IPayload][]): void {
  if (isPayload(value)) {
    found.push([path, value]);
    return;
  }
  if (Array.isArray(value)) {
    for (const each of value) payloadsIn(each, path, found);
    return;
  }
  if (!isMessage(value)) return;
  for (const [key, field] of Object.entries(value)) {
    if (field === null || field === undefined) continue;
    const named = /^(indexedFields|fields|details)$/.test(key);
    if (named && isMessage(field) && !Array.isArray(field)) {
      for (const [name, entry] of Object.entries(field)) payloadsIn(entry, `${path}.${key}.${name}`, found);
    } else payloadsIn(field, `${path}.${key}`, found);
  }
}

/** The name that tells events of one type apart: an activity's type, a signal's or update's name, a marker's. */
function eventName(event: Event, activityTypes: Map<string, string>): string {
  const scheduled = event.activityTaskScheduledEventAttributes?.activityType?.name;
  if (scheduled) return scheduled;
  const activity =
    event.activityTaskStartedEventAttributes?.scheduledEventId ??
    event.activityTaskCompletedEventAttributes?.scheduledEventId ??
    event.activityTaskFailedEventAttributes?.scheduledEventId;
  if (activity !== undefined && activity !== null) return activityTypes.get(String(activity)) ?? '?';
  return (
    event.markerRecordedEventAttributes?.markerName ??
    event.workflowExecutionSignaledEventAttributes?.signalName ??
    event.signalExternalWorkflowExecutionInitiatedEventAttributes?.signalName ??
    event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name ??
    ''
  );
}

/** The weight of one history, event by event. */
export function historyBytes(events: readonly Event[]): HistoryBytes {
  const byEventType = new Map<string, Weight>();
  const byPayload = new Map<string, Weight>();
  const activityTypes = new Map<string, string>();
  let bytes = 0;
  for (const event of events) {
    const type = (EventType[event.eventType ?? 0] ?? 'UNKNOWN').replace('EVENT_TYPE_', '');
    const name = eventName(event, activityTypes);
    if (event.activityTaskScheduledEventAttributes) activityTypes.set(String(event.eventId), name);
    const size = HistoryEvent.encode(event).finish().length;
    bytes += size;
    add(byEventType, name ? `${type} ${name}` : type, size);
    const found: [string, IPayload][] = [];
    payloadsIn(event, '', found);
    for (const [path, payload] of found) {
      const place = path.replace(/^\.\w+EventAttributes\./, '').replace(/\.payloads$/, '');
      add(byPayload, `${type}${name ? ` ${name}` : ''}: ${place}`, Payload.encode(payload).finish().length);
    }
  }
  return { events: events.length, bytes, byEventType, byPayload };
}

/** Adds up several histories' weights (e.g. the tasks of one run). */
export function sumBytes(list: readonly HistoryBytes[]): HistoryBytes {
  const total: HistoryBytes = { events: 0, bytes: 0, byEventType: new Map(), byPayload: new Map() };
  for (const each of list) {
    total.events += each.events;
    total.bytes += each.bytes;
    for (const [from, into] of [
      [each.byEventType, total.byEventType],
      [each.byPayload, total.byPayload],
    ] as const)
      for (const [key, weight] of from) {
        const sum = into.get(key) ?? { count: 0, bytes: 0 };
        into.set(key, { count: sum.count + weight.count, bytes: sum.bytes + weight.bytes });
      }
  }
  return total;
}

/** Lines of a table of weights per step (`per` steps), largest first. */
export function weightLines(map: Map<string, Weight>, per: number): string[] {
  return [...map]
    .sort((a, b) => b[1].bytes - a[1].bytes)
    .map(
      ([key, weight]) =>
        `    ${key.padEnd(72)}${(weight.count / per).toFixed(2).padStart(8)}${(weight.bytes / per).toFixed(1).padStart(10)}`,
    );
}
