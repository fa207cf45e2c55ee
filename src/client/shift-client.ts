import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { ShiftsSpecInput } from '../config/shift-schema.ts';
import { shiftWorkflowId } from '../domain/shifts/ids.ts';
import type { ShiftNow, ShiftRosterView, SwapInput } from '../../workflows/contracts/shifts.ts';
import {
  callInUpdate,
  offDutyUpdate,
  onDutyQuery,
  rosterQuery,
  setRosterUpdate,
  swapUpdate,
} from '../../workflows/contracts/shifts.ts';
import { InvalidInputError, NotFoundError } from './types.ts';

export type { ShiftNow, ShiftRosterView, SwapInput };

/** How long a missing shift workflow may still be starting (see ShiftClient.call). */
const shiftStartGraceMs = 5_000;

/** The shift workflow of a company, for the client and the `synthorg shift` commands (docs/shifts.md). */
export class ShiftClient {
  private readonly temporal: Client;

  constructor(temporal: Client) {
    this.temporal = temporal;
  }

  /** Who is on duty now, until when, and the next change. */
  now(companyId: string): Promise<ShiftNow> {
    return this.call(companyId, () => this.handle(companyId).query(onDutyQuery));
  }

  /** The roster (rotations, swaps, call-ins, off duty) and the coming shifts. */
  roster(companyId: string): Promise<ShiftRosterView> {
    return this.call(companyId, () => this.handle(companyId).query(rosterQuery));
  }

  /** `from` gives rotation `rotation` to `to` (on `date` only, or from now on). */
  swap(companyId: string, swap: SwapInput): Promise<ShiftNow> {
    return this.call(companyId, () => this.handle(companyId).executeUpdate(swapUpdate, { args: [swap] }));
  }

  /** Puts an agent on duty for `forMs` (default 2 hours). */
  callIn(companyId: string, agentId: string, forMs?: number, reason?: string): Promise<ShiftNow> {
    return this.call(companyId, () =>
      this.handle(companyId).executeUpdate(callInUpdate, {
        args: [{ agentId, ...(forMs !== undefined ? { forMs } : {}), ...(reason ? { reason } : {}) }],
      }),
    );
  }

  /** Sends an on-duty agent off duty until its shift would have ended; its tasks are handed over. */
  offDuty(companyId: string, agentId: string): Promise<ShiftNow> {
    return this.call(companyId, () => this.handle(companyId).executeUpdate(offDutyUpdate, { args: [{ agentId }] }));
  }

  /** Replaces the rotations and on-call agents (validated like the template's section). */
  setRoster(companyId: string, shifts: ShiftsSpecInput): Promise<ShiftNow> {
    return this.call(companyId, () => this.handle(companyId).executeUpdate(setRosterUpdate, { args: [shifts] }));
  }

  private handle(companyId: string) {
    return this.temporal.workflow.getHandle(shiftWorkflowId(companyId));
  }

  private async call<T>(companyId: string, call: () => Promise<T>): Promise<T> {
    // The company starts its shift workflow right after it registers, so startCompany can return a moment
    // before that workflow exists (longer on a busy server): "not found" is believed after a short grace.
    const deadline = Date.now() + shiftStartGraceMs;
    for (;;) {
      try {
        return await call();
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) {
          if (Date.now() < deadline) {
            await new Promise((resolve) => setTimeout(resolve, 200));
            continue;
          }
          throw new NotFoundError(`company "${companyId}" has no shifts (its template has no "shifts:" section)`);
        }
        if (error instanceof WorkflowUpdateFailedError)
          throw new InvalidInputError(error.cause?.message ?? error.message);
        throw error;
      }
    }
  }
}
