/** bench/first-workflow-task.ts: the raw workflow with every SynthOrg workflow in its bundle. */
export { rawBaselineWorkflow } from '../raw-baseline-workflow.ts';
export * from '../../workflows/index.ts';
