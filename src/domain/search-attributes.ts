import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes the Temporal Web UI filters on. They must exist on the server before a
 * workflow upserts them: `synthorg dev` registers them with --search-attribute; on a cluster run
 * `temporal operator search-attribute create --name <name> --type <type>` for each.
 */
export const companyIdKey = defineSearchAttributeKey('SynthorgCompanyId', SearchAttributeType.KEYWORD);
export const agentIdKey = defineSearchAttributeKey('SynthorgAgentId', SearchAttributeType.KEYWORD);
export const roleKey = defineSearchAttributeKey('SynthorgRole', SearchAttributeType.KEYWORD);
export const taskStatusKey = defineSearchAttributeKey('SynthorgTaskStatus', SearchAttributeType.KEYWORD);
export const costUsdKey = defineSearchAttributeKey('SynthorgCostUsd', SearchAttributeType.DOUBLE);
/** The configuration version a task runs under (docs/self-improvement.md), e.g. `3`. */
export const configVersionKey = defineSearchAttributeKey('SynthorgConfigVersion', SearchAttributeType.KEYWORD);

/** Name → CLI type, for `temporal server start-dev --search-attribute Name=Type`. */
export const customSearchAttributes: Record<string, 'Keyword' | 'Double'> = {
  SynthorgCompanyId: 'Keyword',
  SynthorgAgentId: 'Keyword',
  SynthorgRole: 'Keyword',
  SynthorgTaskStatus: 'Keyword',
  SynthorgCostUsd: 'Double',
  SynthorgConfigVersion: 'Keyword',
};
