import { randomUUID } from 'node:crypto';
import type { Client, Connection } from '@temporalio/client';
import { ensureNexusEndpoint } from '../temporal/nexus-endpoints.ts';
import { nexusEndpointName } from '../../workflows/contracts/nexus-delegation.ts';
import type { NexusBuyerInput, NexusDelegationResult } from '../../workflows/contracts/nexus-delegation.ts';
import type { nexusDelegationWorkflow } from '../../workflows/nexus-delegation.ts';
import { InvalidInputError } from './types.ts';
import { isValidCompanyId } from '../domain/ids.ts';

/**
 * Nexus delegation between organisations on one Temporal cluster (docs/federation.md), for a client
 * in one namespace: offer a company of this namespace as a seller, and delegate a goal to a seller
 * company of another namespace.
 */
export class NexusDelegationClient {
  private readonly temporal: Client;
  private readonly connection: Connection;
  private readonly taskQueue: string;

  constructor(temporal: Client, connection: Connection, taskQueue: string) {
    this.temporal = temporal;
    this.connection = connection;
    this.taskQueue = taskQueue;
  }

  /** The namespace this client works in (the buyer's, or the seller's that an endpoint targets). */
  get namespace(): string {
    return this.temporal.options.namespace;
  }

  /**
   * Creates (or re-points) the endpoint other namespaces call this company through: it targets this
   * client's namespace and task queue, whose workers handle the delegation service. Returns its name.
   */
  async linkSeller(companyId: string): Promise<string> {
    checkCompanyId('companyId', companyId);
    const namespace = this.temporal.options.namespace;
    const name = nexusEndpointName(namespace, companyId);
    await ensureNexusEndpoint(this.connection, { name, namespace, taskQueue: this.taskQueue });
    return name;
  }

  /** Starts a delegation of `goal` from this namespace's `buyerCompanyId` to a company of `sellerNamespace`. */
  async delegate(input: {
    buyerCompanyId: string;
    sellerNamespace: string;
    sellerCompanyId: string;
    goal: string;
    acceptanceCriteria?: string;
    /** Defaults to a fresh id under the buyer company. */
    delegationId?: string;
  }) {
    checkCompanyId('buyerCompanyId', input.buyerCompanyId);
    checkCompanyId('sellerCompanyId', input.sellerCompanyId);
    if (input.goal.trim() === '') throw new InvalidInputError('goal: must not be empty');
    const args: NexusBuyerInput = {
      endpoint: nexusEndpointName(input.sellerNamespace, input.sellerCompanyId),
      buyerCompanyId: input.buyerCompanyId,
      sellerCompanyId: input.sellerCompanyId,
      goal: input.goal,
      ...(input.acceptanceCriteria ? { acceptanceCriteria: input.acceptanceCriteria } : {}),
    };
    return this.temporal.workflow.start<typeof nexusDelegationWorkflow>('nexusDelegationWorkflow', {
      workflowId: `company:${input.buyerCompanyId}:nexus-delegation:${input.delegationId ?? randomUUID()}`,
      taskQueue: this.taskQueue,
      args: [args],
      staticSummary: `Goal of ${input.buyerCompanyId} delegated to ${input.sellerNamespace}/${input.sellerCompanyId} over Nexus`,
    });
  }

  /** Delegates and waits for the seller task's ending. */
  async delegateAndWait(input: Parameters<NexusDelegationClient['delegate']>[0]): Promise<NexusDelegationResult> {
    return (await this.delegate(input)).result();
  }
}

function checkCompanyId(field: string, value: string): void {
  if (!isValidCompanyId(value)) throw new InvalidInputError(`${field}: bad company id "${value}"`);
}
