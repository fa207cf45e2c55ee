import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { silentLogger } from '../../src/temporal/runtime.ts';
import { workflowsPath } from '../../workers/worker.ts';

const loader = fileURLToPath(new URL('./training-patch-gate-loader.cjs', import.meta.url));

/** The workflow bundle with agent-task.ts's training gate fixed to `value` (see training-patch-gate-loader.cjs). */
export function trainingGateBundle(value: boolean) {
  return bundleWorkflowCode({
    workflowsPath,
    logger: silentLogger,
    webpackConfigHook: (config) => ({
      ...config,
      module: {
        ...config.module,
        rules: [
          ...(config.module?.rules ?? []),
          {
            test: /workflows[\\/]agent-task\.ts$/,
            enforce: 'pre',
            use: [{ loader, options: { value: String(value) } }],
          },
        ],
      },
    }),
  });
}
