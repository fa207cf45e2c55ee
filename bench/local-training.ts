/**
 * Training mode on the bundled local model (docs/self-improvement.md, "Training, measured"):
 * `npm run bench -- local-training`. For each task of the evaluation set, a junior's answer-only
 * draft (the evaluation harness's step), then the senior's critique through the product's critique
 * call (src/llm/senior-critique.ts) and the junior's revision with the critique in its transcript,
 * as workflows/training.ts gives it. Both are graded by the evaluation graders; the figures are
 * printed per split, before (the draft alone) and after (the revision after the critique).
 * No exemplars: the same model as reviewer approves no senior draft (docs/local-model.md), so none
 * would have been distilled. Single runs with the fixed local seed.
 */
import { loadConfig } from '../src/config/env.ts';
import { standaloneStepTask } from '../src/domain/agent-action.ts';
import type { AgentStepInput, TranscriptEntry } from '../src/domain/agent-action.ts';
import { evaluationTasks } from '../src/domain/evaluation-tasks.ts';
import type { EvaluationTask, TaskGrade } from '../src/domain/evaluation.ts';
import { gradeAnswer, splitFigures, ungraded } from '../src/domain/evaluation.ts';
import { seniorCritiquePrefix } from '../src/domain/training-critique.ts';
import { ensureLocalModel, stopLocalModels } from '../src/llm/local-model/registry.ts';
import { callProviderModel } from '../src/llm/provider-model.ts';
import { seniorCritiqueBy } from '../src/llm/senior-critique.ts';

const model = 'local:smollm2-135m';
const config = loadConfig();
await ensureLocalModel('smollm2-135m', config, (line) => process.stderr.write(`${line}\n`));

const junior = {
  id: 'junior',
  name: 'Jo',
  role: 'Operations Engineer',
  seniority: 'junior' as const,
  department: 'ops',
  model,
};
const senior = { id: 'senior', name: 'Sen', role: 'Operations Engineer' };

function workInput(task: EvaluationTask, transcript: TranscriptEntry[], step: number): AgentStepInput {
  return {
    companyId: 'bench-training',
    workflowId: 'bench-training',
    step,
    mode: 'work',
    agent: { ...junior, actions: ['answer'] },
    task: standaloneStepTask({ ...task, id: `eval:${task.id}` }),
    transcript,
    maxOutputTokens: 256,
  };
}

async function answer(
  task: EvaluationTask,
  transcript: TranscriptEntry[],
  step: number,
): Promise<TaskGrade & { text: string }> {
  try {
    const result = await callProviderModel(workInput(task, transcript, step), model, config);
    if (result.action.type !== 'answer') return { ...ungraded(task, `chose ${result.action.type}`), text: '' };
    return { ...gradeAnswer(task, result.action.text), text: result.action.text };
  } catch (error) {
    return { ...ungraded(task, (error as Error).message.slice(0, 120)), text: '' };
  }
}

const before: TaskGrade[] = [];
const after: TaskGrade[] = [];
let usableCritiques = 0;
const started = Date.now();
try {
  let step = 0;
  for (const task of evaluationTasks) {
    const draft = await answer(task, [], ++step);
    before.push(draft);
    const critique = await seniorCritiqueBy(
      model,
      {
        senior,
        junior: { id: junior.id, role: junior.role },
        task: { title: task.title, description: task.description, acceptanceCriteria: task.acceptanceCriteria },
        draft: draft.text || '(no usable draft)',
        exemplars: [],
      },
      config,
    );
    if (critique.usable) usableCritiques++;
    const revised = await answer(
      task,
      [{ kind: 'note', text: `${seniorCritiquePrefix} senior: ${critique.critique}` }],
      ++step,
    );
    after.push(revised);
    process.stdout.write(
      `${task.split.padEnd(8)} ${task.id}: draft ${draft.passed ? 'PASS' : 'FAIL'} (${draft.checks.filter((check) => check.ok).length}/${draft.checks.length})` +
        ` → revision ${revised.passed ? 'PASS' : 'FAIL'} (${revised.checks.filter((check) => check.ok).length}/${revised.checks.length})` +
        ` · critique: ${JSON.stringify(critique.critique.slice(0, 160))}\n`,
    );
  }
  const figures = (label: string, grades: TaskGrade[]) => {
    for (const split of ['tuned', 'held-out'] as const) {
      const f = splitFigures(grades, split);
      process.stdout.write(
        `${label} ${split.padEnd(8)}: ${f.passed}/${f.tasks} tasks, ${f.checksPassed}/${f.checks} checks\n`,
      );
    }
  };
  figures('before training (draft alone)      ', before);
  figures('with training (critique + revision)', after);
  process.stdout.write(
    `usable critiques ${usableCritiques}/${evaluationTasks.length} · ${Math.round((Date.now() - started) / 1000)} s on ${model}\n`,
  );
} finally {
  await stopLocalModels();
}
