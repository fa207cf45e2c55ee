import type { Client, WorkflowHandle } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { SynthorgConfig } from '../config/env.ts';
import { CompanyTemplate } from '../config/schemas.ts';
import { snapshotFromTemplate } from '../domain/company.ts';
import { stepHeartbeatField } from '../domain/step-heartbeat.ts';
import { companyWorkflowId, isValidCompanyId } from '../domain/ids.ts';
import { companyIdKey } from '../domain/search-attributes.ts';
import { MemoryClient } from '../memory/memory-client.ts';
import { TemplateError } from '../templates/loader.ts';
import { resolveTemplateReference } from '../templates/marketplace/template-reference.ts';
import { schemaIssues } from '../templates/template-issues.ts';
import type { CompanyWorkflowInput } from '../../workflows/contracts/company.ts';
import type { OperatorMemoryPlacementInput } from '../../workflows/contracts/memory.ts';
import { orgChartQuery, readyUpdate } from '../../workflows/contracts/company.ts';
import { companyHistoryLimit, companyPriority } from './company-run-limits.ts';
import { companyStartRefusal } from './company-start-refusal.ts';
import { marketplaceOptions } from './template-packages.ts';
import type { StartCompanyOptions, StartCompanyResult } from './types.ts';
import { InvalidInputError } from './types.ts';

/** What starting a company needs of the client that owns the connection. */
export interface CompanyStartContext {
  temporal: Client;
  config: SynthorgConfig;
  /** A query that only a worker answers, failing fast without one. */
  query<T>(companyId: string, workflowId: string, run: () => Promise<T>): Promise<T>;
  ready(companyId: string): Promise<boolean>;
  importMemory(companyId: string, path: string, placement: OperatorMemoryPlacementInput): Promise<unknown>;
  translate(error: unknown): Error;
}

/**
 * Starts the company's workflow from a template (a built-in, a file, an installed package or an
 * object), then waits until a worker registered it. Starting a running company from the same template
 * again is a no-op (`created: false`); a company id names one company forever, so a stopped one is
 * never silently replaced.
 */
export async function startCompanyWorkflow(
  context: CompanyStartContext,
  { id, template, consolidationSchedule = true }: StartCompanyOptions,
): Promise<StartCompanyResult> {
  if (!isValidCompanyId(id)) {
    throw new InvalidInputError(`bad company id "${id}": use lowercase letters, digits and "-", up to 63 characters`);
  }
  const { temporal, config } = context;
  // A string is a built-in, a file or an installed template package (recorded in the snapshot for `template stats`).
  const resolved =
    typeof template === 'string'
      ? await resolveTemplateReference(template, marketplaceOptions(config))
      : { template: parseTemplateObject(template), instructions: [] };
  const parsed = resolved.template;
  const company = {
    ...snapshotFromTemplate(id, parsed),
    ...(resolved.templatePackage ? { templatePackage: resolved.templatePackage } : {}),
    ...stepHeartbeatField(config.stepHeartbeatSeconds),
  };
  const workflowId = companyWorkflowId(id);
  try {
    await temporal.workflow.start('companyWorkflow', {
      workflowId,
      taskQueue: config.taskQueue,
      args: [{ company, historyLimit: companyHistoryLimit } satisfies CompanyWorkflowInput],
      workflowTaskTimeout: config.companyWorkflowTaskTimeout,
      priority: companyPriority,
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [{ key: companyIdKey, value: id }],
      staticSummary: `Company ${company.name} (${id}) from template "${parsed.name}" v${parsed.version}`,
    });
    const ready = await context.ready(id);
    // Memory consolidation runs on a Temporal Schedule per company (docs/memory.md).
    if (consolidationSchedule) await new MemoryClient(temporal, config).ensureSchedule(id);
    // A package's standing instructions become the new company's procedural memory.
    for (const path of ready ? resolved.instructions : [])
      await context.importMemory(id, path, { scope: 'company', category: 'procedural' });
    return { id, workflowId, created: true, ready };
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw context.translate(error);
    const handle = temporal.workflow.getHandle(workflowId);
    const description = await handle.describe();
    if (description.status.name !== 'RUNNING') {
      throw new InvalidInputError(
        `company "${id}" existed before and is ${description.status.name.toLowerCase()}; choose another id`,
      );
    }
    const existing = await context.query(id, workflowId, () => handle.query(orgChartQuery));
    if (existing.templateName !== company.templateName) {
      throw new InvalidInputError(`company "${id}" is already running from template "${existing.templateName}"`);
    }
    return { id, workflowId, created: false, ready: await context.ready(id) };
  }
}

/**
 * Waits until the company is registered in the database, so memory, ledger and projection reads
 * find it. Only a worker can register it: without one this gives up (false) after `timeoutMs`.
 */
export async function companyReady(handle: WorkflowHandle, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const ready = handle.executeUpdate(readyUpdate).then(
    () => true as const,
    async (error: unknown) => {
      throw (await companyStartRefusal(handle)) ?? error;
    },
  );
  try {
    return await Promise.race([ready, timedOut]);
  } finally {
    clearTimeout(timer);
    ready.catch(() => undefined);
  }
}

function parseTemplateObject(template: unknown): CompanyTemplate {
  const parsed = CompanyTemplate.safeParse(template);
  if (!parsed.success) throw new TemplateError('(object)', schemaIssues(parsed.error.issues, CompanyTemplate));
  return parsed.data;
}
