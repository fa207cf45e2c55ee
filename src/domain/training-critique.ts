import type { CritiqueReply } from './training-critique-reply.ts';

// Types only: the reply's zod schema (src/domain/training-critique-reply.ts) stays out of the workflow bundle.
export type { CritiqueReply } from './training-critique-reply.ts';

/** What a senior's critique step is given (docs/self-improvement.md, "Training"). */
export interface CritiqueRequest {
  senior: { id: string; name: string; role: string };
  junior: { id: string; role: string };
  task: { title: string; description: string; acceptanceCriteria: string };
  draft: string;
  /** "How we do X here": procedural memories distilled from the seniors' approved work, best first. */
  exemplars: { memoryId: number; seniorId: string; taskId: string; content: string }[];
}

/** The first words of the transcript note that carries a critique; the junior's revision answers it. */
export const seniorCritiquePrefix = 'senior critique from';

export const critiqueJsonSchema = {
  type: 'object',
  properties: { critique: { type: 'string', description: 'concrete feedback for the junior, a few sentences' } },
  required: ['critique'],
  additionalProperties: false,
};

export function critiqueSystem(request: CritiqueRequest): string {
  return (
    `You are ${request.senior.name}, a senior ${request.senior.role}. A junior ${request.junior.role} shows you a draft ` +
    'before it goes to review. Give concrete feedback the junior can act on in a revision: what is missing against the ' +
    'acceptance criteria, what to change, how we do this here. It is not a review: do not approve or reject. ' +
    'Answer with JSON {"critique": "..."}.'
  );
}

export function critiquePrompt(request: CritiqueRequest): string {
  const exemplars =
    request.exemplars.length === 0
      ? 'No earlier approved work of yours matches this task.'
      : `How we did similar work here (approved at the first review):\n${request.exemplars
          .map((exemplar) => `- [memory:${exemplar.memoryId}] ${exemplar.content.slice(0, 600)}`)
          .join('\n')}`;
  return [
    `Task: ${request.task.title}`,
    request.task.description ? `Description: ${request.task.description.slice(0, 1_500)}` : '',
    `Acceptance criteria: ${request.task.acceptanceCriteria || 'the stated goal'}`,
    exemplars,
    `The junior's draft:\n${request.draft.slice(0, 4_000)}`,
  ]
    .filter((line) => line !== '')
    .join('\n\n');
}

/**
 * The offline simulator's critique: deterministic text built from the task, the acceptance
 * criteria and the exemplars, labelled as the simulator's. It models no judgement of the draft.
 */
export function offlineCritique(request: CritiqueRequest): CritiqueReply {
  const exemplar = request.exemplars[0];
  const howWeDoIt = exemplar
    ? `compare with how we did it in memory:${exemplar.memoryId} (${exemplar.seniorId}, task ${exemplar.taskId})`
    : 'no approved work of your seniors matches this task yet';
  return {
    critique:
      `[offline simulator, not a model] ${request.senior.role} ${request.senior.id} on "${request.task.title}": ` +
      `show concrete evidence for each acceptance criterion (${request.task.acceptanceCriteria || 'the stated goal'}); ` +
      `${howWeDoIt}. Feedback, not a rejection.`,
  };
}
