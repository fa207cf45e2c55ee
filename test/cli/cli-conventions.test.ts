import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.ts';
import { synthorgBin } from '../helpers/cli.ts';
import type { Run } from '../helpers/cli.ts';
import { startSynthorgTestEnv } from '../helpers/synthorg-env.ts';
import type { SynthorgTestEnv } from '../helpers/synthorg-env.ts';
import { duoTemplate } from '../helpers/templates.ts';
import { synthorgCli } from '../helpers/stack-processes.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'synthorg-conventions-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const startupPath = join(root, 'src/templates/startup.yaml');
const startupText = readFileSync(startupPath, 'utf8');

/** The real CLI with Temporal pointed at a closed port: whatever passes must not have needed it. */
function offline(args: readonly string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Run {
  const result = spawnSync(process.execPath, [synthorgBin, ...args], {
    cwd: scratch,
    encoding: 'utf8',
    timeout: 60_000,
    input: options.input ?? '',
    env: { ...process.env, TEMPORAL_ADDRESS: '127.0.0.1:1', SYNTHORG_DEBUG: '', ...options.env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function file(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

function usageError(run: Run, pattern: RegExp): void {
  expect(run.status, run.stderr).toBe(2);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(pattern);
}

describe('CLI conventions without Temporal', () => {
  it('prints its version', () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    const run = offline(['--version']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`synthorg ${version}\n`);
  });

  it('suggests the command that was meant, and help for an unknown topic exits 2', () => {
    usageError(offline(['compnay', 'status', 'acme']), /unknown command "compnay"; did you mean "company"\?/);
    usageError(
      offline(['company', 'stauts', 'acme']),
      /unknown command "company stauts"; did you mean "company status"\?/,
    );
    usageError(offline(['memory', 'serach', 'acme', 'x']), /did you mean "memory search"\?/);
    usageError(offline(['help', 'nonsense']), /unknown help topic "nonsense"/);
    usageError(offline(['company', 'status', 'acme', '--jsno']), /unknown option --jsno; did you mean "--json"\?/);
    expect(offline(['help', 'budget']).status).toBe(0);
  });

  it('takes the company id of company start as a positional, keeping --id as an alias', () => {
    // Exit 1 here means the arguments were accepted and only Temporal (a closed port) was missing.
    const positional = offline(['company', 'start', 'acme', '--template', 'startup']);
    expect(positional.status, positional.stderr).toBe(1);
    expect(positional.stderr).toMatch(/cannot reach Temporal/);
    expect(offline(['company', 'start', '--id', 'acme', '--template', 'startup']).status).toBe(1);
    usageError(offline(['company', 'start', '--template', 'startup']), /missing <companyId>/);
    usageError(offline(['company', 'start', 'acme', '--id', 'other', '--template', 'startup']), /two company ids/);
    usageError(offline(['company', 'start', 'Bad_Id', '--template', 'startup']), /invalid company id/);
  });

  it('asks before stopping a company on a terminal, and refuses without --yes elsewhere', () => {
    usageError(offline(['company', 'stop', 'acme']), /cannot be undone; confirm with --yes/);
    // With --yes it goes ahead (and meets the closed port).
    expect(offline(['company', 'stop', 'acme', '--yes']).stderr).toMatch(/cannot reach Temporal/);
    // On a pseudo-terminal (util-linux script), answering "n" stops nothing and never contacts Temporal.
    const command = `${process.execPath} ${synthorgBin} company stop acme`;
    const terminal = spawnSync('script', ['-qec', command, '/dev/null'], {
      encoding: 'utf8',
      input: 'n\n',
      timeout: 60_000,
      env: { ...process.env, TEMPORAL_ADDRESS: '127.0.0.1:1' },
    });
    expect(terminal.stdout).toMatch(/Stop company acme\? Its id cannot be reused\. \[y\/N\]/);
    expect(terminal.stdout).toMatch(/company acme was not stopped/);
    expect(terminal.stdout).not.toMatch(/cannot reach Temporal/);
    expect(terminal.status).toBe(1);
  });

  it('takes budgets as plain decimals only', () => {
    for (const amount of ['1e3', '$5', '0x10', '5,000', 'Infinity', '12.505', '0', '-5', ' 5']) {
      usageError(offline(['budget', 'raise', 'acme', amount]), /plain decimal such as 25 or 12\.50/);
    }
    expect(offline(['budget', 'raise', 'acme', '12.50']).stderr).toMatch(/cannot reach Temporal/);
  });

  it('uses one duration syntax on the command line and suggests it for spelled-out durations', () => {
    usageError(offline(['memory', 'schedule', 'acme', '--every', '6 hours']), /did you mean "6h"\?/);
    usageError(offline(['memory', 'schedule', 'acme', '--every', '1.5h']), /"30s", "5m", "2h" or "1d"/);
  });

  it('lists, shows and validates templates with --json, by file or built-in name', () => {
    const list = offline(['template', 'list', '--json']);
    expect(JSON.parse(list.stdout)).toEqual(
      expect.arrayContaining([{ name: 'startup', description: expect.any(String), agents: 6, departments: 4 }]),
    );
    const shown = offline(['template', 'show', 'startup']);
    expect(shown.stdout).toBe(startupText);
    expect(offline(['template', 'validate', file('from-show.yaml', shown.stdout)]).status).toBe(0);
    usageError(offline(['template', 'show', 'startpu']), /unknown template "startpu"; did you mean "startup"\?/);

    const builtIn = offline(['template', 'validate', 'startup', '--json']);
    expect(builtIn.status).toBe(0);
    expect(JSON.parse(builtIn.stdout)).toEqual({
      file: startupPath,
      valid: true,
      template: {
        name: 'Startup',
        version: '1.0.0',
        agents: 6,
        departments: 4,
        monthlyBudgetUsd: 200,
        oversight: 'semi',
      },
    });

    const misspelt = file('misspelt.yaml', startupText.replace(/^policies:/m, 'polices:'));
    const line = startupText.split('\n').findIndex((text) => text.startsWith('policies:')) + 1;
    const human = offline(['template', 'validate', misspelt]);
    expect(human.status).toBe(2);
    expect(human.stderr).toBe(`${misspelt}:${line}:1: polices: unknown field "polices"; did you mean "policies"?\n`);
    const machine = offline(['template', 'validate', misspelt, '--json']);
    expect(machine.status).toBe(2);
    expect(JSON.parse(machine.stdout)).toEqual({
      file: misspelt,
      valid: false,
      issues: [{ path: 'polices', message: 'unknown field "polices"; did you mean "policies"?', line, column: 1 }],
    });
  });

  it('caps a long list of template problems with a count of the rest', () => {
    const broken = startupText
      .replace(/proficiency: [\d.]+/g, 'proficiency: 9')
      .replace(/seniority: \w+/g, 'seniority: intern');
    const run = offline(['template', 'validate', file('broken.yaml', broken)]);
    expect(run.status).toBe(2);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(21);
    expect(lines.slice(0, 20).every((text) => /^.*broken\.yaml:\d+:\d+: agents\[\d+\]\.\S+: /.test(text))).toBe(true);
    expect(lines[20]).toMatch(/^… and \d+ more problems$/);
    // company start reports the same problems, one per line, before contacting Temporal.
    const start = offline(['company', 'start', 'acme', '--template', join(scratch, 'broken.yaml')]);
    expect(start.status).toBe(2);
    expect(start.stderr.trimEnd().split('\n')).toHaveLength(21);
  });

  it('refuses hostile or odd template files with exit 2 and the file', () => {
    const cases: [string, RegExp][] = [
      [scratch, /is a directory/],
      [file('empty.yaml', ''), /template is empty/],
      [file('two.yaml', `${startupText}---\n${startupText}`), /one YAML document, this file has 2/],
      [
        file(
          'bomb.yaml',
          // The "billion laughs": nine levels, each repeating the one before nine times.
          [...'abcdefghi']
            .map((name, level) =>
              level === 0
                ? 'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'
                : `${name}: &${name} [${Array(9)
                    .fill(`*${'abcdefghi'[level - 1]}`)
                    .join(', ')}]`,
            )
            .join('\n'),
        ),
        /alias bomb/,
      ],
    ];
    for (const [path, pattern] of cases) {
      const run = offline(['template', 'validate', path]);
      expect(run.status, path).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr.startsWith(path)).toBe(true);
      expect(run.stderr).toMatch(pattern);
    }
  });

  it('prints shell completion that completes commands, subcommands, options and templates', () => {
    const script = offline(['completion', 'bash']);
    expect(script.status).toBe(0);
    const path = file('synthorg.bash', script.stdout);
    const complete = (...words: string[]) => {
      const array = words.map((word) => `'${word}'`).join(' ');
      const result = spawnSync(
        'bash',
        [
          '-c',
          `source '${path}'; COMP_WORDS=(synthorg ${array}); COMP_CWORD=${words.length}; _synthorg; echo "\${COMPREPLY[*]}"`,
        ],
        { encoding: 'utf8', cwd: scratch },
      );
      return result.stdout.trim().split(/\s+/);
    };
    expect(complete('comp')).toEqual(['company', 'completion']);
    expect(complete('memory', 'im')).toEqual(['import']);
    expect(complete('company', 'stop', 'acme', '--')).toEqual(expect.arrayContaining(['--yes', '--json', '--help']));
    expect(complete('company', 'start', 'acme', '--template', 'st')).toContain('startup');
    usageError(offline(['completion', 'fish']), /bash and zsh, not "fish"/);
  });

  const hasZsh = spawnSync('zsh', ['-c', 'true']).status === 0;
  it.skipIf(!hasZsh)('prints zsh completion that offers the same candidates', () => {
    const script = offline(['completion', 'zsh']);
    expect(script.stdout).toMatch(/^#compdef synthorg\n/);
    const path = file('_synthorg', script.stdout);
    // compadd and _files stubbed to print what the completion offers; zsh itself filters by prefix.
    const complete = (...words: string[]) => {
      const array = words.map((word) => `'${word}'`).join(' ');
      const result = spawnSync(
        'zsh',
        [
          '-c',
          `compadd() { shift; print -r -- "$*" }; _files() { print -r -- FILES }; compdef() { }; source '${path}'; words=(synthorg ${array}); CURRENT=${words.length + 1}; _synthorg`,
        ],
        { encoding: 'utf8' },
      );
      return result.stdout.trim().split(/\s+/);
    };
    expect(complete('comp')).toEqual(expect.arrayContaining(['company', 'completion', '--version']));
    expect(complete('company', 'st')).toEqual(['start', 'status', 'stop', 'hire', 'fire', 'pause', 'resume', '--help']);
    expect(complete('company', 'stop', 'acme', '--')).toEqual(['--yes', '--json', '--help']);
    expect(complete('template', 'show', 's')).toEqual(['research-lab', 'solo-founder', 'startup']);
    expect(complete('memory', 'import', 'acme', 'docs')).toEqual(['FILES']);
  });

  it('documents every environment variable the code reads, and reads log levels in any case', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const configuration = readme.slice(
      readme.indexOf('## Configuration'),
      readme.indexOf('\n## ', readme.indexOf('## Configuration') + 5),
    );
    const sources = spawnSync('git', ['ls-files', 'src', 'workers', 'activities', 'workflows', 'bin'], {
      cwd: root,
      encoding: 'utf8',
    })
      .stdout.split('\n')
      .filter((path) => /\.(ts|js)$/.test(path));
    const names = new Set<string>();
    for (const path of sources) {
      for (const match of readFileSync(join(root, path), 'utf8').matchAll(
        /\b(?:SYNTHORG|TEMPORAL|OPENAI|ANTHROPIC|OLLAMA|DATABASE)_[A-Z0-9_]*[A-Z0-9]\b/g,
      )) {
        names.add(match[0]);
      }
    }
    expect(names.size).toBeGreaterThan(20);
    const missing = [...names].filter((name) => !configuration.includes(`\`${name}\``));
    expect(missing).toEqual([]);
    expect(loadConfig({ SYNTHORG_LOG_LEVEL: 'debug' }).logLevel).toBe('DEBUG');
    expect(loadConfig({ SYNTHORG_LOG_LEVEL: 'Info' }).logLevel).toBe('INFO');
    expect(() => loadConfig({ SYNTHORG_LOG_LEVEL: 'loud' })).toThrow(/SYNTHORG_LOG_LEVEL/);
  });
});

describe('CLI conventions against a running stack', () => {
  let env: SynthorgTestEnv;
  beforeAll(async () => {
    env = await startSynthorgTestEnv();
  });
  afterAll(async () => {
    await env?.stop();
  });
  const live = (...args: string[]) => synthorgCli(env, args);

  it(
    'reports budget raises, schedules, the UI address and a stop as JSON; a raise never lowers',
    { timeout: 240_000 },
    async () => {
      await env.withWorker(async () => {
        await env.client.startCompany({ id: 'conventions', template: duoTemplate({ budgetUsd: 10 }) });
        const raised = await live('budget', 'raise', 'conventions', '25.50', '--json');
        expect(raised.status, raised.stderr).toBe(0);
        expect(JSON.parse(raised.stdout)).toEqual({ companyId: 'conventions', previousLimitUsd: 10, limitUsd: 25.5 });
        const lower = await live('budget', 'raise', 'conventions', '20');
        expect(lower.status).toBe(2);
        expect(lower.stderr).toMatch(/never lowers a budget: conventions has \$25\.5 a month, asked for \$20/);
        expect((await env.client.status('conventions')).budget.limitUsd).toBe(25.5);

        const schedule = await live('memory', 'schedule', 'conventions', '--every', '30m', '--json');
        expect(schedule.status, schedule.stderr).toBe(0);
        expect(JSON.parse(schedule.stdout)).toEqual({
          companyId: 'conventions',
          scheduleId: 'company:conventions:memory-consolidation',
          created: false,
        });
        const ui = await live('ui', 'conventions', '--json');
        expect(JSON.parse(ui.stdout)).toEqual({
          companyId: 'conventions',
          url: expect.stringContaining('SynthorgCompanyId'),
        });

        const stopped = await live('company', 'stop', 'conventions', '--yes', '--json');
        expect(stopped.status, stopped.stderr).toBe(0);
        expect(JSON.parse(stopped.stdout)).toEqual({ companyId: 'conventions', stopped: true });
      });
    },
  );
});
