/**
 * `node bench/workflow-task-waits.ts <history.json> [--top N]`: where a workflow's tasks waited, read from a
 * history file (the Temporal Web UI's download format, or what `bench/load.ts --company-histories` writes).
 * Prints the workflow tasks the server failed or timed out, then the N longest waits from scheduled to started,
 * each with the queue it waited in (sticky or normal), the event before it and when it was scheduled.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

interface JsonEvent {
  eventId: string;
  eventTime: string;
  eventType: string;
  workflowTaskScheduledEventAttributes?: { taskQueue?: { kind?: string } };
  workflowTaskStartedEventAttributes?: { scheduledEventId: string };
  workflowTaskFailedEventAttributes?: { cause?: string };
  workflowTaskTimedOutEventAttributes?: { timeoutType?: string };
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string' } } });
const file = positionals[0];
const top = Number(values.top ?? 10);
if (!file || !Number.isInteger(top) || top < 1) {
  process.stderr.write('usage: node bench/workflow-task-waits.ts <history.json> [--top N]\n');
  process.exit(2);
}
const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
  process.stderr.write(`workflow-task-waits: cannot read ${file}: ${error.code ?? error.message}\n`);
  process.exit(2);
});
let events: JsonEvent[];
try {
  events = (JSON.parse(text) as { events?: JsonEvent[] }).events ?? [];
} catch {
  process.stderr.write(`workflow-task-waits: ${file} is not a history in JSON\n`);
  process.exit(2);
}
if (events.length === 0) {
  process.stderr.write(`workflow-task-waits: ${file} holds no events\n`);
  process.exit(2);
}
const at = (event: JsonEvent) => Date.parse(event.eventTime);
const start = at(events[0]!);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const scheduled = new Map<string, { at: number; queue: string; after: string }>();
const waits: { ms: number; scheduledAt: number; queue: string; after: string; startedEventId: string }[] = [];
events.forEach((event, index) => {
  const previous = events[index - 1]?.eventType.replace('EVENT_TYPE_', '') ?? '';
  if (event.workflowTaskScheduledEventAttributes) {
    const queue = (event.workflowTaskScheduledEventAttributes.taskQueue?.kind ?? '').replace('TASK_QUEUE_KIND_', '');
    scheduled.set(event.eventId, { at: at(event), queue: queue.toLowerCase(), after: previous });
  }
  const started = event.workflowTaskStartedEventAttributes;
  const from = started && scheduled.get(started.scheduledEventId);
  if (from)
    waits.push({ ms: at(event) - from.at, scheduledAt: from.at - start, ...from, startedEventId: event.eventId });
  const failed =
    event.workflowTaskFailedEventAttributes?.cause ?? event.workflowTaskTimedOutEventAttributes?.timeoutType;
  if (failed)
    process.stdout.write(
      `at ${seconds(at(event) - start)}: event ${event.eventId} ${event.eventType.replace('EVENT_TYPE_', '')} (${failed})\n`,
    );
});
process.stdout.write(`${events.length} events, ${waits.length} workflow tasks started; the longest waits:\n`);
for (const wait of waits.sort((a, b) => b.ms - a.ms).slice(0, top))
  process.stdout.write(
    `  ${seconds(wait.ms)} in the ${wait.queue} queue, scheduled at ${seconds(wait.scheduledAt)} after ${wait.after}, started as event ${wait.startedEventId}\n`,
  );
