/**
 * The client's admission signals to a company, one in flight per company (docs/faults-and-load-rounds.md, "Ninth round:
 * admission in one signal per burst"). A goal whose task has started waits for the signal under way, if any, and
 * goes in the next one with every goal that started meanwhile: a burst of N goals costs the company a few
 * `goalsAdmitted` signals instead of N `goalAdmitted`, each a history event and a share of a workflow task.
 *
 * Nothing waits for more goals to come: a goal that finds no signal under way is sent at once, alone. The
 * signal is still sent after the goal's task started, never before, so the company's catch-up (pause or cancel a
 * task admitted into a company paused or stopped since the client read it) reaches a running task.
 */
import type { Client } from '@temporalio/client';
import { companyWorkflowId } from '../domain/ids.ts';
import type { GoalAdmitted } from '../../workflows/contracts/company.ts';
import { goalAdmittedSignal, goalsAdmittedSignal } from '../../workflows/contracts/company.ts';

/**
 * The most goals one signal carries. A summary is a few hundred bytes (a title is at most 120 characters), so
 * 100 of them stay far below Temporal's 512 KB payload warning.
 */
export const maxGoalsPerSignal = 100;

/** How a client tells the company of the goals it started: one signal per goal (as before), or per burst. */
export type AdmissionSignalling = 'per-goal' | 'burst';

interface Waiting {
  admitted: GoalAdmitted;
  resolve(): void;
  reject(error: unknown): void;
}

export class AdmissionSignals {
  private readonly temporal: () => Client;
  private readonly signalling: AdmissionSignalling;
  /** Per company: the goals waiting for the next signal, and whether one is under way. */
  private readonly companies = new Map<string, { waiting: Waiting[]; sending: boolean }>();

  constructor(temporal: () => Client, signalling: AdmissionSignalling = 'burst') {
    this.temporal = temporal;
    this.signalling = signalling;
  }

  /** Resolves once the company holds the signal that admits the goal; rejects with that signal's error. */
  tell(companyId: string, admitted: GoalAdmitted): Promise<void> {
    const company = this.temporal().workflow.getHandle(companyWorkflowId(companyId));
    if (this.signalling === 'per-goal') return company.signal(goalAdmittedSignal, admitted);
    const entry = this.companies.get(companyId) ?? { waiting: [], sending: false };
    this.companies.set(companyId, entry);
    const told = new Promise<void>((resolve, reject) => entry.waiting.push({ admitted, resolve, reject }));
    if (!entry.sending) void this.send(companyId, entry);
    return told;
  }

  /** Sends what waits, then what came meanwhile, until nothing waits. */
  private async send(companyId: string, entry: { waiting: Waiting[]; sending: boolean }): Promise<void> {
    entry.sending = true;
    const company = this.temporal().workflow.getHandle(companyWorkflowId(companyId));
    while (entry.waiting.length > 0) {
      const batch = entry.waiting.splice(0, maxGoalsPerSignal);
      try {
        // A goal alone goes in the signal it always went in.
        if (batch.length === 1) await company.signal(goalAdmittedSignal, batch[0]!.admitted);
        else await company.signal(goalsAdmittedSignal, { admitted: batch.map((each) => each.admitted) });
        for (const each of batch) each.resolve();
      } catch (error) {
        for (const each of batch) each.reject(error);
      }
    }
    entry.sending = false;
    this.companies.delete(companyId);
  }
}
