import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { SynthorgConfig } from '../config/env.ts';
import type { CompanyTemplate } from '../config/template-schema.ts';
import type { TemplateVersionStats } from '../db/template-stats.ts';
import type { DryRunReport } from '../templates/marketplace/marketplace.ts';
import type { SynthorgApi } from './types.ts';

/** The marketplace's settings from the client's configuration: packages under SYNTHORG_HOME, npm's registry settings. */
export function marketplaceOptions(config: SynthorgConfig, cwd = process.cwd()) {
  return { home: config.home, npm: { cwd, registryVariable: config.npm.registry, userConfig: config.npm.userConfig } };
}

/** `template stats`: outcomes per installed template version, read from the ledger by a worker. */
export async function readTemplateStats(
  temporal: Client,
  config: SynthorgConfig,
  packageName?: string,
): Promise<TemplateVersionStats[]> {
  return temporal.workflow.execute('templateStatsWorkflow', {
    workflowId: `template-stats:${randomBytes(6).toString('hex')}`,
    taskQueue: config.taskQueue,
    args: [packageName === undefined ? {} : { packageName }],
    staticSummary: `Template statistics${packageName ? ` of ${packageName}` : ''}`,
    workflowExecutionTimeout: '1 minute',
  });
}

/** How long a dry run's sample goal may take on the offline model before it counts as failed. */
const dryRunDeadlineMs = 5 * 60_000;

/**
 * A dry run: the template, every agent switched to the offline model (a deterministic simulator,
 * so it costs nothing real and answers the same way each time), runs one sample goal in a throwaway
 * company whose approvals are granted as they come; the company is stopped afterwards.
 */
export async function dryRunTemplate(api: SynthorgApi, template: CompanyTemplate, goal: string): Promise<DryRunReport> {
  const companyId = `dry-run-${randomBytes(5).toString('hex')}`;
  const offline: CompanyTemplate = {
    ...template,
    agents: template.agents.map((agent) => ({ ...agent, model: 'offline' })),
  };
  const started = await api.startCompany({ id: companyId, template: offline });
  try {
    if (!started.ready) {
      return {
        companyId,
        goal,
        status: 'NO_WORKER (start "synthorg dev" or "synthorg worker" for a dry run)',
        costUsd: 0,
        tasks: 0,
      };
    }
    const root = await api.submitGoal(companyId, goal);
    // A goal that parks (budget exhausted) or outlasts the deadline would wait for an operator
    // forever; for a dry run either is a failure, reported as the status it reached.
    let stuck: (status: string) => void = () => undefined;
    const stalled = new Promise<string>((resolve) => (stuck = resolve));
    const deadline = setTimeout(() => stuck('TIMED_OUT'), dryRunDeadlineMs);
    const waiting = new AbortController();
    const finished = api.waitForTask(companyId, root.id, {
      signal: waiting.signal,
      onApproval: (approval) => api.approve(companyId, approval.taskId, 'dry run'),
      onProgress: (company) => {
        if (company.tasks.some((task) => task.status === 'PARKED_BUDGET')) stuck('PARKED_BUDGET');
      },
    });
    try {
      const outcome = await Promise.race([finished, stalled]);
      const company = await api.status(companyId);
      const costUsd = company.tasks.find((task) => task.id === root.id)?.costUsd ?? 0;
      if (typeof outcome === 'string')
        return { companyId, goal, status: outcome, costUsd, tasks: company.tasks.length };
      return { companyId, goal, status: outcome.status, costUsd: outcome.costUsd, tasks: company.tasks.length };
    } finally {
      clearTimeout(deadline);
      // A goal that parked or outlasted the deadline leaves the wait polling: it is ended here, and its query out
      // cancelled, before the company stops. A stopped company's queries go unanswered once its worker is gone, and
      // the wait took that for a worker restarting and polled on, for as long as the connection stayed open.
      waiting.abort(new Error(`the dry run of ${companyId} ended`));
      await finished.catch(() => undefined);
    }
  } finally {
    await api.stopCompany(companyId).catch(() => undefined);
  }
}
