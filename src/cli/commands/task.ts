import type { TaskView } from '../../client/types.ts';
import { companyIdArgument, defineCommand, taskIdArgument } from '../args.ts';
import { withClient } from '../client.ts';
import { UsageError } from '../errors.ts';
import { formatUsd, printJson, printLines } from '../output.ts';
import { defineFamily } from '../subcommands.ts';
import { goalIdPattern } from '../../client/goal-admission.ts';
import { exitCodeOfTask, printGoalSummary, waitForGoal } from '../wait.ts';

const submit = defineCommand(
  {
    name: 'task submit',
    synopsis: '<companyId> "<goal>" [--goal-id ID] [--priority normal|urgent] [--wait] [--json]',
    summary: 'Submit a goal to a company; it becomes a root task assigned to the top of the org chart.',
    details: `Options:
  --goal-id ID  start the goal's task g-ID directly, not through the company workflow's queue; the same ID
               again is the same goal, never a second task (letters, digits, "_", "-"; up to 64)
  --priority urgent  with shifts, call in the department's on-call agent when nobody of the role is on duty
  --wait  show live progress and wait until the goal ends (exit 1 unless it COMPLETED)
  --json  print the root task {"id","parentId","title","status","assignee","reviewer","costUsd"} at once,
          or with --wait when it ends, with "result"`,
    positionals: ['companyId', 'goal'],
    flags: ['wait', 'json'],
    options: ['priority', 'goal-id'],
  },
  async ({ flags, positionals, options }) => {
    const id = companyIdArgument(positionals.companyId);
    const goal = positionals.goal.trim();
    if (goal === '') throw new UsageError('the goal is empty');
    const priority = options.priority;
    if (priority !== undefined && priority !== 'normal' && priority !== 'urgent') {
      throw new UsageError(`--priority must be "normal" or "urgent", not "${priority}"`);
    }
    const goalId = options['goal-id'];
    if (goalId !== undefined && !goalIdPattern.test(goalId)) {
      throw new UsageError(`--goal-id "${goalId}": use letters, digits, "_" and "-", up to 64 characters`);
    }
    return withClient(async (api) => {
      const root = await api.submitGoal(id, goal, {
        ...(priority ? { priority } : {}),
        ...(goalId !== undefined ? { goalId } : {}),
      });
      if (!flags.wait) {
        if (flags.json) printJson(root);
        else
          printLines([
            `submitted task ${root.id}, assigned to ${root.assignee}`,
            `follow it: synthorg task show ${id} ${root.id}`,
          ]);
        return 0;
      }
      const final = await waitForGoal(api, id, root, flags.json);
      if (flags.json) printJson(final);
      else await printGoalSummary(api, id, final);
      return exitCodeOfTask(final);
    });
  },
);

const show = defineCommand(
  {
    name: 'task show',
    synopsis: '<companyId> <taskId> [--json]',
    summary: 'Show one task: status, assignee, reviewer, cost and result.',
    details: `Options:
  --json  print the task {"id","parentId","title","status","assignee","reviewer","costUsd","result"?,"failureReason"?}`,
    positionals: ['companyId', 'taskId'],
    flags: ['json'],
    options: [],
  },
  async ({ flags, positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    const taskId = taskIdArgument(positionals.taskId);
    return withClient(async (api) => {
      const task = await api.task(id, taskId);
      if (flags.json) printJson(task);
      else printLines(taskDetails(task));
      return 0;
    });
  },
);

function taskDetails(task: TaskView): string[] {
  return [
    `${task.title} (${task.id})`,
    `status:   ${task.status}`,
    `parent:   ${task.parentId ?? '(root)'}`,
    `assignee: ${task.assignee}`,
    `reviewer: ${task.reviewer ?? '(none yet)'}`,
    `cost:     ${formatUsd(task.costUsd)}`,
    ...(task.result === undefined ? [] : [`result:   ${task.result}`]),
    ...(task.failureReason === undefined ? [] : [`failure:  ${task.failureReason}`]),
    ...(task.notice === undefined ? [] : [`notice:   ${task.notice}`]),
  ];
}

export const run = defineFamily('task', 'Submit goals and inspect tasks.', [submit, show]);
