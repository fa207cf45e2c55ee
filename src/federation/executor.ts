import { AgentEvent } from '@a2a-js/sdk/server';
import type { AgentExecutor, ExecutionEventBus, RequestContext } from '@a2a-js/sdk/server';
import { TaskState } from '@a2a-js/sdk';
import type { Task } from '@a2a-js/sdk';
import type { Pool } from 'pg';
import { isTerminal } from '../domain/task-state.ts';
import type { TaskView } from '../client/types.ts';
import type { CompanyGateway } from './company-gateway.ts';
import { agentMessage, messageText, textPart } from './a2a-parts.ts';
import { a2aState } from './task-states.ts';
import { negotiationExtensionUri } from './agent-card.ts';
import { BuyerMoveSchema, DelegatedTaskSchema, describeIssue } from './negotiation-messages.ts';
import type { SellerReply } from '../domain/negotiation.ts';
import { ownerOf } from './task-store.ts';

export interface ExecutorOptions {
  pool: Pool;
  companyId: string;
  gateway: CompanyGateway;
  /** How often a running task's company state is read (default 500 ms). */
  pollIntervalMs?: number;
}

/** A message a partner cannot turn into a task (no text); answered as a rejected task, not an error. */
const maxGoalLength = 8_000;

/**
 * Turns an incoming A2A message into a root task of the company (so review, budget and approval rules
 * apply as to any goal) and streams its status back until it ends, with the result as an artifact.
 */
export class CompanyAgentExecutor implements AgentExecutor {
  private readonly watching = new Map<string, AbortController>();
  /** The watch loops still running, so stop() can wait for their last read of the company to end. */
  private readonly loops = new Set<Promise<void>>();
  private readonly pollIntervalMs: number;
  private readonly options: ExecutorOptions;

  constructor(options: ExecutorOptions) {
    this.options = options;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
  }

  /** Whether this process streams the task's status (else a read refreshes it from the company). */
  isWatching(taskId: string): boolean {
    return this.watching.has(taskId);
  }

  /**
   * Stops streaming every task (the server is closing) and waits for each loop's last read to end, so
   * the caller can then close the Temporal connection under them: a read still retrying on a closed
   * connection throws where nothing can catch it. Streams end without a final event; `GetTask`
   * refreshes a task from the company after a restart.
   */
  async stop(): Promise<void> {
    for (const abort of this.watching.values()) abort.abort();
    await Promise.allSettled([...this.loops]);
  }

  /** Stops streaming a task's status (it is being cancelled); its cancellation event follows. */
  stopWatching(taskId: string): void {
    this.watching.get(taskId)?.abort();
  }

  execute = async (context: RequestContext, bus: ExecutionEventBus): Promise<void> => {
    const { taskId, contextId } = context;
    const message = context.userMessage;
    const negotiation = message.metadata?.negotiation as { kind?: unknown } | undefined;
    const negotiating = message.extensions.includes(negotiationExtensionUri) && negotiation !== undefined;
    if (negotiating && negotiation.kind !== 'task') {
      await this.negotiate(context, bus, negotiation);
      return;
    }
    if (context.task) {
      // A follow-up on a running task: the company task runs on its own; the partner sees its status.
      bus.publish(AgentEvent.task(context.task));
      const local = context.task.metadata?.synthorgTaskId;
      if (typeof local === 'string') await this.watch(context.task, local, bus);
      return;
    }
    const goal = messageText(message);
    const task: Task = {
      id: taskId,
      contextId,
      status: { state: TaskState.TASK_STATE_SUBMITTED, message: undefined, timestamp: new Date().toISOString() },
      artifacts: [],
      history: [message],
      metadata: {},
    };
    if (goal === '' || goal.length > maxGoalLength) {
      const why =
        goal === '' ? 'the message has no text part to work on' : `the text is longer than ${maxGoalLength} characters`;
      task.status = {
        state: TaskState.TASK_STATE_REJECTED,
        message: agentMessage(taskId, contextId, `rejected: ${why}`),
        timestamp: new Date().toISOString(),
      };
      bus.publish(AgentEvent.task(task));
      bus.finished();
      return;
    }
    const partnerId = ownerOf(context.context);
    if (negotiating) {
      // Work under an offer: only an offer this company accepted (and was credited for) starts it.
      const parsed = DelegatedTaskSchema.safeParse(negotiation);
      const refusal = !parsed.success
        ? describeIssue(parsed.error)
        : (await this.offerCredited(partnerId, parsed.data.offerId))
          ? undefined
          : `offer ${parsed.data.offerId} was not accepted by ${this.options.companyId}`;
      if (refusal) {
        task.status = {
          state: TaskState.TASK_STATE_REJECTED,
          message: agentMessage(taskId, contextId, `rejected: ${refusal}`),
          timestamp: new Date().toISOString(),
        };
        bus.publish(AgentEvent.task(task));
        bus.finished();
        return;
      }
    }
    const criteria = message.metadata?.acceptanceCriteria;
    const localTaskId = await this.options.gateway.submit(
      this.options.companyId,
      goal,
      typeof criteria === 'string' ? criteria : undefined,
      `a2a:${partnerId}:${message.messageId}`,
    );
    task.metadata = { synthorgTaskId: localTaskId, partnerId };
    await this.options.pool.query(
      `UPDATE a2a_inbound_messages SET task_id = $4
       WHERE company_id = $1 AND partner_id = $2 AND message_id = $3 AND task_id IS NULL`,
      [this.options.companyId, partnerId, message.messageId, taskId],
    );
    bus.publish(AgentEvent.task(task));
    await this.watch(task, localTaskId, bus);
  };

  cancelTask = async (taskId: string, bus: ExecutionEventBus): Promise<void> => {
    this.stopWatching(taskId);
    bus.publish(
      AgentEvent.statusUpdate({
        taskId,
        contextId: '',
        status: {
          state: TaskState.TASK_STATE_CANCELED,
          message: agentMessage(taskId, '', 'cancelled at the partner’s request'),
          timestamp: new Date().toISOString(),
        },
        metadata: undefined,
      }),
    );
    bus.finished();
  };

  private async negotiate(context: RequestContext, bus: ExecutionEventBus, negotiation: unknown): Promise<void> {
    const parsed = BuyerMoveSchema.safeParse(negotiation);
    const reply: SellerReply | { kind: 'invalid'; reason: string } = parsed.success
      ? await this.options.gateway.negotiate(
          this.options.companyId,
          ownerOf(context.context),
          parsed.data,
          context.userMessage.messageId,
        )
      : { kind: 'invalid', reason: describeIssue(parsed.error) };
    const text = reply.kind === 'offer' ? `offer ${reply.offer.offerId}: $${reply.offer.priceUsd}` : reply.kind;
    bus.publish(
      AgentEvent.message({
        ...agentMessage('', context.contextId, text),
        metadata: { negotiation: reply },
        extensions: [negotiationExtensionUri],
      }),
    );
    bus.finished();
  }

  private async offerCredited(partnerId: string, offerId: string): Promise<boolean> {
    const { rows } = await this.options.pool.query(
      `SELECT 1 FROM federation_settlements
        WHERE company_id = $1 AND partner_id = $2 AND offer_id = $3 AND direction = 'credit'`,
      [this.options.companyId, partnerId, offerId],
    );
    return rows.length > 0;
  }

  private async watch(task: Task, localTaskId: string, bus: ExecutionEventBus): Promise<void> {
    const loop = this.watchLoop(task, localTaskId, bus);
    this.loops.add(loop);
    try {
      await loop;
    } finally {
      this.loops.delete(loop);
    }
  }

  private async watchLoop(task: Task, localTaskId: string, bus: ExecutionEventBus): Promise<void> {
    const abort = new AbortController();
    this.watching.set(task.id, abort);
    let last = '';
    try {
      while (!abort.signal.aborted) {
        const view = await this.options.gateway.task(this.options.companyId, localTaskId).catch(() => undefined);
        if (abort.signal.aborted) return;
        if (view && view.status !== last) {
          last = view.status;
          for (const event of statusEvents(task, view)) bus.publish(event);
          if (isTerminal(view.status)) {
            bus.finished();
            return;
          }
        }
        await new Promise((resolve) => setTimeout(resolve, this.pollIntervalMs));
      }
    } finally {
      this.watching.delete(task.id);
    }
  }
}

/** The events that tell a partner a company task's state: the result artifact first when it completed. */
export function statusEvents(
  task: Pick<Task, 'id' | 'contextId'>,
  view: TaskView,
): ReturnType<typeof AgentEvent.task>[] {
  const events = [];
  if (view.status === 'COMPLETED' && view.result !== undefined) {
    events.push(
      AgentEvent.artifactUpdate({
        taskId: task.id,
        contextId: task.contextId,
        artifact: {
          artifactId: 'result',
          name: 'result',
          description: `Result of task ${view.id}, reviewed by ${view.reviewer ?? 'nobody'}`,
          parts: [textPart(view.result)],
          metadata: { synthorgTaskId: view.id, reviewer: view.reviewer },
          extensions: [],
        },
        append: false,
        lastChunk: true,
        metadata: undefined,
      }),
    );
  }
  const note =
    view.status === 'FAILED'
      ? `failed: ${view.failureReason ?? 'no reason given'}`
      : view.waitReason
        ? `${view.status}: ${view.waitReason}`
        : view.status;
  events.push(
    AgentEvent.statusUpdate({
      taskId: task.id,
      contextId: task.contextId,
      status: {
        state: a2aState(view.status),
        message: agentMessage(task.id, task.contextId, note),
        timestamp: new Date().toISOString(),
      },
      metadata: { synthorgStatus: view.status },
    }),
  );
  return events;
}
