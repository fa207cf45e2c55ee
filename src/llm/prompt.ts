import type { ActionType, AgentStepInput, StepTask } from '../domain/agent-action.ts';
import { offeredActionTypes } from './action-schema.ts';

export interface BuiltPrompt {
  system: string;
  prompt: string;
}

const jsonRule =
  'Respond with exactly one JSON object and nothing else: no prose before or after it, no second object.';

/** `eng-2 (Frontend Engineer), eng-3 (QA)`: ids are what the JSON must contain, roles help the model choose. */
function withRoles(ids: string[], task: StepTask): string {
  return ids.map((id) => (task.teamRoles[id] ? `${id} (${task.teamRoles[id]})` : id)).join(', ');
}

function decomposeLine(task: StepTask): string {
  const assignees =
    task.subtaskAssignees.length > 0
      ? `"assignee" is optional and must be one of: ${withRoles(task.subtaskAssignees, task)}.`
      : 'Leave out "assignee".';
  return (
    `- {"type":"decompose","subtasks":[{"title":"...","description":"...","acceptanceCriteria":"...","assignee":"..."}]}: ` +
    `split the task into 1 to ${task.maxSubtasks} subtasks when it is too large to answer directly. ${assignees}`
  );
}

const actionLines: Record<ActionType, (task: StepTask) => string> = {
  answer: () =>
    '- {"type":"answer","text":"..."}: the finished result of the task; it must meet the acceptance criteria on its own.',
  decompose: decomposeLine,
  delegate: (task) =>
    `- {"type":"delegate","to":"...","note":"..."}: hand the whole task to someone better placed. ` +
    `"to" must be one of: ${withRoles(task.delegates, task)}.`,
  remember: () =>
    '- {"type":"remember","content":"...","scope":"agent|department|company","category":"episodic|semantic|procedural|social"}: ' +
    'store a fact worth keeping for later tasks (max 4000 characters; scope and category optional, default company). ' +
    'For a named company memory add "slot":"policy/pricing" and "expectedVersion": the version you last saw.',
  recall: () =>
    '- {"type":"recall","query":"...","ids":[12]}: search memory before answering when earlier work may help; ' +
    '"ids" (optional) brings back memories by id, e.g. the pointers a compaction left.',
  forget: () =>
    '- {"type":"forget","ids":[12],"reason":"..."}: archive memories that are wrong or outdated (only within your reach).',
  graph_query: () =>
    '- {"type":"graph_query","entity":"...","hops":2}: what the memory graph knows about an entity and its relations; ' +
    'an empty entity with "question":"..." answers a question about the whole company (e.g. "what are our main vendor risks?") from community summaries.',
  compact_context: () =>
    '- {"type":"compact_context","keep":4,"note":"..."}: when "So far" grows long, summarise the older entries and ' +
    'move their details to memory (keeping the last "keep" entries verbatim); recall them by id when needed.',
  run_code: () =>
    '- {"type":"run_code","language":"bash|node|python","code":"...","files":[{"path":"...","content":"..."}]}: ' +
    "run a program in the task's sandbox (no network; files persist across this task's steps); " +
    'its exit code and output appear under "So far".',
  delegate_external: () =>
    '- {"type":"delegate_external","skill":"...","brief":"...","maxPriceUsd":5,"deadline":"2h"}: buy the work from a ' +
    'partner company (negotiated within maxPriceUsd; needs approval); its result appears under "So far".',
  request_approval: () =>
    '- {"type":"request_approval","action":"...","risk":"low|medium|high","reason":"..."}: ask a human before ' +
    'any risky external action (deploy, publish, spend money, contact customers). Do not claim such an action ' +
    'was done without approval.',
};

/** The actions this step offers (see offeredActionTypes): the same set the structured-output schema allows. */
function workProtocol(input: AgentStepInput): string {
  const { task } = input;
  const offered = offeredActionTypes(input);
  const limits = [
    offered.includes('decompose') ? '' : 'This task must be worked directly: do not decompose.',
    offered.includes('delegate') ? '' : 'You cannot delegate this task.',
  ].filter((line) => line !== '');
  const loop =
    'Results of recall, memory actions, subtasks, approvals and reviews appear under "So far" in your next step.';
  const choose = offered.length === 1 ? 'Your action:' : 'Choose one of these actions:';
  return [jsonRule, choose, ...offered.map((type) => actionLines[type](task)), ...limits, loop].join('\n');
}

const reviewProtocol = [
  jsonRule,
  "You are reviewing another agent's draft. Judge it only against the task and its acceptance criteria.",
  'Write your feedback first, then the verdict that follows from it.',
  '- {"type":"review","feedback":"...","verdict":"approve"}: the draft meets every criterion.',
  '- {"type":"review","feedback":"...","verdict":"reject"}: it does not; say concretely what to fix.',
].join('\n');

/**
 * The system and user prompt of one agent step. The system prompt carries who the agent is and the
 * JSON protocol that parseAgentAction validates; the user prompt carries the task and what happened so far.
 */
export function buildPrompt(input: AgentStepInput): BuiltPrompt {
  const { agent, task } = input;
  const system = [
    `You are ${agent.name}, a ${agent.seniority} ${agent.role} in the ${agent.department} department of ` +
      `company "${input.companyId}", a synthetic organisation of AI agents that plans, works and reviews tasks together.`,
    input.mode === 'work' ? workProtocol(input) : reviewProtocol,
  ].join('\n\n');

  const sections = [
    `Task (${task.id}): ${task.title}`,
    task.description ? `Description:\n${task.description}` : '',
    `Acceptance criteria:\n${task.acceptanceCriteria || '(none stated; use professional judgement)'}`,
    `Revision: ${task.revision}${task.revision > 0 ? ' (earlier attempts were rejected; address the review feedback)' : ''}`,
    input.transcript.length > 0
      ? `So far:\n${input.transcript.map((entry) => `[${entry.kind}] ${entry.text}`).join('\n')}`
      : '',
    input.mode === 'review' ? `Draft under review:\n${input.draft ?? '(empty draft)'}` : '',
  ];
  return { system, prompt: sections.filter((section) => section !== '').join('\n\n') };
}
