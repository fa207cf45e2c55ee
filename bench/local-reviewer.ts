/**
 * `npm run bench -- local-reviewer`: does the bundled local model (SmolLM2-135M on llama.cpp) judge a
 * draft, or does its verdict follow from the output layout alone? Each review layout reviews pairs of
 * drafts written by hand for one task, one that plainly meets the acceptance criteria and one that
 * plainly does not, through the product's own review path (callProviderModel: the step's JSON schema
 * as `response_format`, the fixed seed, temperature 0). A reviewer that judges approves more good
 * drafts than bad ones; one whose verdict is the layout's approves (or rejects) both alike.
 */
import { loadConfig } from '../src/config/env.ts';
import type { AgentStepInput } from '../src/domain/agent-action.ts';
import { reviewStyles, type ReviewStyle } from '../src/domain/review-style.ts';
import { ensureLocalModel, stopLocalModels } from '../src/llm/local-model/registry.ts';
import { callProviderModel } from '../src/llm/provider-model.ts';

interface Pair {
  title: string;
  criteria: string;
  good: string;
  bad: string;
}

const pairs: Pair[] = [
  {
    title: 'Write a two-sentence welcome note for new staff',
    criteria: 'Friendly, names the team.',
    good: 'Welcome to the ops team! We are glad to have you and are here to help you settle in.',
    bad: 'The quarterly tax report is due on March 3rd.',
  },
  {
    title: 'Give the capital of France',
    criteria: 'Names the capital city.',
    good: 'The capital of France is Paris.',
    bad: 'I like turtles.',
  },
  {
    title: 'List three fruits',
    criteria: 'Exactly three fruits.',
    good: 'Apple, banana, cherry.',
    bad: 'Carrot.',
  },
  {
    title: 'Say hello in French',
    criteria: 'The French word for hello.',
    good: 'Bonjour',
    bad: 'Goodbye',
  },
];

const model = 'local:smollm2-135m';
const config = loadConfig();
await ensureLocalModel('smollm2-135m', config, (line) => process.stderr.write(`${line}\n`));

function reviewInput(pair: Pair, draft: string, style: ReviewStyle, step: number): AgentStepInput {
  return {
    companyId: 'bench-reviewer',
    workflowId: 'bench-reviewer',
    step,
    mode: 'review',
    agent: { id: 'reviewer', name: 'Pat', role: 'Team Lead', seniority: 'lead', department: 'ops', model },
    task: {
      id: 't',
      title: pair.title,
      description: '',
      acceptanceCriteria: pair.criteria,
      depth: 1,
      maxSubtasks: 0,
      delegates: [],
      subtaskAssignees: [],
      teamRoles: {},
      revision: 0,
    },
    transcript: [],
    draft,
    maxOutputTokens: 64,
    reviewStyle: style,
  };
}

try {
  for (const style of reviewStyles) {
    const approved = { good: 0, bad: 0 };
    let step = 0;
    for (const pair of pairs) {
      for (const kind of ['good', 'bad'] as const) {
        const answer = await callProviderModel(reviewInput(pair, pair[kind], style, step++), model, config);
        const verdict = answer.action.type === 'review' ? answer.action.verdict : 'none';
        if (verdict === 'approve') approved[kind] += 1;
        process.stdout.write(`${style} ${kind} "${pair.title}": ${verdict}\n`);
      }
    }
    process.stdout.write(
      `${style}: approved ${approved.good}/${pairs.length} good drafts, ${approved.bad}/${pairs.length} bad drafts ` +
        `(a judging reviewer approves more good than bad)\n`,
    );
  }
} finally {
  await stopLocalModels();
}
