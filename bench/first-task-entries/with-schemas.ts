/** bench/first-workflow-task.ts: the raw workflow with SynthOrg's configuration schemas (zod) in its bundle. */
import { AgentSpec } from '../../src/config/schemas.ts';
export { rawBaselineWorkflow } from '../raw-baseline-workflow.ts';
export const schema = AgentSpec;
