import { AgentEvent, DefaultRequestHandler, ResultManager } from '@a2a-js/sdk/server';
import type { ServerCallContext } from '@a2a-js/sdk/server';
import type { AgentCard, Task } from '@a2a-js/sdk';
import { TaskNotFoundError } from '@a2a-js/sdk/errors';
import type { Pool } from 'pg';
import type { CompanyGateway } from './company-gateway.ts';
import type { CompanyAgentExecutor } from './executor.ts';
import { statusEvents } from './executor.ts';
import { ownerOf } from './task-store.ts';
import type { PostgresTaskStore } from './task-store.ts';
import { terminalA2AStates } from './task-states.ts';

type SendParams = Parameters<DefaultRequestHandler['sendMessage']>[0];

/** A claim on a message id left by a process that died before it started the task is taken over after this. */
const staleClaimSeconds = 30;

/**
 * The SDK's request handler with what a company adds: a message id seen twice answers with the task
 * the first one started, a task read after a restart shows the company's current state, and a
 * cancellation always reaches the company task (not only while this process streams it).
 */
export class FederationRequestHandler extends DefaultRequestHandler {
  private readonly store: PostgresTaskStore;
  private readonly executor: CompanyAgentExecutor;
  private readonly pool: Pool;
  private readonly companyId: string;
  private readonly gateway: CompanyGateway;

  constructor(
    card: AgentCard,
    parts: {
      store: PostgresTaskStore;
      executor: CompanyAgentExecutor;
      pool: Pool;
      companyId: string;
      gateway: CompanyGateway;
    },
  ) {
    super(card, parts.store, parts.executor);
    this.store = parts.store;
    this.executor = parts.executor;
    this.pool = parts.pool;
    this.companyId = parts.companyId;
    this.gateway = parts.gateway;
  }

  override async sendMessage(
    params: SendParams,
    context: ServerCallContext,
  ): ReturnType<DefaultRequestHandler['sendMessage']> {
    const earlier = await this.earlierTask(params, context);
    if (earlier) return earlier;
    return super.sendMessage(params, context);
  }

  override async *sendMessageStream(
    params: SendParams,
    context: ServerCallContext,
  ): ReturnType<DefaultRequestHandler['sendMessageStream']> {
    const earlier = await this.earlierTask(params, context);
    if (earlier) {
      yield { payload: { $case: 'task' as const, value: earlier } };
      return;
    }
    yield* super.sendMessageStream(params, context);
  }

  override async getTask(
    params: Parameters<DefaultRequestHandler['getTask']>[0],
    context: ServerCallContext,
  ): ReturnType<DefaultRequestHandler['getTask']> {
    await this.refresh(params.id, context);
    return super.getTask(params, context);
  }

  override async cancelTask(
    params: Parameters<DefaultRequestHandler['cancelTask']>[0],
    context: ServerCallContext,
  ): ReturnType<DefaultRequestHandler['cancelTask']> {
    const localTaskId = await this.store.localTaskId(params.id, ownerOf(context));
    const task = await this.store.load(params.id, context);
    if (!task) throw new TaskNotFoundError(`Task not found: ${params.id}`);
    if (localTaskId && !terminalA2AStates.includes(task.status?.state ?? 0)) {
      this.executor.stopWatching(params.id);
      await this.gateway.cancel(this.companyId, localTaskId);
    }
    return super.cancelTask(params, context);
  }

  /**
   * The task an earlier message with the same id started, waiting briefly while that message is
   * still being turned into a task; undefined when this message is the first (it now holds the claim).
   */
  private async earlierTask(params: SendParams, context: ServerCallContext): Promise<Task | undefined> {
    const message = params.message;
    if (!message?.messageId || message.taskId) return undefined;
    // Negotiation moves start no task; the seller's workflow deduplicates them by message id.
    const negotiation = message.metadata?.negotiation as { kind?: unknown } | undefined;
    if (negotiation !== undefined && negotiation.kind !== 'task') return undefined;
    const partnerId = ownerOf(context);
    const key = [this.companyId, partnerId, message.messageId];
    for (let attempt = 0; attempt < 100; attempt++) {
      const claimed = await this.pool.query(
        `INSERT INTO a2a_inbound_messages (company_id, partner_id, message_id) VALUES ($1, $2, $3)
         ON CONFLICT (company_id, partner_id, message_id) DO UPDATE SET claimed_at = now()
           WHERE a2a_inbound_messages.task_id IS NULL
             AND a2a_inbound_messages.claimed_at < now() - interval '${staleClaimSeconds} seconds'
         RETURNING message_id`,
        key,
      );
      if ((claimed.rowCount ?? 0) > 0) return undefined;
      const { rows } = await this.pool.query<{ task_id: string | null }>(
        'SELECT task_id FROM a2a_inbound_messages WHERE company_id = $1 AND partner_id = $2 AND message_id = $3',
        key,
      );
      const taskId = rows[0]?.task_id;
      if (taskId) {
        await this.refresh(taskId, context);
        const task = await this.store.load(taskId, context);
        if (task) return task;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`message ${message.messageId} is still being started by an earlier request; send it again shortly`);
  }

  /** Brings a stored task up to the company's state when no stream in this process does. */
  private async refresh(taskId: string, context: ServerCallContext): Promise<void> {
    if (this.executor.isWatching(taskId)) return;
    const task = await this.store.load(taskId, context);
    if (!task || terminalA2AStates.includes(task.status?.state ?? 0)) return;
    const localTaskId = task.metadata?.synthorgTaskId;
    if (typeof localTaskId !== 'string') return;
    const view = await this.gateway.task(this.companyId, localTaskId);
    const results = new ResultManager(this.store, context);
    await results.processEvent(AgentEvent.task(task));
    for (const event of statusEvents(task, view)) await results.processEvent(event);
  }
}
