import type { EvaluationTask } from './evaluation.ts';

/**
 * The fixed evaluation set (docs/self-improvement.md, "Evaluation"). The tuned half is what an
 * operator or the loop may study while tuning a configuration; the held-out half is never studied,
 * so its figure says whether a change helps beyond the tasks it was tuned on. Acceptance criteria
 * say what is wanted without the graded facts, so an answer cannot pass by repeating its brief.
 * Small on purpose: the tasks must be answerable by the smallest local model in a few dozen tokens.
 */
export const evaluationTasks: readonly EvaluationTask[] = [
  {
    id: 'tuned-status',
    split: 'tuned',
    title: 'Status update on the database migration',
    description: 'Write a short status update for the team about the database migration.',
    acceptanceCriteria: 'has a Summary section and a Next steps section; under 1200 characters',
    checks: [
      { kind: 'sections', sections: ['Summary', 'Next steps'] },
      { kind: 'length', maxChars: 1200 },
    ],
  },
  {
    id: 'tuned-colours',
    split: 'tuned',
    title: 'Primary colours of light',
    description: 'Name the three primary colours of light.',
    acceptanceCriteria: 'names all three colours',
    checks: [{ kind: 'facts', facts: ['red', 'green', 'blue'] }],
  },
  {
    id: 'tuned-capital',
    split: 'tuned',
    title: 'Capital of France',
    description: 'What is the capital city of France?',
    acceptanceCriteria: 'names the city',
    checks: [{ kind: 'facts', facts: ['Paris'] }],
  },
  {
    id: 'tuned-review-benefits',
    split: 'tuned',
    title: 'Benefits of code review',
    description: 'List three benefits of code review.',
    acceptanceCriteria: 'a bulleted list of three items',
    checks: [{ kind: 'list', style: 'bulleted', min: 3 }],
  },
  {
    id: 'held-out-incident',
    split: 'held-out',
    title: 'Incident report for a website outage',
    description: 'Write a brief incident report for a ten-minute website outage.',
    acceptanceCriteria: 'has an Impact section and a Cause section; under 1200 characters',
    checks: [
      { kind: 'sections', sections: ['Impact', 'Cause'] },
      { kind: 'length', maxChars: 1200 },
    ],
  },
  {
    id: 'held-out-planet',
    split: 'held-out',
    title: 'Planet closest to the Sun',
    description: 'Which planet is closest to the Sun?',
    acceptanceCriteria: 'names the planet',
    checks: [{ kind: 'facts', facts: ['Mercury'] }],
  },
  {
    id: 'held-out-water',
    split: 'held-out',
    title: 'Chemical formula of water',
    description: 'What is the chemical formula of water?',
    acceptanceCriteria: 'gives the formula',
    checks: [{ kind: 'facts', facts: ['H2O'] }],
  },
  {
    id: 'held-out-password',
    split: 'held-out',
    title: 'Resetting a password',
    description: 'Give three numbered steps to reset a forgotten password.',
    acceptanceCriteria: 'a numbered list of three steps',
    checks: [{ kind: 'list', style: 'numbered', min: 3 }],
  },
];
