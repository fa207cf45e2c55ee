/**
 * The Temporal dev server's own counters (its Prometheus endpoint, `start-dev --metrics-port`), read before and after
 * a stretch of work and told per step: which requests, persistence operations, tasks and matches the server did.
 * What the step benches use to say what the server does more per step in one arm than in another
 * (docs/faults-and-load-rounds.md, "Nineteenth round").
 */

/** One scrape: every counter's and every histogram's `_sum` / `_count` series, by its full name with labels. */
export type MetricSample = Map<string, number>;

/**
 * The labels a series is told by; the others (namespace, task queue, build ids…) are summed over. A bench's arms run
 * on task queues of their own names, so the queue's name would only keep their rows apart.
 */
const keptLabels = ['operation', 'service_name', 'task_type', 'partition', 'type', 'taskqueue_kind'] as const;

/** Reads the endpoint once. Gauges and histogram buckets are left out: only what can be subtracted is kept. */
export async function scrapeMetrics(url: string): Promise<MetricSample> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return parseMetrics(await response.text());
}

/** Prometheus text format → the counters' and histograms' sums and counts, grouped by the kept labels. */
export function parseMetrics(text: string): MetricSample {
  const types = new Map<string, string>();
  const sample: MetricSample = new Map();
  for (const line of text.split('\n')) {
    if (line.startsWith('# TYPE ')) {
      const [name, type] = line.slice('# TYPE '.length).split(' ');
      if (name && type) types.set(name, type);
      continue;
    }
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const [, name = '', labels = '', value = ''] = match;
    const base = name.replace(/_(sum|count)$/, '');
    const type = types.get(name) ?? types.get(base);
    const kept = type === 'counter' || (type === 'histogram' && base !== name) || (type === 'summary' && base !== name);
    if (!kept) continue;
    const key = `${name}${groupLabels(labels)}`;
    sample.set(key, (sample.get(key) ?? 0) + Number(value));
  }
  return sample;
}

/** `{a="x",b="y"}` with only the kept labels, in a fixed order; empty values left out. */
function groupLabels(labels: string): string {
  const found = new Map<string, string>();
  for (const [, name = '', value = ''] of labels.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
    found.set(name, value);
  const parts = keptLabels.flatMap((name) => {
    const value = found.get(name);
    return value ? [`${name}="${value}"`] : [];
  });
  return parts.length > 0 ? `{${parts.join(',')}}` : '';
}

/** What grew between two scrapes (a series first seen in `after` counts from zero). */
export function metricsGrowth(after: MetricSample, before: MetricSample): MetricSample {
  const grown: MetricSample = new Map();
  for (const [key, value] of after) {
    const delta = value - (before.get(key) ?? 0);
    if (delta !== 0) grown.set(key, delta);
  }
  return grown;
}

/** Adds `more` into `total` (the counted rounds' windows of one arm). */
export function addMetrics(total: MetricSample, more: MetricSample): void {
  for (const [key, value] of more) total.set(key, (total.get(key) ?? 0) + value);
}

/** A histogram's `_sum` series (time in the server's seconds, or bytes), as against counts. */
export const isSum = (key: string) => /_sum(\{|$)/.test(key);

/** The families a step's server work is told by, each in full: requests, persistence, queue tasks, matches. */
const families = [
  ['requests served (count)', 'service_requests{'],
  ['persistence operations (count)', 'persistence_requests{'],
  ['history queue tasks (count)', 'task_requests{'],
  ['internal client calls (count)', 'client_requests{'],
  ['time in requests served (ms)', 'service_latency_sum{'],
  ['time in persistence (ms)', 'persistence_latency_sum{'],
  ['mutable state written (bytes)', 'persisted_mutable_state_size_sum{'],
  ['mutable state by part (bytes)', 'execution_info_size_sum{'],
  ['', 'activity_info_size_sum{'],
  ['', 'timer_info_size_sum{'],
  ['', 'buffered_events_size_sum{'],
  ['history events written (bytes)', 'event_blob_size_sum{'],
  ['headers, memos, search attributes, payloads (bytes)', 'header_size_sum{'],
  ['', 'memo_size_sum{'],
  ['', 'search_attributes_size_sum{'],
  ['', 'activity_payload_size{'],
] as const;

/**
 * Tables of the arms' figures per step (`perStep[arm]`): each family in full (rows where an arm reaches `least`),
 * then the other counters that differ most between the arms (at most `top`; byte sizes left out).
 */
export function metricsTables(labels: string[], perStep: MetricSample[], top: number, least = 0.005): string {
  const keys = [...new Set(perStep.flatMap((each) => [...each.keys()]))];
  // Latencies are in seconds (told in ms); sizes in bytes.
  const value = (arm: MetricSample, key: string) =>
    (arm.get(key) ?? 0) * (isSum(key) && /latency/.test(key) ? 1000 : 1);
  const spread = (key: string) => {
    const values = perStep.map((each) => value(each, key));
    return Math.max(...values) - Math.min(...values);
  };
  const row = (key: string) =>
    `  ${perStep.map((each) => value(each, key).toFixed(3).padStart(9)).join(' ')}  ${key}\n`;
  const header = (title: string) => `\n${title}, per step (${labels.join(' | ')})\n`;
  let text = '';
  for (const [title, prefix] of families) {
    const rows = keys
      .filter((key) => key.startsWith(prefix) && perStep.some((each) => Math.abs(value(each, key)) >= least))
      .sort((a, b) => value(perStep.at(-1) ?? new Map(), b) - value(perStep.at(-1) ?? new Map(), a));
    text += (title ? header(title) : '') + rows.map(row).join('');
  }
  const others = keys
    .filter((key) => !isSum(key) && !families.some(([, prefix]) => key.startsWith(prefix)) && !/size/.test(key))
    .filter((key) => spread(key) >= least)
    .sort((a, b) => spread(b) - spread(a))
    .slice(0, top);
  return text + header('other counters, largest differences first') + others.map(row).join('');
}
