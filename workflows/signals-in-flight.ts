/**
 * Signals a workflow sends to other workflows without awaiting them, counted until the server has delivered or
 * refused each. The server delivers a workflow's signal by a transfer task after the workflow task that sent it,
 * and drops it when the sender has closed by then (continued as new or ended: processSignalExecution returns
 * ErrWorkflowCompleted), so a workflow that sends from a handler waits for {@link delivered} before it closes.
 */
export class SignalsInFlight {
  private undelivered = 0;

  /** Counts `signal` until it settles; `refused` hears why the server refused it (no such workflow, closed). */
  send(signal: Promise<void>, refused: (error: unknown) => void): void {
    this.undelivered++;
    void signal.catch(refused).finally(() => {
      this.undelivered--;
    });
  }

  /** True when every signal sent has been delivered or refused. */
  delivered(): boolean {
    return this.undelivered === 0;
  }
}
