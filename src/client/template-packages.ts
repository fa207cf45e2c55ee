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
    const final = await api.waitForTask(companyId, root.id, {
      onApproval: (approval) => api.approve(companyId, approval.taskId, 'dry run'),
    });
    const company = await api.status(companyId);
    return { companyId, goal, status: final.status, costUsd: final.costUsd, tasks: company.tasks.length };
  } finally {
    await api.stopCompany(companyId).catch(() => undefined);
  }
}
