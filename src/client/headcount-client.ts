import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { StaffProposal } from '../domain/headcount-loop.ts';
import { headcountWorkflowId } from '../domain/headcount-loop.ts';
import type { HeadcountView } from '../../workflows/contracts/headcount.ts';
import { decideStaffingUpdate, headcountStateQuery } from '../../workflows/contracts/headcount.ts';
import { InvalidInputError, NotFoundError } from './types.ts';

export type { HeadcountView, StaffProposal };

/** A company's headcount workflow (docs/scaling.md, "Headcount"): its state, and answers to its proposals. */
export class HeadcountClient {
  private readonly temporal: Client;

  constructor(temporal: Client) {
    this.temporal = temporal;
  }

  /** Counters per role (today's hires and retirements), open and recent proposals, the last advice. */
  state(companyId: string): Promise<HeadcountView> {
    return this.call(companyId, () => this.handle(companyId).query(headcountStateQuery));
  }

  /** Approves or denies a proposal awaiting approval; the company applies an approved one within seconds. */
  decide(
    companyId: string,
    proposalId: string,
    approve: boolean,
    answer: { by?: string; reason?: string } = {},
  ): Promise<StaffProposal> {
    if (!/^p\d{1,9}$/.test(proposalId)) {
      throw new InvalidInputError(`proposal: "${proposalId}" is not a proposal id such as "p3" (see scaling show)`);
    }
    return this.call(companyId, () =>
      this.handle(companyId).executeUpdate(decideStaffingUpdate, { args: [{ proposalId, approve, ...answer }] }),
    );
  }

  private handle(companyId: string) {
    return this.temporal.workflow.getHandle(headcountWorkflowId(companyId));
  }

  private async call<T>(companyId: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) {
        throw new NotFoundError(
          `company "${companyId}" has no headcount workflow (no company of that id, or its template has no "scaling:" section)`,
        );
      }
      if (error instanceof WorkflowUpdateFailedError)
        throw new InvalidInputError(error.cause?.message ?? error.message);
      throw error;
    }
  }
}
