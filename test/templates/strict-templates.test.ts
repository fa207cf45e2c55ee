import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { closestMatch } from '../../src/domain/did-you-mean.ts';
import { durationToMs } from '../../src/domain/duration.ts';
import { maxAliasExpansions, validateTemplateFile, validateTemplateText } from '../../src/templates/loader.ts';
import { maxTemplateBytes } from '../../src/templates/template-file.ts';

const startupText = readFileSync(fileURLToPath(new URL('../../src/templates/startup.yaml', import.meta.url)), 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'synthorg-strict-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

function issues(text: string) {
  const result = validateTemplateText(text);
  if (result.ok) throw new Error('expected the template to be rejected');
  return result.issues;
}

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((line) => line.includes(needle)) + 1;

describe('templates never silently mean something else', () => {
  it('refuses a misspelt top-level key instead of replacing the policies with defaults', () => {
    const text = startupText.replace(/^policies:/m, 'polices:');
    const [issue, ...rest] = issues(text);
    expect(rest).toEqual([]);
    expect(issue).toEqual({
      path: 'polices',
      message: 'unknown field "polices"; did you mean "policies"?',
      line: lineOf(text, 'polices:'),
      column: 1,
    });
  });

  it('refuses a misspelt nested key at its own line and column', () => {
    const text = startupText.replace('maxRevisions:', 'maxRevision:');
    const [issue] = issues(text);
    expect(issue).toMatchObject({
      path: 'policies.maxRevision',
      message: 'unknown field "maxRevision"; did you mean "maxRevisions"?',
      line: lineOf(text, 'maxRevision:'),
      column: 3,
    });
  });

  it('lists the fields when nothing is close to the unknown key', () => {
    const [issue] = issues(startupText.replace(/^company:/m, 'company:\n  headquarters: Berlin'));
    expect(issue?.message).toMatch(
      /^unknown field "headquarters"; fields here: monthlyBudgetUsd, oversight, timezone, prices$/,
    );
  });

  it('catches an unknown model provider with a suggestion', () => {
    const text = startupText.replace('seniority: c_suite', 'seniority: c_suite\n    model: opnai:gpt-4.1');
    const [issue] = issues(text);
    expect(issue?.path).toBe('agents[0].model');
    expect(issue?.message).toMatch(/unknown model provider "opnai"; did you mean "openai"\?/);
  });

  it('uses the one duration syntax and suggests the short form of a spelled-out one', () => {
    const text = startupText.replace(/approvalTimeout: \S+/, 'approvalTimeout: 30 minutes');
    const [issue] = issues(text);
    expect(issue?.path).toBe('policies.approvalTimeout');
    expect(issue?.message).toMatch(/did you mean "30m"\?/);
    expect(durationToMs('90s')).toBe(90_000);
    expect(() => durationToMs('6 hours')).toThrow(/did you mean "6h"/);
  });

  it('supports merge keys and x- fields for anchors, and still checks what they merge in', () => {
    const base = `x-engineer: &engineer\n  department: engineering\n  seniority: junior\n  reportsTo: cto\n`;
    const text = `${base}${startupText}`.replace(
      /  - id: junior-engineer\n(    .*\n)+?(?=  - id:)/,
      '  - id: junior-engineer\n    name: Jo\n    role: Junior Software Engineer\n    <<: *engineer\n',
    );
    const result = validateTemplateText(text);
    expect(result.ok, JSON.stringify(!result.ok && result.issues)).toBe(true);
    if (result.ok)
      expect(result.template.agents.find((agent) => agent.id === 'junior-engineer')?.seniority).toBe('junior');
    const bad = issues(text.replace('  seniority: junior\n  reportsTo: cto', '  senority: junior\n  reportsTo: cto'));
    expect(bad.map((issue) => issue.path)).toContain('agents[3].senority');
  });

  it('loads a legitimate template that reuses an anchor hundreds of times', () => {
    const agents = Array.from(
      { length: 300 },
      (_, index) =>
        `  - id: e${index}\n    name: E${index}\n    role: Engineer\n    <<: *engineer\n    skills: *skills\n`,
    ).join('');
    const text = startupText
      .replace(/^agents:\n/m, `agents:\n${agents}`)
      .replace(
        /^departments:/m,
        'x-skills: &skills\n  - { id: typing, name: Typing, proficiency: 0.5 }\nx-engineer: &engineer\n  department: engineering\n  seniority: junior\n  reportsTo: cto\ndepartments:',
      );
    const result = validateTemplateText(text);
    expect(result.ok, JSON.stringify(!result.ok && result.issues.slice(0, 3))).toBe(true);
    if (result.ok) expect(result.template.agents).toHaveLength(306);
  });

  it('refuses an alias bomb quickly', () => {
    const levels = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    const names = 'abcdefghi';
    for (let level = 1; level < names.length; level++) {
      levels.push(
        `${names[level]}: &${names[level]} [${Array(9)
          .fill(`*${names[level - 1]}`)
          .join(', ')}]`,
      );
    }
    const started = performance.now();
    const [issue] = issues(levels.join('\n'));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(issue?.message).toMatch(new RegExp(`alias bomb\\?\\): more than ${maxAliasExpansions} alias expansions`));
  });

  it('refuses multi-document, empty and comment-only text with one message each', () => {
    const multi = issues(`${startupText}---\nname: other\n`);
    expect(multi).toHaveLength(1);
    expect(multi[0]?.message).toMatch(/one YAML document, this file has 2/);
    expect(issues('# nothing here\n')).toEqual([{ path: '', message: expect.stringMatching(/template is empty/) }]);
  });

  it('refuses directories, binary, empty and oversized files before parsing them', async () => {
    const directory = join(scratch, 'company.yaml');
    mkdirSync(directory);
    const cases: [string, RegExp][] = [
      [directory, /is a directory/],
      [file('binary.yaml', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2])), /binary file/],
      [file('latin1.yaml', Buffer.from('name: caf\xe9\n', 'latin1')), /not UTF-8 text/],
      [file('empty.yaml', ''), /template is empty/],
    ];
    for (const [path, pattern] of cases) {
      const result = await validateTemplateFile(path);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.issues).toEqual([{ path: '', message: expect.stringMatching(pattern) }]);
    }
    // 5 MB of valid-looking YAML: refused by its size, without being read into the parser.
    const huge = file('huge.yaml', `name: x\ndescription: |\n${'  lorem ipsum dolor sit amet\n'.repeat(180_000)}`);
    const started = performance.now();
    const result = await validateTemplateFile(huge);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.issues[0]?.message).toMatch(new RegExp(`above the ${maxTemplateBytes / 1024} KB limit`));
  });

  it('suggests only near misses', () => {
    expect(closestMatch('polices', ['policies', 'agents'])).toBe('policies');
    expect(closestMatch('headquarters', ['policies', 'agents'])).toBeUndefined();
  });
});
