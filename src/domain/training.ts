import type { AgentSpec } from '../config/template-schema.ts';
import type { GraduationPolicySpec, TrainingJuniorSpec, TrainingSpec } from '../config/training-schema.ts';
import type { CompanySnapshot } from './types.ts';

/** The seniority ladder, lowest first (as template-schema.ts; repeated so the schema may import this module). */
const seniorities = ['junior', 'mid', 'senior', 'lead', 'principal', 'director', 'vp', 'c_suite'];

/** A training enrolment's state: in training, graduated by the policy, or stopped by an operator. */
export const trainingStatuses = ['TRAINING', 'GRADUATED', 'STOPPED'] as const;
export type TrainingStatus = (typeof trainingStatuses)[number];

/** The junior's entry of the company's `training:` section, if the agent is a junior there. */
export function juniorSpec(
  company: Pick<CompanySnapshot, 'training'>,
  agentId: string,
): TrainingJuniorSpec | undefined {
  return company.training?.juniors.find((junior) => junior.agent === agentId);
}

/** Juniors whose seniors include `agentId`: the ones a senior's approved work is distilled for. */
export function juniorsOf(company: Pick<CompanySnapshot, 'training'>, seniorId: string): TrainingJuniorSpec[] {
  return company.training?.juniors.filter((junior) => junior.seniors.includes(seniorId)) ?? [];
}

/** What is wrong with a `training:` section against the template's agents, by path under `training`. */
export function trainingIssues(
  training: Pick<TrainingSpec, 'juniors'>,
  agents: Pick<AgentSpec, 'id' | 'role' | 'department' | 'seniority'>[],
): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const byId = new Map(agents.map((agent) => [agent.id, agent]));
  const seen = new Set<string>();
  training.juniors.forEach((junior, index) => {
    const agent = byId.get(junior.agent);
    if (!agent) {
      issues.push({ path: ['juniors', index, 'agent'], message: `unknown agent "${junior.agent}"` });
      return;
    }
    if (seen.has(junior.agent))
      issues.push({ path: ['juniors', index, 'agent'], message: `agent "${junior.agent}" is listed twice` });
    seen.add(junior.agent);
    junior.seniors.forEach((seniorId, seniorIndex) => {
      const path = ['juniors', index, 'seniors', seniorIndex];
      const senior = byId.get(seniorId);
      if (!senior) return void issues.push({ path, message: `unknown agent "${seniorId}"` });
      if (seniorId === junior.agent) return void issues.push({ path, message: 'a junior cannot be its own senior' });
      if (senior.role !== agent.role && senior.department !== agent.department)
        issues.push({
          path,
          message: `senior "${seniorId}" (${senior.role}, ${senior.department}) shares neither the role (${agent.role}) nor the department (${agent.department}) of "${junior.agent}"`,
        });
      if (seniorities.indexOf(senior.seniority) <= seniorities.indexOf(agent.seniority))
        issues.push({
          path,
          message: `senior "${seniorId}" (${senior.seniority}) must rank above "${junior.agent}" (${agent.seniority})`,
        });
    });
  });
  return issues;
}

/** A junior's first-review pass rate over its window, and whether it graduates. */
export interface GraduationCheck {
  /** First reviews counted (the most recent, at most the window). */
  reviewed: number;
  passed: number;
  passRate: number;
  window: number;
  threshold: number;
  graduates: boolean;
}

/**
 * Graduation (docs/self-improvement.md, "Training"): over the junior's most recent `window` first
 * reviews since it (re)entered training, newest first in `firstReviewPassed`. No graduation on a
 * partial window: two passes in two reviews say little about a policy of ten.
 */
export function checkGraduation(firstReviewPassed: boolean[], policy: GraduationPolicySpec): GraduationCheck {
  const counted = firstReviewPassed.slice(0, policy.window);
  const passed = counted.filter(Boolean).length;
  const passRate = counted.length === 0 ? 0 : passed / counted.length;
  return {
    reviewed: counted.length,
    passed,
    passRate,
    window: policy.window,
    threshold: policy.threshold,
    graduates: counted.length >= policy.window && passRate >= policy.threshold,
  };
}

/** The content of a procedural memory distilled from a senior's approved work ("how we do X here"). */
export function exemplarContent(input: { title: string; seniorId: string; taskId: string; result: string }): string {
  const result = input.result.replace(/\s+/g, ' ').trim().slice(0, 1_500);
  return `How we do "${input.title}" here (${input.seniorId}'s work on task ${input.taskId}, approved at the first review): ${result}`;
}
