import { cutText } from '../text-cut.ts';

/** What the leaving agent knows when it writes the handoff note (claim check: a short excerpt). */
export interface HandoffNoteInput {
  /** workflow id + handoff number: the note is written, paid and stored once per key. */
  key: string;
  companyId: string;
  taskId: string;
  workflowId: string;
  title: string;
  status: string;
  from: { id: string; role: string; model: string };
  to: { id: string; role: string };
  /** The task's latest transcript lines, newest last. */
  recent: string[];
  reason: string;
}

export interface HandoffNoteResult {
  note: string;
  model: string;
  offline: boolean;
  costUsd: number;
  /** The memory the note was stored as, for the incoming agent (null if memory refused it). */
  memoryId: number | null;
}

/** The prompt a real model gets for a handoff note. */
export function handoffPrompt(input: HandoffNoteInput): string {
  return [
    `You are ${input.from.id} (${input.from.role}). Your shift ends (${input.reason}).`,
    `Write a short handoff note for ${input.to.id} (${input.to.role}), who continues task ${input.taskId} "${input.title}" (status ${input.status}).`,
    'Say what is done, what is open, and what to watch out for, in at most 120 words.',
    'Recent work:',
    ...input.recent.map((line) => `- ${line}`),
  ].join('\n');
}

/**
 * The offline model's handoff note (a deterministic simulator, not a model): the task, its status
 * and the latest transcript lines, in the shape a real note takes.
 */
export function offlineHandoffNote(input: HandoffNoteInput): string {
  const recent =
    input.recent.length > 0
      ? input.recent
          .slice(-3)
          .map((line) => cutText(line, 160))
          .join(' / ')
      : 'nothing recorded yet';
  return cutText(
    `[offline simulator] Handoff of ${input.taskId} "${input.title}" from ${input.from.id} to ${input.to.id} at shift change (${input.reason}). Status ${input.status}. Latest: ${recent}. Continue from here; do not redo finished steps.`,
    1_200,
  );
}
