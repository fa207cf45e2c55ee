import type { Client, Connection } from '@temporalio/client';
import type { QueryDefinition } from '@temporalio/common';
import type { SynthorgConfig } from '../config/env.ts';
import { embeddedDefaults } from '../config/env.ts';
import { companyWorkflowId } from '../domain/ids.ts';
import type { PendingApproval } from '../domain/types.ts';
import { viewQuery } from '../../workflows/contracts/company.ts';
import type { CompanyViewState } from '../../workflows/contracts/company.ts';
import { toAgentView } from './company-staff.ts';
import { toTaskView } from './task-view.ts';
import type { ApprovalPolicy, CompanyView } from './types.ts';
import { queryWithWorkerCheck } from './worker-presence.ts';
import { translateTemporalError, withQueryRetry } from './temporal-errors.ts';

/** The company as its own view carries it beyond the public shape: pending approvals and their policy. */
export interface CompanyViewWithApprovals {
  company: CompanyView;
  pendingApprovals: PendingApproval[];
  approvalPolicy: ApprovalPolicy;
}

/**
 * Calls to a company's workflows as the client makes them: queries that say within seconds when no worker
 * serves the company, updates, and Temporal's errors turned into the ones callers can act on.
 */
export class CompanyCalls {
  private readonly temporal: Client;
  private readonly connection: Connection;
  private readonly config: SynthorgConfig;
  private readonly queryTimeoutMs: number;

  constructor(temporal: Client, connection: Connection, config: SynthorgConfig, queryTimeoutMs: number) {
    this.temporal = temporal;
    this.connection = connection;
    this.config = config;
    this.queryTimeoutMs = queryTimeoutMs;
  }

  handle(companyId: string) {
    return this.temporal.workflow.getHandle(companyWorkflowId(companyId));
  }

  /** A query only a worker answers: without one, say so within seconds instead of hanging. */
  query<T>(
    companyId: string,
    workflowId: string,
    run: (signal: AbortSignal) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    return queryWithWorkerCheck(
      {
        client: this.temporal,
        connection: this.connection,
        companyId,
        workflowId,
        checkAfterMs: Math.min(1_500, this.queryTimeoutMs),
        timeoutMs: this.queryTimeoutMs,
        ...(signal ? { signal } : {}),
      },
      run,
    );
  }

  /** One of the company workflow's own queries, its errors translated; `retry` rides out a worker's restart. */
  async companyQuery<T>(
    companyId: string,
    query: QueryDefinition<T>,
    options: { retry?: boolean; signal?: AbortSignal } = {},
  ): Promise<T> {
    const handle = this.handle(companyId);
    return this.query(
      companyId,
      companyWorkflowId(companyId),
      (signal) => (options.retry ? withQueryRetry(() => handle.query(query), signal) : handle.query(query)),
      options.signal,
    ).catch((error: unknown) => {
      options.signal?.throwIfAborted();
      throw this.translate(error, companyId);
    });
  }

  /** The company's view: its public shape, plus the pending approvals and the policy that answers them. */
  async view(companyId: string, signal?: AbortSignal): Promise<CompanyViewWithApprovals> {
    return toCompanyView(await this.companyQuery(companyId, viewQuery, { retry: true, ...(signal ? { signal } : {}) }));
  }

  async update<T>(companyId: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw this.translate(error, companyId);
    }
  }

  /** Maps Temporal errors to the errors callers can act on (src/client/temporal-errors.ts). */
  translate(error: unknown, companyId?: string): Error {
    return translateTemporalError(error, this.config.temporalAddress ?? embeddedDefaults.temporalAddress, companyId);
  }
}

function toCompanyView(state: CompanyViewState): CompanyViewWithApprovals {
  const company: CompanyView = {
    id: state.company.id,
    name: state.company.name,
    status: state.status,
    budget: { limitUsd: state.company.monthlyBudgetUsd, spentUsd: state.spentUsd },
    agents: state.company.agents.map(toAgentView),
    tasks: state.tasks.map(toTaskView),
  };
  const { approvalTimeout, approvalDefault } = state.company.policies;
  return {
    company,
    pendingApprovals: state.pendingApprovals,
    approvalPolicy: { timeout: approvalTimeout, defaultOutcome: approvalDefault },
  };
}
