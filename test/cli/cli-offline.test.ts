import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin/synthorg.js');
// bin/synthorg.js only imports src/cli/main.ts; until it exists the entry point is run directly.
const entry = existsSync(bin) ? bin : join(root, 'src/cli/main.ts');
const scratch = mkdtempSync(join(tmpdir(), 'synthorg-cli-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real CLI. Temporal is pointed at a closed port so a command that should have failed
 * before contacting Temporal cannot pass by reaching a server some other test started.
 */
function synthorg(...args: string[]): Run {
  const result = spawnSync(process.execPath, [entry, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, TEMPORAL_ADDRESS: '127.0.0.1:1', SYNTHORG_DEBUG: '' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function writeTemplate(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

const startupText = readFileSync(join(root, 'src/templates/startup.yaml'), 'utf8');

function expectOneLineError(run: Run, pattern: RegExp): void {
  expect(run.status).toBe(2);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^synthorg: /);
  expect(lines[0]).toMatch(pattern);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

describe('synthorg CLI without Temporal', () => {
  it('prints the usage with every command', () => {
    const run = synthorg('--help');
    expect(run.status).toBe(0);
    for (const command of [
      'dev',
      'worker',
      'demo',
      'company start',
      'task submit',
      'approvals list',
      'budget raise',
      'budget set',
      'ui',
    ]) {
      expect(run.stdout).toContain(command);
    }
  });

  it('lists the built-in templates with their sizes', () => {
    const run = synthorg('template', 'list');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^startup\s+6\s+4\s+CEO/m);
    expect(run.stdout).toMatch(/^solo-founder\s+3\s+2\s+/m);
    expect(run.stdout).toMatch(/^research-lab\s+6\s+4\s+/m);
  });

  it('validates a good template with a one-line summary', () => {
    const run = synthorg('template', 'validate', writeTemplate('good.yaml', startupText));
    expect(run.status).toBe(0);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stdout).toMatch(/valid — "Startup" v1\.0\.0, 6 agents in 4 departments/);
    expect(run.stderr).toBe('');
  });

  it('prints every bad field by path and exits 2', () => {
    const text = startupText
      .replace('seniority: junior', 'seniority: intern')
      .replace('version: 1.0.0', 'version: one')
      .replace('proficiency: 0.9 }', 'proficiency: 7 }');
    const run = synthorg('template', 'validate', writeTemplate('bad.yaml', text));
    expect(run.status).toBe(2);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^.*bad\.yaml:6:10: version: use a semantic version/),
        expect.stringMatching(/^.*bad\.yaml:\d+:\d+: agents\[0\]\.skills\[0\]\.proficiency: /),
        expect.stringMatching(/^.*bad\.yaml:\d+:\d+: agents\[3\]\.seniority: .*junior/),
      ]),
    );
    expect(lines).toHaveLength(3);
  });

  it('reports a cross-field error by path', () => {
    const run = synthorg(
      'template',
      'validate',
      writeTemplate('cycle.yaml', startupText.replace('reportsTo: ceo', 'reportsTo: cto')),
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^.*cycle\.yaml:\d+:\d+: agents\[1\]\.reportsTo: an agent cannot report to itself$/m);
  });

  it('gives a YAML syntax error its line', () => {
    const run = synthorg(
      'template',
      'validate',
      writeTemplate('syntax.yaml', 'name: x\nagents:\n  - id: a\n   bad: [1,\n'),
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^.*syntax\.yaml:4:\d+: /m);
  });

  it('exits 2 for an unknown command with the usage hint', () => {
    expectOneLineError(synthorg('hire-everyone'), /unknown command "hire-everyone".*synthorg --help/);
  });

  it('exits 2 for an unknown flag', () => {
    expectOneLineError(synthorg('company', 'status', 'acme', '--yaml'), /unknown option --yaml/);
  });

  it('refuses a dev port whose Web UI port (+1000) would not exist, saying why', () => {
    expectOneLineError(
      synthorg('dev', '--port', '65000'),
      /--port must be a port number from 1 to 64535 \(the Web UI uses it \+ 1000\), got "65000"/,
    );
  });

  it('rejects a bad company id before contacting Temporal', () => {
    expectOneLineError(
      synthorg('company', 'start', '--template', 'startup', '--id', 'Bad_Id!'),
      /invalid company id "Bad_Id!"/,
    );
  });

  it('rejects a bad template before contacting Temporal, one line per bad field', () => {
    const path = writeTemplate(
      'start-bad.yaml',
      startupText.replace('seniority: junior', 'seniority: intern').replace('version: 1.0.0', 'version: x'),
    );
    const run = synthorg('company', 'start', '--template', path, '--id', 'acme');
    expect(run.status).toBe(2);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.every((line) => line.startsWith(`synthorg: ${path}:`))).toBe(true);
    expect(run.stderr).toMatch(/agents\[3\]\.seniority: /);
  });

  it('names the built-in templates when the template is unknown', () => {
    expectOneLineError(
      synthorg('company', 'start', '--template', 'megacorp', '--id', 'acme'),
      /unknown template "megacorp".*research-lab, solo-founder, startup/,
    );
  });

  it('rejects a negative budget', () => {
    expectOneLineError(synthorg('budget', 'raise', 'x', '-5'), /positive number/);
  });

  it('rejects a budget that is not a number', () => {
    expectOneLineError(synthorg('budget', 'raise', 'acme', 'lots'), /positive number.*"lots"/);
  });

  it('exits 1 with one line and no stack trace when Temporal cannot be reached', () => {
    const run = synthorg('company', 'status', 'acme');
    expect(run.status).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^synthorg: /);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints help for every command without Temporal', () => {
    for (const command of [
      ['company', 'start'],
      ['task', 'submit'],
      ['approvals', 'list'],
      ['approve'],
      ['deny'],
      ['budget', 'raise'],
      ['budget', 'set'],
      ['template', 'validate'],
      ['ui'],
    ]) {
      const run = synthorg(...command, '--help');
      expect(run.status, command.join(' ')).toBe(0);
      expect(run.stdout).toContain(`Usage: synthorg ${command.join(' ')}`);
    }
  });
});
