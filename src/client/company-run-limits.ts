import type { Priority } from '@temporalio/common';

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
 * SYNTHORG_COMPANY_TASK_TIMEOUT_SECONDS sets it for the companies a client starts (SynthorgConfig): shorter
 * for faster takeover after a crash where histories replay quickly, longer on a starved machine.
 */
export const defaultCompanyTaskTimeoutSeconds = 60;
export const companyWorkflowTaskTimeout = `${defaultCompanyTaskTimeoutSeconds} seconds`;

/** Continue-as-new after this many events (the workflow's own default, 10,000, takes minutes to replay there). */
export const companyHistoryLimit = 2_000;

/**
 * Temporal task priority of a company workflow (1 first; 3 is the server's default, which its tasks keep):
 * with hundreds of tasks in flight on one worker, the company's workflow tasks waited up to 87 s behind the
 * tasks' in the task queue's backlog, a burst of reports piled up meanwhile, and its runs overshot their
 * history limit by 2×; at priority 1 its workflow tasks waited at most 3–6 s and its runs stayed within
 * 1.13× of the limit (`node bench/load.ts --tasks 300 --company-history-limit 400 --company-priority 1`;
 * docs/faults-and-load-rounds.md, "Sixth round: the company under a burst of reports"). Children and activities
 * inherit a workflow's priority, so the company starts goal tasks at the default (`taskPriority`).
 */
export const companyPriority: Priority = { priorityKey: 1 };
