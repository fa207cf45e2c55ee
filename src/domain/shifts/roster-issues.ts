import type { ShiftsSpec } from '../../config/shift-schema.ts';
import { didYouMean } from '../did-you-mean.ts';
import { firstOverlap, formatWeekMinute, uncovered, weeklyRanges } from './week.ts';

/** One problem with a roster, at a path inside the `shifts` section (`rotations[1].agents[0]`). */
export interface RosterIssue {
  path: (string | number)[];
  message: string;
}

/** What a roster is checked against: the company's agents and departments. */
export interface RosterCompany {
  agents: readonly { id: string; department: string }[];
  departments: readonly { name: string; head: string }[];
}

/**
 * Cross-field rules of a roster that parsed: agents and departments must exist, rotation names are
 * unique, a shift has a length, and no agent is in two rotations at the same local time (it could
 * not be handed its own work). Pure: used by the template check and by `setRoster`'s validator.
 */
export function rosterIssues(shifts: ShiftsSpec, company: RosterCompany): RosterIssue[] {
  const issues: RosterIssue[] = [];
  const agentIds = company.agents.map((agent) => agent.id);
  const unknownAgent = (id: string) => `unknown agent "${id}"${didYouMean(id, agentIds)}`;
  const names = new Set<string>();
  shifts.rotations.forEach((rotation, index) => {
    if (names.has(rotation.name)) {
      issues.push({ path: ['rotations', index, 'name'], message: `duplicate rotation "${rotation.name}"` });
    }
    names.add(rotation.name);
    const seen = new Set<string>();
    rotation.agents.forEach((agentId, agentIndex) => {
      if (!agentIds.includes(agentId)) {
        issues.push({ path: ['rotations', index, 'agents', agentIndex], message: unknownAgent(agentId) });
      }
      if (seen.has(agentId)) {
        issues.push({
          path: ['rotations', index, 'agents', agentIndex],
          message: `agent "${agentId}" is listed twice in rotation "${rotation.name}"`,
        });
      }
      seen.add(agentId);
    });
  });
  shifts.rotations.forEach((rotation, index) => {
    shifts.rotations.slice(0, index).forEach((earlier) => {
      const overlap = firstOverlap(earlier, rotation);
      if (overlap === undefined) return;
      rotation.agents.forEach((agentId, agentIndex) => {
        if (!earlier.agents.includes(agentId)) return;
        issues.push({
          path: ['rotations', index, 'agents', agentIndex],
          message: `agent "${agentId}" is also in rotation "${earlier.name}", which overlaps this one (${formatWeekMinute(overlap)})`,
        });
      });
    });
  });
  const departmentNames = company.departments.map((department) => department.name);
  for (const [department, agentId] of Object.entries(shifts.onCall)) {
    if (!departmentNames.includes(department)) {
      issues.push({
        path: ['onCall', department],
        message: `unknown department "${department}"${didYouMean(department, departmentNames)}`,
      });
    } else if (!agentIds.includes(agentId)) {
      issues.push({ path: ['onCall', department], message: unknownAgent(agentId) });
    }
  }
  return issues;
}

/**
 * Departments with nobody on duty at some local hour of the week and no on-call agent: work for
 * them waits for the next rotation. A warning, not an error: a company may mean it.
 * Agents named in no rotation are always on duty, so they cover their department all week.
 */
export function coverageWarnings(shifts: ShiftsSpec, company: RosterCompany): RosterIssue[] {
  const warnings: RosterIssue[] = [];
  const rostered = new Set(shifts.rotations.flatMap((rotation) => rotation.agents));
  for (const department of company.departments) {
    if (shifts.onCall[department.name] !== undefined) continue;
    const members = company.agents.filter((agent) => agent.department === department.name);
    if (members.some((agent) => !rostered.has(agent.id))) continue;
    const ranges = shifts.rotations
      .filter((rotation) => rotation.agents.some((id) => members.some((agent) => agent.id === id)))
      .flatMap((rotation) => weeklyRanges(rotation));
    const gaps = uncovered(ranges);
    const first = gaps[0];
    if (!first) continue;
    const more = gaps.length > 1 ? ` and ${gaps.length - 1} more gap${gaps.length === 2 ? '' : 's'} a week` : '';
    warnings.push({
      path: ['onCall'],
      message: `department "${department.name}" has nobody on duty ${formatWeekMinute(first[0])}–${formatWeekMinute(first[1] % 10080)}${more} and no on-call agent; its work waits for the next rotation`,
    });
  }
  return warnings;
}
