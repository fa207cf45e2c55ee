import type { AgentStepInput, AgentStepResult, StepAgent, TranscriptEntry } from '../src/domain/agent-action.ts';
import { standaloneStepTask } from '../src/domain/agent-action.ts';
import { activityEnvironment } from '../test/money/money-fixtures.ts';

/**
 * `goals` goals at once, each `steps` offline steps of `agent` run through `agentStep` in a mock activity
 * environment, without Temporal (bench/step-activity.ts, bench/step-statements.ts). Each goal carries its
 * transcript as the task workflow does: a recall's observation is kept (workflows/agent-task.ts).
 * `onStep` hears each step's time in the activity, in ms.
 */
export async function runStepsDirectly(options: {
  agentStep: (input: AgentStepInput) => Promise<AgentStepResult>;
  companyId: string;
  agent: StepAgent;
  goals: number;
  steps: number;
  onStep?: (ms: number) => void;
}): Promise<void> {
  const { agentStep, companyId, agent, goals, steps, onStep } = options;
  await Promise.all(
    Array.from({ length: goals }, async (_, goal) => {
      let transcript: TranscriptEntry[] = [];
      for (let step = 1; step <= steps; step++) {
        const input: AgentStepInput = {
          companyId,
          workflowId: `company:${companyId}:task:${goal}`,
          step,
          mode: 'work',
          agent,
          task: standaloneStepTask({
            id: `goal-${goal}`,
            title: `Benchmark goal ${goal} [steps=${steps}]`,
            description: `Benchmark goal ${goal} [steps=${steps}]`,
            acceptanceCriteria: '',
          }),
          transcript,
        };
        const started = performance.now();
        const result = (await activityEnvironment().run(agentStep, input)) as AgentStepResult;
        onStep?.(performance.now() - started);
        if (result.action.type === 'recall')
          transcript = [...transcript, { kind: 'recall', text: result.observation ?? '' }];
      }
    }),
  );
}
