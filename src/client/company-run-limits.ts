/**
 * Limits a new company workflow starts with (and keeps across continue-as-new), found by the chaos run at
 * issue 15's scale (docs/faults-and-load.md).
 *
 * A company's workflow task is slow exactly when a worker has lost it from its cache (after a kill, a
 * restart or an evicted task): the worker then replays the whole history. On a starved machine (two
 * cores, load 35) a 630-event company history took up to 12 s to replay, over the default 10 s workflow
 * task timeout, so the task timed out, the worker evicted the workflow, every goal update waiting on it was
 * aborted and retried, and the next attempt replayed from scratch again: the company never progressed.
 * A longer timeout lets a slow replay finish once (after which the worker holds the workflow and tasks are
 * quick again); a shorter history bounds how long that replay can be. The cost: a worker killed while it
 * holds a company task delays that company by up to the timeout, not 10 s (task workflows keep the default).
 */
export const companyWorkflowTaskTimeout = '60 seconds';

/** Continue-as-new after this many events (the workflow's own default, 10,000, takes minutes to replay there). */
export const companyHistoryLimit = 2_000;
