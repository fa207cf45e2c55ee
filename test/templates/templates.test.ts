import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { CompanyTemplate } from '../../src/config/template-schema.ts';
import { chooseReviewer, rootAgent, subtaskAssignees } from '../../src/domain/org-chart.ts';
import type { CompanySnapshot } from '../../src/domain/types.ts';
import { snapshotFromTemplate } from '../../src/domain/company.ts';
import {
  builtInTemplateNames,
  formatIssue,
  listTemplates,
  loadTemplate,
  TemplateError,
  validateTemplateFile,
  validateTemplateText,
} from '../../src/templates/loader.ts';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const startupPath = fileURLToPath(new URL('../../src/templates/startup.yaml', import.meta.url));

function snapshotOf(template: CompanyTemplate): CompanySnapshot {
  return snapshotFromTemplate('test', template);
}

/** The startup template as a plain object, to break one rule at a time. */
async function startupObject(): Promise<Record<string, unknown> & { agents: Record<string, unknown>[] }> {
  return parse(await readFile(startupPath, 'utf8')) as Record<string, unknown> & { agents: Record<string, unknown>[] };
}

function issuesOf(template: unknown): { path: string; message: string }[] {
  const result = validateTemplateText(stringify(template));
  if (result.ok) throw new Error('expected the template to be rejected');
  return result.issues;
}

describe('built-in templates', () => {
  it('lists the solo founder, startup and research lab templates', async () => {
    expect(await builtInTemplateNames()).toEqual(['research-lab', 'solo-founder', 'startup']);
    const startup = (await listTemplates()).find((summary) => summary.name === 'startup');
    expect(startup).toMatchObject({ agents: 6, departments: 4 });
    expect(startup?.description).not.toBe('');
  });

  it.each(['solo-founder', 'startup', 'research-lab'])(
    '%s validates, reaches every agent and reviews every author',
    async (name) => {
      const template = await loadTemplate(name);
      expect(template.agents.every((agent) => agent.model === 'default')).toBe(true);
      const company = snapshotOf(template);
      const root = rootAgent(company);
      // Decomposition reaches every agent within the template's depth cap.
      const reached = new Set([root.id]);
      let frontier = [root.id];
      for (let depth = 0; depth < template.policies.maxDecompositionDepth; depth += 1) {
        frontier = frontier.flatMap((id) => subtaskAssignees(company, id)).filter((id) => !reached.has(id));
        frontier.forEach((id) => reached.add(id));
      }
      expect([...reached].sort()).toEqual(template.agents.map((agent) => agent.id).sort());
      for (const agent of template.agents) {
        const reviewer = chooseReviewer(company, agent.id);
        expect(reviewer, `reviewer of ${agent.id}`).not.toBeNull();
        expect(reviewer).not.toBe(agent.id);
      }
    },
  );

  it('startup has the policies and oversight the demo relies on', async () => {
    const template = await loadTemplate('startup');
    expect(template.company.oversight).toBe('semi');
    expect(template.policies).toEqual({
      maxDecompositionDepth: 2,
      maxChildrenPerTask: 3,
      maxTasksPerGoal: 12,
      reviewRequired: true,
      maxRevisions: 2,
      approvalTimeout: '10m',
      approvalDefault: 'deny',
    });
    const cto = template.agents.find((agent) => agent.id === 'cto');
    expect(cto?.canDelegateTo.sort()).toEqual(['junior-engineer', 'senior-engineer']);
    expect(template.agents.some((agent) => agent.budgetLimitUsd !== undefined)).toBe(true);
  });

  it('loads a template by file path', async () => {
    const template = await loadTemplate(startupPath);
    expect(template.name).toBe('Startup');
  });

  it('names the built-ins when the template name is unknown', async () => {
    const error = await loadTemplate('enterprise').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as TemplateError).message).toMatch(
      /unknown template "enterprise".*research-lab, solo-founder, startup/,
    );
  });

  it('reports a missing file as an issue, not a crash', async () => {
    const result = await validateTemplateFile('/nonexistent/company.yaml');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]?.message).toMatch(/file not found/);
  });
});

describe('template validation by path', () => {
  it('catches an unknown department', async () => {
    const template = await startupObject();
    template.agents[2]!.department = 'legal';
    expect(issuesOf(template)).toContainEqual(
      expect.objectContaining({ path: 'agents[2].department', message: 'unknown department "legal"' }),
    );
  });

  it('catches an unknown reportsTo', async () => {
    const template = await startupObject();
    template.agents[3]!.reportsTo = 'cfo';
    expect(issuesOf(template)).toContainEqual(
      expect.objectContaining({ path: 'agents[3].reportsTo', message: 'unknown agent "cfo"' }),
    );
  });

  it('catches a duplicate agent id', async () => {
    const template = await startupObject();
    template.agents[4]!.id = 'cto';
    expect(issuesOf(template)).toContainEqual(
      expect.objectContaining({ path: 'agents[4].id', message: 'duplicate agent id "cto"' }),
    );
  });

  it('catches two roots', async () => {
    const template = await startupObject();
    template.agents[5]!.reportsTo = null;
    const issue = issuesOf(template).find((candidate) => candidate.path === 'agents');
    expect(issue?.message).toMatch(/exactly one agent must have no reportsTo.*found 2/);
  });

  it('catches a reporting cycle', async () => {
    const template = await startupObject();
    // cto → senior-engineer → cto, while the CEO stays the single root.
    template.agents[1]!.reportsTo = 'senior-engineer';
    const issues = issuesOf(template);
    expect(issues).toContainEqual(
      expect.objectContaining({ path: 'agents[1].reportsTo', message: 'reporting lines form a cycle' }),
    );
  });

  it('catches a bad seniority with the line it is on', async () => {
    const text = (await readFile(startupPath, 'utf8')).replace('seniority: junior', 'seniority: intern');
    const result = validateTemplateText(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const issue = result.issues.find((candidate) => candidate.path === 'agents[3].seniority');
    expect(issue?.message).toMatch(/junior/);
    const expectedLine = text.split('\n').findIndex((line) => line.includes('seniority: intern')) + 1;
    expect(issue?.line).toBe(expectedLine);
    expect(issue?.column).toBe(16);
    expect(formatIssue(issue!, 'startup.yaml')).toBe(
      `startup.yaml:${expectedLine}:16: agents[3].seniority: ${issue!.message}`,
    );
  });

  it('catches budget shares above 1', async () => {
    const template = await startupObject();
    (template.departments as { budgetShare: number }[])[1]!.budgetShare = 0.9;
    const issue = issuesOf(template).find((candidate) => candidate.path === 'departments');
    expect(issue?.message).toMatch(/budget shares add up to 1\.4\d*, above 1/);
  });

  it('catches a nested field with its full path', async () => {
    const template = await startupObject();
    (template.agents[0]!.skills as { proficiency: number }[])[1]!.proficiency = 1.5;
    expect(issuesOf(template).map((issue) => issue.path)).toEqual(['agents[0].skills[1].proficiency']);
  });

  it('reports every bad field at once, cross-field rules and unknown keys included', async () => {
    const template = await startupObject();
    template.agents[1] = { ...template.agents[1], seniority: 'wizard', reportsTo: 'nobody', canDelegate: ['ceo'] };
    const paths = issuesOf(template).map((issue) => `${issue.path}: ${issue.message}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^agents\[1\]\.seniority: /),
        expect.stringMatching(/^agents\[1\]\.reportsTo: unknown agent "nobody"/),
        expect.stringMatching(/^agents\[1\]\.canDelegate: unknown field "canDelegate"; did you mean "canDelegateTo"\?/),
      ]),
    );
  });

  it('gives a YAML syntax error its line and column', () => {
    const result = validateTemplateText('name: broken\nagents:\n  - id: a\n    role: [unclosed\nversion: 1.0.0\n');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const first = result.issues[0]!;
    expect(first.path).toBe('');
    expect(first.line).toBeGreaterThanOrEqual(4);
    expect(first.column).toBeGreaterThanOrEqual(1);
    expect(formatIssue(first, 'broken.yaml')).toMatch(/^broken\.yaml:\d+:\d+: /);
  });
});
