import { describe, expect, it } from 'vitest';
import type { AgentStepInput, StepTask } from '../../src/domain/agent-action.ts';
import { offlineDecide } from '../../src/llm/offline-model.ts';

function input(overrides: Omit<Partial<AgentStepInput>, 'task'> & { task?: Partial<StepTask> } = {}): AgentStepInput {
  return {
    companyId: 'acme',
    workflowId: 'company:acme:task:t1',
    step: 1,
    mode: 'work',
    agent: { id: 'dev', name: 'D', role: 'Software Engineer', seniority: 'mid', department: 'eng', model: 'offline' },
    transcript: [],
    ...overrides,
    task: {
      id: 't1',
      title: 'Write the signup form',
      description: '',
      acceptanceCriteria: 'tests pass',
      depth: 1,
      maxSubtasks: 0,
      delegates: [],
      subtaskAssignees: [],
      teamRoles: {},
      revision: 0,
      ...overrides.task,
    },
  };
}

describe('the offline simulator', () => {
  it('is deterministic', () => {
    expect(offlineDecide(input())).toEqual(offlineDecide(input()));
  });

  it('has a manager decompose a goal across its team, one subtask per member', () => {
    const action = offlineDecide(
      input({
        agent: {
          id: 'cto',
          name: 'T',
          role: 'Chief Technology Officer',
          seniority: 'c_suite',
          department: 'eng',
          model: 'offline',
        },
        task: {
          maxSubtasks: 2,
          subtaskAssignees: ['a', 'b', 'c'],
          teamRoles: { a: 'Engineer', b: 'Product Lead', c: 'x' },
        },
      }),
    );
    expect(action).toMatchObject({ type: 'decompose' });
    if (action.type !== 'decompose') throw new Error('expected decompose');
    expect(action.subtasks.map((subtask) => subtask.assignee)).toEqual(['a', 'b']);
    expect(action.subtasks[1]?.title).toMatch(/^Define requirements/);
  });

  it('has a manager who cannot decompose delegate', () => {
    const action = offlineDecide(
      input({
        agent: { id: 'lead', name: 'L', role: 'Lead', seniority: 'lead', department: 'eng', model: 'offline' },
        task: { delegates: ['dev'], teamRoles: { dev: 'Engineer' } },
      }),
    );
    expect(action).toMatchObject({ type: 'delegate', to: 'dev' });
  });

  it('has an engineer recall, write and test code, remember, then answer with the test result', () => {
    expect(offlineDecide(input())).toMatchObject({ type: 'recall' });
    const recalled = [{ kind: 'recall' as const, text: 'no notes' }];
    const code = offlineDecide(input({ transcript: recalled }));
    expect(code).toMatchObject({ type: 'run_code', language: 'bash', code: 'bash test_slug.sh' });
    if (code.type !== 'run_code') throw new Error('expected run_code');
    expect(code.files.map((file) => file.path)).toEqual(['slug.sh', 'test_slug.sh']);
    expect(code.files[1]?.content).toContain("check 'Write the signup form' 'write-the-signup-form'");
    const ran = [...recalled, { kind: 'code-result' as const, text: 'exit 0 in 12 ms\nstdout:\n3 of 3 tests passed' }];
    expect(offlineDecide(input({ transcript: ran }))).toMatchObject({ type: 'remember' });
    const answer = offlineDecide(input({ transcript: [...ran, { kind: 'remembered', text: 'x' }] }));
    expect(answer).toMatchObject({ type: 'answer', text: expect.stringContaining('3 of 3 tests passed') });
  });

  it('has a non-engineer recall, remember, then answer; risky work asks for approval first', () => {
    const analyst = { id: 'ana', name: 'A', role: 'Analyst', seniority: 'mid', department: 'ops', model: 'offline' };
    expect(offlineDecide(input({ agent: analyst }))).toMatchObject({ type: 'recall' });
    const recalled = [{ kind: 'recall' as const, text: 'no notes' }];
    expect(offlineDecide(input({ agent: analyst, transcript: recalled }))).toMatchObject({ type: 'remember' });
    expect(
      offlineDecide(input({ agent: analyst, transcript: [...recalled, { kind: 'remembered', text: 'x' }] })),
    ).toMatchObject({ type: 'answer' });
    expect(offlineDecide(input({ transcript: recalled, task: { title: 'Deploy the form' } }))).toMatchObject({
      type: 'request_approval',
      action: 'deploy',
      risk: 'high',
    });
  });

  it('takes K steps for a [steps=K] task', () => {
    const transcript: AgentStepInput['transcript'] = [];
    let steps = 0;
    for (;;) {
      steps++;
      const action = offlineDecide(input({ transcript, task: { title: 'bench [steps=5]' } }));
      if (action.type === 'answer') break;
      transcript.push({ kind: 'recall', text: 'x' });
    }
    expect(steps).toBe(5);
  });

  it('reviews: [reject] always rejects; otherwise approves or asks once for a revision', () => {
    const review = (title: string, revision: number) =>
      offlineDecide(input({ mode: 'review', draft: 'd', task: { title, revision } }));
    expect(review('Hard one [reject]', 3)).toMatchObject({ verdict: 'reject' });
    for (const title of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'])
      expect(review(title, 1)).toMatchObject({ verdict: 'approve' });
    const verdicts = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map(
      (title) => (review(title, 0) as { verdict: string }).verdict,
    );
    expect(verdicts).toContain('reject');
    expect(verdicts).toContain('approve');
  });

  it('reviews: [revise] sends every first draft back, even one that shows evidence, and passes the revision', () => {
    const review = (title: string, revision: number, draft = 'd') =>
      offlineDecide(input({ mode: 'review', draft, task: { title, revision } }));
    const evidence = "d\nFollowing the role's instructions: show concrete evidence";
    for (const title of ['a [revise]', 'b [revise]', 'c [revise]', 'd [revise]']) {
      expect(review(title, 0)).toMatchObject({ verdict: 'reject', feedback: expect.stringContaining('second pass') });
      expect(review(title, 0, evidence)).toMatchObject({ verdict: 'reject' });
      expect(review(title, 1)).toMatchObject({ verdict: 'approve' });
    }
  });
});
