import type { ImprovementSignals } from '../domain/improvement.ts';
import { proposeByRules } from '../domain/improvement.ts';
import type { ModelProposalReply } from '../domain/model-proposal.ts';

/**
 * The offline simulator as the loop's model proposer: not a model. It answers the proposer's protocol
 * (the same JSON reply a provider gives, validated the same way) with what the plain rules would
 * propose, and says so in its rationale, so the model path is exercised end to end with no provider.
 */
export function offlineProposalReply(signals: ImprovementSignals, roles: readonly string[]): ModelProposalReply {
  const proposal = proposeByRules(signals);
  const said = (rationale: string) => `offline simulator (rules, not a model): ${rationale}`;
  const [role, settings] = Object.entries(proposal?.patch.roles ?? {})[0] ?? [];
  if (proposal && role && settings?.instructions)
    return { change: 'instructions', role, value: settings.instructions, rationale: said(proposal.rationale) };
  if (proposal?.patch.policies?.maxRevisions != null)
    return {
      change: 'maxRevisions',
      role: roles[0] ?? '',
      value: String(proposal.patch.policies.maxRevisions),
      rationale: said(proposal.rationale),
    };
  return { change: 'none', role: roles[0] ?? '', value: '', rationale: said('no rule applies') };
}
