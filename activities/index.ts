import type { Pool } from 'pg';
import type { SynthorgConfig } from '../src/config/env.ts';
import type { Sandbox } from '../src/sandbox/sandbox.ts';
import { createChannelActivities } from './channels.ts';
import { createCodeRunActivities } from './code-runs.ts';
import { createCompanyReportActivities } from './company-report.ts';
import { createFederationActivities } from './federation.ts';
import { createHeadcountActivities } from './headcount.ts';
import { createConfigurationActivities } from './configuration.ts';
import { createModelProposalActivities } from './model-proposal.ts';
import { createMemoryActivities } from './memory.ts';
import { createNexusDelegationActivities } from './nexus-delegation.ts';
import { createModelCallActivities } from './model-call.ts';
import { createPlacementActivities } from './placement.ts';
import { createRecordActivities } from './records.ts';
import { createShiftActivities } from './shifts.ts';
import { createSpendingActivities } from './spending.ts';
import { createTaskEndActivities } from './task-end.ts';
import { createTaskStartActivities } from './task-start.ts';
import { createTemplateStatsActivities } from './template-stats.ts';
import { createTrainingActivities } from './training.ts';

export interface ActivityDependencies {
  pool: Pool;
  config: SynthorgConfig;
  /** Where agents' run_code runs (local hardened backend or Kubernetes, by configuration). */
  sandbox: Sandbox;
}

/** Every activity the worker registers, over injected dependencies (the worker owns the pool). */
export function createActivities(dependencies: ActivityDependencies) {
  return {
    ...createModelCallActivities(dependencies),
    ...createRecordActivities(dependencies),
    ...createMemoryActivities(dependencies),
    ...createCodeRunActivities(dependencies),
    ...createSpendingActivities(dependencies),
    ...createShiftActivities(dependencies),
    ...createPlacementActivities(dependencies),
    ...createTemplateStatsActivities(dependencies),
    ...createFederationActivities(dependencies),
    ...createConfigurationActivities(dependencies),
    ...createNexusDelegationActivities(),
    ...createModelProposalActivities(dependencies),
    ...createHeadcountActivities(dependencies),
    ...createChannelActivities(dependencies),
    ...createTrainingActivities(dependencies),
    ...createTaskStartActivities(dependencies),
    ...createTaskEndActivities(dependencies),
    ...createCompanyReportActivities(),
  };
}

export type Activities = ReturnType<typeof createActivities>;
