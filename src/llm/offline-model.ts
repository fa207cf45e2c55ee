import type { AgentAction, AgentStepInput, ReviewVerdict } from '../domain/agent-action.ts';
import { stableHash } from '../domain/hash.ts';
import { countTranscriptKind, transcriptTokens } from '../memory/compaction-entry.ts';
import { seniorCritiquePrefix } from '../domain/training-critique.ts';

/**
 * The `offline` model: a deterministic simulator of an LLM for running with no provider.
 *
 * It is not a language model. It chooses an action from the agent's role and seniority, the task
 * text and what the transcript already holds, so a run with it exercises every tool of the agent
 * loop (decompose, delegate, recall, remember, request approval, review) and costs simulated money
 * at the `offline` entry of the price table. Its text says it comes from the simulator.
 *
 * Scenario hints in a task's text steer it, for demos, tests and benchmarks:
 * - `[steps=K]`: a leaf task takes K work steps (K-1 recalls, then an answer);
 * - `[reject]`: every review of the task rejects it;
 * - `[revise]`: the first review sends the draft back whatever it shows; the revision passes;
 * - words like deploy, launch, publish or release make the worker ask for approval (high risk);
 * - `[forget]`: after recalling, the worker forgets the first memory it recalled;
 * - `[graph=<entity>]` (or `[graph]` for the company overview): the worker queries the memory graph;
 * - `[answer-bytes=N]`: every answer is padded to N characters (tests of large results);
 * - `[outsource=<skill>]`: the worker buys the task from a partner company (delegate_external, up to $1).
 * A transcript that grows past {@link offlineCompactTokens} makes the worker compact its own context.
 * Configuration (role instructions) has one simulated effect, in {@link followInstructions}.
 * Training mode: a junior answers a senior's critique with a revised draft that says so; training has
 * no simulated effect on reviews (the reviewer judges the revision as it would the first draft).
 */
export const offlineModelLabel = 'offline (deterministic simulator, no LLM)';

/** Transcript size (estimated tokens) at which the offline worker calls compact_context. */
export const offlineCompactTokens = 3_000;

const riskyWords = ['deploy', 'launch', 'publish', 'release', 'announce', 'purchase'] as const;
const leadRank = 3; // index of 'lead' in the seniority ladder
const seniorityLadder = ['junior', 'mid', 'senior', 'lead', 'principal', 'director', 'vp', 'c_suite'];

export function offlineDecide(input: AgentStepInput): AgentAction | ReviewVerdict {
  return input.mode === 'review'
    ? review(input)
    : sizedAnswer(input, followInstructions(input, answerOnly(input, work(input))));
}

/**
 * An agent allowed only to answer (an evaluation step, or a template's `actions: [answer]`) answers at
 * once, as a provider model must under its json_schema; the simulator's answer knows no facts.
 */
function answerOnly(input: AgentStepInput, action: AgentAction): AgentAction {
  const { agent, task } = input;
  const onlyAnswer = agent.actions !== undefined && agent.actions.length === 1 && agent.actions[0] === 'answer';
  if (!onlyAnswer || action.type === 'answer') return action;
  return { type: 'answer', text: `[offline] ${agent.role} answered "${task.title}" directly. ${deliverable(input)}` };
}

/** The line a configured worker's answer carries, so the reviewer (and the operator) can see the instructions. */
const followedPrefix = "Following the role's instructions: ";

/**
 * Simulated effect of configuration (docs/self-improvement.md), the only one the simulator models:
 * an answer written under role instructions says it follows them, and the review below does not ask
 * for evidence when those instructions ask for evidence. A real model is not modelled by this.
 */
function followInstructions(input: AgentStepInput, action: AgentAction): AgentAction {
  const instructions = input.agent.instructions?.replace(/\s+/g, ' ').trim();
  if (!instructions || action.type !== 'answer') return action;
  return { ...action, text: `${action.text}\n${followedPrefix}${instructions.slice(0, 500)}` };
}

function followedInstructions(draft: string | undefined): string {
  const line = (draft ?? '').split('\n').find((candidate) => candidate.startsWith(followedPrefix));
  return line?.slice(followedPrefix.length) ?? '';
}

/** Largest answer the `[answer-bytes=N]` hint asks for: above the 2 MB payload limit on purpose. */
const maxAnswerBytes = 4_000_000;

function sizedAnswer(input: AgentStepInput, action: AgentAction): AgentAction {
  const hint = /\[answer-bytes=(\d{1,7})\]/.exec(`${input.task.title}\n${input.task.description}`);
  if (!hint || action.type !== 'answer') return action;
  const wanted = Math.min(Number(hint[1]), maxAnswerBytes);
  if (action.text.length >= wanted) return action;
  const filler = ' The simulator pads this answer to the requested size.';
  return {
    ...action,
    text: `${action.text}${filler.repeat(Math.ceil((wanted - action.text.length) / filler.length))}`.slice(0, wanted),
  };
}

function work(input: AgentStepInput): AgentAction {
  const { task, agent, transcript } = input;
  // Entries folded into a compacted entry still count: compaction must not make the agent redo its steps.
  const has = (kind: string) => countTranscriptKind(transcript, kind) > 0;
  const text = `${task.title}\n${task.description}`;
  const lastFeedback = [...transcript].reverse().find((entry) => entry.kind === 'review-feedback');

  if (has('subtask-results')) {
    const parts = transcript.filter((entry) => entry.kind === 'subtask-results').map((entry) => entry.text);
    return {
      type: 'answer',
      text: `[offline] ${agent.role} assembled the results for "${task.title}":\n${parts.join('\n')}`,
    };
  }
  // Training mode (workflows/training.ts): the junior answers its senior's critique with a revised draft.
  // The simulator only says so in the text: its reviewer judges the revision as it would the draft, so
  // training has no simulated effect on pass rates.
  const last = transcript.at(-1);
  if (last?.kind === 'note' && last.text.startsWith(seniorCritiquePrefix)) {
    return {
      type: 'answer',
      text: `[offline] ${agent.role} revised "${task.title}" after the ${last.text.slice(0, 300)}. ${deliverable(input)}`,
    };
  }
  if (lastFeedback && task.revision > 0) {
    return {
      type: 'answer',
      text: `[offline] ${agent.role} revision ${task.revision} of "${task.title}", addressing: ${lastFeedback.text}. ${deliverable(input)}`,
    };
  }
  const isManager = seniorityLadder.indexOf(agent.seniority) >= leadRank;
  const others = task.subtaskAssignees.filter((id) => id !== agent.id);
  if (isManager && task.maxSubtasks > 0 && others.length > 0 && !has('decomposition-refused')) {
    return { type: 'decompose', subtasks: planSubtasks(input, others) };
  }
  if (
    isManager &&
    task.maxSubtasks === 0 &&
    task.delegates.length > 0 &&
    !has('delegated') &&
    !has('delegation-refused')
  ) {
    const to = task.delegates[stableHash(task.id) % task.delegates.length] as string;
    return {
      type: 'delegate',
      to,
      note: `${agent.role} hands "${task.title}" to ${to} (${task.teamRoles[to] ?? 'team'})`,
    };
  }
  if (transcriptTokens(transcript) > offlineCompactTokens) {
    return { type: 'compact_context', keep: 2, note: `the work so far on "${task.title}"` };
  }
  const stepsHint = /\[steps=(\d{1,4})\]/.exec(text);
  const wantedRecalls = stepsHint ? Math.max(0, Number(stepsHint[1]) - 1) : 1;
  const recalls = countTranscriptKind(transcript, 'recall');
  if (recalls < wantedRecalls) return { type: 'recall', query: keywords(task.title) };
  const memoryAction = memoryHint(input, has);
  if (memoryAction) return memoryAction;
  if (stepsHint)
    return { type: 'answer', text: `[offline] ${agent.role} finished "${task.title}". ${deliverable(input)}` };
  const outsource = /\[outsource=([a-z0-9-]{1,63})\]/.exec(text);
  if (
    outsource?.[1] &&
    !transcript.some((entry) => entry.kind === 'note' && entry.text.startsWith('external delegation'))
  ) {
    return {
      type: 'delegate_external',
      skill: outsource[1],
      brief: task.description || task.title,
      maxPriceUsd: 1,
      deadline: '2h',
    };
  }
  const risky = riskyWords.find((word) => text.toLowerCase().includes(word));
  if (risky && !has('approval')) {
    return {
      type: 'request_approval',
      action: risky,
      risk: 'high',
      reason: `${agent.role} needs to ${risky} as part of "${task.title}"`,
    };
  }
  if (/engineer|developer/i.test(agent.role) && !isManager && !has('code-result')) return slugProgram(task.title);
  if (!has('remembered')) {
    return { type: 'remember', content: `${agent.role} on "${task.title}": ${lesson(input)}` };
  }
  const ran = [...transcript].reverse().find((entry) => entry.kind === 'code-result');
  const evidence = ran ? ` Test run: ${ran.text.split('\n')[0]}; ${testSummary(ran.text)}.` : '';
  return {
    type: 'answer',
    text: `[offline] ${agent.role} completed "${task.title}".${evidence} ${deliverable(input)}`,
  };
}

/**
 * An engineer's small program and its test, run in the task's sandbox: a slug function for the
 * task's title, checked against the slug computed here, so the reviewer sees a real test result.
 */
function slugProgram(title: string): AgentAction {
  const expected = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const quoted = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
  return {
    type: 'run_code',
    language: 'bash',
    code: 'bash test_slug.sh',
    files: [
      {
        path: 'slug.sh',
        content: [
          '# slugify TEXT: lowercase, runs of other characters become "-", no "-" at either end',
          'slugify() {',
          `  printf '%s' "$1" | tr '[:upper:]' '[:lower:]' | sed -E 's/[^a-z0-9]+/-/g; s/^-+//; s/-+$//'`,
          '}',
          '',
        ].join('\n'),
      },
      {
        path: 'test_slug.sh',
        content: [
          '. ./slug.sh',
          'failures=0',
          'check() {',
          '  got=$(slugify "$1")',
          '  if [ "$got" = "$2" ]; then echo "ok - $2"; else echo "not ok - $1: got $got, want $2"; failures=$((failures + 1)); fi',
          '}',
          "check 'Hello, World!' 'hello-world'",
          "check '  --Trim me--  ' 'trim-me'",
          `check ${quoted(title)} ${quoted(expected)}`,
          'echo "$((3 - failures)) of 3 tests passed"',
          'exit "$failures"',
          '',
        ].join('\n'),
      },
    ],
  };
}

function testSummary(result: string): string {
  return /(\d+ of \d+ tests passed)/.exec(result)?.[1] ?? 'no test summary in the output';
}

function review(input: AgentStepInput): ReviewVerdict {
  const { task, agent } = input;
  const text = `${task.title}\n${task.description}`;
  // `[reject]` in the task, or in role instructions the draft follows, rejects every review.
  if (text.includes('[reject]') || followedInstructions(input.draft).includes('[reject]')) {
    return {
      type: 'review',
      verdict: 'reject',
      feedback: `${agent.role} rejects revision ${task.revision}: the acceptance criteria are not demonstrated`,
    };
  }
  if (text.includes('[revise]') && task.revision === 0) {
    return {
      type: 'review',
      verdict: 'reject',
      feedback: `${agent.role} sends the first draft back for a second pass`,
    };
  }
  // One task in four gets a first draft sent back, so runs show the revision path.
  // Simulated effect of configuration: a draft that follows instructions asking for evidence shows it.
  const showsEvidence = /evidence/i.test(followedInstructions(input.draft));
  if (task.revision === 0 && stableHash(task.id + task.title) % 4 === 1 && !showsEvidence) {
    return {
      type: 'review',
      verdict: 'reject',
      feedback: `${agent.role} asks for concrete evidence against the acceptance criteria`,
    };
  }
  return { type: 'review', verdict: 'approve', feedback: `${agent.role} approves: meets the criteria` };
}

const focusByRole: [RegExp, string][] = [
  [/engineer|developer|technology|technical|architect/i, 'Build and test'],
  [/product/i, 'Define requirements and success metrics'],
  [/market|growth|sales/i, 'Plan positioning and launch messaging'],
  [/research|scientist/i, 'Survey prior work and design experiments'],
  [/data/i, 'Prepare and validate the data'],
  [/design/i, 'Design the user experience'],
  [/review|quality|qa/i, 'Check quality and risks'],
  [/assistant|operations|ops/i, 'Organise and follow up'],
];

function focusFor(role: string): string {
  return focusByRole.find(([pattern]) => pattern.test(role))?.[1] ?? 'Work on';
}

function planSubtasks(input: AgentStepInput, assignees: string[]) {
  const chosen = assignees.slice(0, input.task.maxSubtasks);
  // A subtask's title is "<focus>: <goal>"; its own subtasks keep the goal, not the focus.
  const focusPrefix = [...focusByRole.map(([, focus]) => focus), 'Work on'].find((focus) =>
    input.task.title.startsWith(`${focus}: `),
  );
  const goal = (focusPrefix ? input.task.title.slice(focusPrefix.length + 2) : input.task.title).slice(0, 120);
  return chosen.map((assignee) => {
    const role = input.task.teamRoles[assignee] ?? 'team member';
    return {
      title: `${focusFor(role)}: ${goal}`,
      description: `${role} part of "${goal}". ${input.task.description}`.slice(0, 1500),
      acceptanceCriteria: `${focusFor(role).toLowerCase()} is done and written up`,
      assignee,
    };
  });
}

function keywords(title: string): string {
  return (
    title
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((word) => word.length > 3)
      .slice(0, 5)
      .join(' ') || title.slice(0, 40)
  );
}

function lesson(input: AgentStepInput): string {
  const recalled = input.transcript.find((entry) => entry.kind === 'recall');
  const basis =
    recalled && !/^no (notes|memories)/.test(recalled.text) ? 'built on earlier notes' : 'started from scratch';
  return `${basis}; key step was to ${focusFor(input.agent.role).toLowerCase()}`;
}

function deliverable(input: AgentStepInput): string {
  const criteria = input.task.acceptanceCriteria || 'the stated goal';
  return `Deliverable meets: ${criteria}.`;
}

/** The `[forget]` and `[graph=…]` scenario hints: one forget of a recalled memory, one graph query. */
function memoryHint(input: AgentStepInput, has: (kind: string) => boolean): AgentAction | undefined {
  const text = `${input.task.title}\n${input.task.description}`;
  if (text.includes('[forget]') && !has('forgotten')) {
    const recalled = input.transcript.find((entry) => entry.kind === 'recall' && /\[memory:\d+\]/.test(entry.text));
    const id = recalled ? Number(/\[memory:(\d+)\]/.exec(recalled.text)?.[1]) : Number.NaN;
    if (Number.isInteger(id)) return { type: 'forget', ids: [id], reason: `outdated for "${input.task.title}"` };
  }
  const graph = /\[graph(?:=([^\]]{1,120}))?\]/.exec(text);
  if (graph && !has('graph')) {
    const entity = graph[1]?.trim() ?? '';
    // A company-wide graph query asks the task's title as its global question.
    return { type: 'graph_query', entity, question: entity === '' ? input.task.title : '', hops: 2 };
  }
  return undefined;
}
