import { ApplicationFailure } from '@temporalio/activity';
import { generateText } from 'ai';
import type { Pool } from 'pg';
import type { SynthorgConfig } from '../src/config/env.ts';
import type { ShiftsSpec } from '../src/config/shift-schema.ts';
import { recordLedgerRow } from '../src/db/ledger.ts';
import { FailureType } from '../src/domain/agent-action.ts';
import { crashAt } from '../src/config/failpoints.ts';
import { withHeartbeats } from './heartbeats.ts';
import { costOf } from '../src/domain/budget.ts';
import { shiftIntervals, type ShiftInterval } from '../src/domain/shifts/calendar.ts';
import type { HandoffNoteInput, HandoffNoteResult } from '../src/domain/shifts/handoff.ts';
import { handoffPrompt, offlineHandoffNote } from '../src/domain/shifts/handoff.ts';
import { isKnownZone, zoneOffsetAt } from '../src/domain/shifts/zone-offset.ts';
import { resolveModelName } from '../src/llm/model-names.ts';
import { resolvePrice } from '../src/llm/price-policy.ts';
import { priceFor } from '../src/llm/prices.ts';
import { resolveLanguageModel } from '../src/llm/providers.ts';
import { remember } from '../src/memory/memory-store.ts';
import { memoryServiceFor } from '../src/memory/memory-service.ts';

export interface ShiftActivityDependencies {
  pool: Pool;
  config: SynthorgConfig;
}

/** Handoff notes are short: this bounds their cost whatever the model. */
const handoffOutputTokens = 400;

/** The shift system's side of the world: zone arithmetic (tz data) and handoff notes (a model, the ledger, memory). */
export function createShiftActivities({ pool, config }: ShiftActivityDependencies) {
  const memory = memoryServiceFor(pool, config);

  /**
   * The shifts open in a window, computed with this worker's time-zone data. The shift workflow
   * replays the recorded answer, so no replay depends on the zone data of the worker it runs on.
   */
  async function shiftCalendar(input: { shifts: ShiftsSpec; fromMs: number; toMs: number }): Promise<ShiftInterval[]> {
    if (!isKnownZone(input.shifts.timezone)) {
      throw ApplicationFailure.nonRetryable(`unknown time zone "${input.shifts.timezone}"`, FailureType.invalidInput);
    }
    return shiftIntervals(input.shifts, input.fromMs, input.toMs, zoneOffsetAt(input.shifts.timezone));
  }

  /**
   * The leaving agent's handoff note: one model call, one ledger row under the handoff's key, and a
   * memory for the incoming agent with provenance (task, workflow; author = from, owner = to).
   * A retry finds the ledger row and returns the same note without paying again.
   */
  async function writeHandoffNote(input: HandoffNoteInput): Promise<HandoffNoteResult> {
    return withHeartbeats(() => handOff(input));
  }

  async function handOff(input: HandoffNoteInput): Promise<HandoffNoteResult> {
    // Paid once: the ledger row under the handoff's key holds the note a retry reuses.
    const note = (await storedNote(pool, input.key)) ?? (await writeNote(input));
    // Tests kill the worker here: the note is paid for, its memory not yet written, the workflow not told.
    crashAt(config, 'crash-after-handoff-note');
    // The memory write is idempotent by key too, so a crash between the two writes loses neither.
    const written = await remember(await memory.context(), {
      key: `${input.key}#memory`,
      companyId: input.companyId,
      scope: 'agent',
      ownerId: input.to.id,
      category: 'episodic',
      content: `Handoff note from ${input.from.id} to ${input.to.id} for task ${input.taskId} "${input.title}": ${note.note}`,
      importance: 0.7,
      authorId: input.from.id,
      source: 'agent',
      provenance: { taskId: input.taskId, workflowId: input.workflowId },
    });
    return { ...note, memoryId: written.id };
  }

  async function writeNote(input: HandoffNoteInput): Promise<HandoffNoteResult> {
    const model = resolveModelName(input.from.model, config);
    let note: string;
    let inputTokens: number;
    let outputTokens: number;
    let costUsd: number;
    if (model === 'offline') {
      note = offlineHandoffNote(input);
      // Simulated usage: roughly four characters a token, as for English text.
      inputTokens = Math.ceil(handoffPrompt(input).length / 4);
      outputTokens = Math.ceil(note.length / 4);
      costUsd = costOf({ inputTokens, outputTokens }, priceFor('offline').price);
    } else {
      const price = resolvePrice(model, config.modelPrices);
      const result = await generateText({
        model: await resolveLanguageModel(model, config),
        prompt: handoffPrompt(input),
        temperature: 0,
        maxOutputTokens: handoffOutputTokens,
      });
      note = result.text.trim() || offlineHandoffNote(input);
      inputTokens = result.usage.inputTokens ?? 0;
      outputTokens = result.usage.outputTokens ?? 0;
      costUsd = costOf({ inputTokens, outputTokens }, price);
    }
    const result: HandoffNoteResult = { note, model, offline: model === 'offline', costUsd, memoryId: null };
    const recorded = await recordLedgerRow(pool, {
      callKey: input.key,
      companyId: input.companyId,
      taskId: input.taskId,
      workflowId: input.workflowId,
      agentId: input.from.id,
      model,
      offline: model === 'offline',
      inputTokens,
      outputTokens,
      costUsd,
      response: { handoff: result },
    });
    // A concurrent attempt of the same handoff won the race: its note is the one that was paid for.
    if (!recorded) return (await storedNote(pool, input.key)) ?? result;
    return result;
  }

  return { shiftCalendar, writeHandoffNote };
}

async function storedNote(pool: Pool, key: string): Promise<HandoffNoteResult | undefined> {
  const { rows } = await pool.query<{ response: { handoff?: HandoffNoteResult } }>(
    'SELECT response FROM ledger WHERE call_key = $1',
    [key],
  );
  return rows[0]?.response.handoff;
}
