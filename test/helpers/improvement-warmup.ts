import type { CompanyTemplateInput } from '../../src/config/schemas.ts';
import type { SynthorgApi } from '../../src/client/types.ts';
import { duoTemplate } from './templates.ts';

/** Goal titles under which the simulator's reviewer sends back some first drafts (its choice hashes id and title). */
export const memoTopics = [
  'pricing',
  'hiring',
  'roadmap',
  'security',
  'billing',
  'support',
  'onboarding',
  'analytics',
  'backups',
  'alerts',
  'docs',
  'search',
  'exports',
  'invoices',
  'audits',
  'retention',
  'quotas',
  'webhooks',
  'themes',
  'locales',
] as const;

/**
 * Starts company `id` (by default the duo with full oversight and $100) and runs a one-step memo on each of the first
 * eight topics to its end: the signals an improvement loop reads. The simulator's reviewer sends back about one first
 * draft in four, so the rule proposes from the Operations Engineer's rejections under v1.
 */
export async function startCompanyWithMemos(
  client: SynthorgApi,
  id: string,
  template: CompanyTemplateInput = duoTemplate({ oversight: 'full', budgetUsd: 100 }),
): Promise<void> {
  await client.startCompany({ id, template });
  const goals = [];
  for (const topic of memoTopics.slice(0, 8)) goals.push(await client.submitGoal(id, `[steps=1] Memo on ${topic}`));
  for (const goal of goals) await client.waitForTask(id, goal.id, { pollIntervalMs: 300 });
}
