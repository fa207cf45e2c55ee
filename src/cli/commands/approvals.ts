import { companyIdArgument, defineCommand, taskIdArgument } from '../args.ts';
import { withClient } from '../client.ts';
import { printJson, printLines } from '../output.ts';
import { defineFamily } from '../subcommands.ts';

const list = defineCommand(
  {
    name: 'approvals list',
    synopsis: '<companyId> [--json]',
    summary: 'List actions waiting for a human approval.',
    details: `Options:
  --json  print an array of {"taskId","agentId","action","requestedAt","reason"?}

Answer with "synthorg approve <companyId> <taskId>" or "synthorg deny <companyId> <taskId>".
Unanswered requests take the template's default outcome when the approval timeout passes.
An "accept_rejected_draft" request is a draft the reviewers rejected on its last allowed revision,
escalated by policies.onRevisionsExhausted: escalate; its reason is the reviewers' feedback.
Approve to make the draft the task's result; deny, or leave it unanswered, and the task fails.`,
    positionals: ['companyId'],
    flags: ['json'],
    options: [],
  },
  async ({ flags, positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    return withClient(async (api) => {
      const approvals = await api.listApprovals(id);
      if (flags.json) printJson(approvals);
      else if (approvals.length === 0) printLines([`no approvals pending for ${id}`]);
      else {
        const width = Math.max(...approvals.map((approval) => approval.taskId.length));
        printLines(
          approvals.map(
            (approval) =>
              `${approval.taskId.padEnd(width)}  ${approval.agentId} wants to ${approval.action} (since ${approval.requestedAt})` +
              (approval.reason ? `\n${' '.repeat(width)}  ${approval.reason.replaceAll('\n', ' ')}` : ''),
          ),
        );
      }
      return 0;
    });
  },
);

function answerCommand(verdict: 'approve' | 'deny') {
  return defineCommand(
    {
      name: verdict,
      synopsis: '<companyId> <taskId> [--reason <text>] [--json]',
      summary:
        verdict === 'approve' ? 'Approve the action a task is waiting on.' : 'Deny the action a task is waiting on.',
      details: `Options:
  --reason <text>  why; recorded in the audit log and shown to the agent
  --json           print {"companyId","taskId","verdict":"approved"|"denied","reason"}`,
      positionals: ['companyId', 'taskId'],
      flags: ['json'],
      options: ['reason'],
    },
    async ({ flags, options, positionals }) => {
      const id = companyIdArgument(positionals.companyId);
      const taskId = taskIdArgument(positionals.taskId);
      return withClient(async (api) => {
        if (verdict === 'approve') await api.approve(id, taskId, options.reason);
        else await api.deny(id, taskId, options.reason);
        const done = verdict === 'approve' ? 'approved' : 'denied';
        if (flags.json) printJson({ companyId: id, taskId, verdict: done, reason: options.reason ?? null });
        else printLines([`${done} the pending action of task ${taskId}`]);
        return 0;
      });
    },
  );
}

export const run = defineFamily('approvals', 'Actions waiting for a human.', [list]);
export const approveCommand = answerCommand('approve');
export const denyCommand = answerCommand('deny');
export const approve = approveCommand.run;
export const deny = denyCommand.run;
