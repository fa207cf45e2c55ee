import type { StaffProposal } from '../../domain/headcount-loop.ts';
import { companyIdArgument, defineCommand } from '../args.ts';
import { withClient } from '../client.ts';
import { UsageError } from '../errors.ts';
import { printJson, printLines } from '../output.ts';

/** One line per proposal, for `scaling show` and the answers below. */
export function describeProposal(proposal: StaffProposal): string {
  const what =
    proposal.kind === 'hire'
      ? `hire ${proposal.agentId} (${proposal.role}, copied from ${proposal.templateAgent ?? '?'})`
      : `retire ${proposal.agentId} (${proposal.role}; tasks to ${proposal.successor ?? '?'})`;
  const decided = proposal.decidedBy ? ` by ${proposal.decidedBy}` : '';
  return `${proposal.id}  ${what}: ${proposal.status}${decided} — ${proposal.reason}`;
}

/** `synthorg scaling approve|deny`: answers a staffing proposal of the company's headcount workflow. */
function decide(verb: 'approve' | 'deny') {
  return defineCommand(
    {
      name: `scaling ${verb}`,
      synopsis: '<companyId> <proposalId> [--by <name>] [--reason "<why>"] [--json]',
      summary: `${verb === 'approve' ? 'Approve' : 'Deny'} a hire or retirement the company proposed (see "scaling show").`,
      details: `Under locked or supervised oversight the company's headcount proposals wait for an answer; one
nobody answers takes the template's approvalDefault after its approvalTimeout (docs/scaling.md).
  --by <name>       who decides (default: operator)
  --reason "<why>"  recorded with the decision in the audit log
  --json            print the proposal after the decision
Exit codes: 0 decided, 1 runtime failure, 2 bad input (unknown proposal, not awaiting approval).`,
      positionals: ['companyId', 'proposalId'],
      flags: ['json'],
      options: ['by', 'reason'],
    },
    async ({ flags, options, positionals }) => {
      const id = companyIdArgument(positionals.companyId);
      const proposalId = positionals.proposalId.trim();
      if (proposalId === '') throw new UsageError('the proposal id is empty');
      return withClient(async (api) => {
        const proposal = await api.headcount().decide(id, proposalId, verb === 'approve', {
          ...(options.by !== undefined ? { by: options.by } : {}),
          ...(options.reason !== undefined ? { reason: options.reason } : {}),
        });
        if (flags.json) printJson({ companyId: id, proposal });
        else printLines([describeProposal(proposal)]);
        return 0;
      });
    },
  );
}

export const approve = decide('approve');
export const deny = decide('deny');
