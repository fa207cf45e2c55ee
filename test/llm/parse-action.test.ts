import { describe, expect, it } from 'vitest';
import { BadModelOutputError, parseAgentAction } from '../../src/llm/parse-action.ts';

function expectBadOutput(run: () => unknown, message: RegExp): BadModelOutputError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BadModelOutputError);
    expect((error as Error).message).toMatch(message);
    return error as BadModelOutputError;
  }
  throw new Error('expected BadModelOutputError, nothing was thrown');
}

describe('parseAgentAction in work mode', () => {
  it('accepts every action variant as bare JSON', () => {
    const variants = [
      { type: 'answer', text: 'The plan is ready.' },
      {
        type: 'decompose',
        subtasks: [{ title: 'Research', description: 'd', acceptanceCriteria: 'a', assignee: 'eng-1' }],
      },
      { type: 'delegate', to: 'cto', note: 'architecture call' },
      { type: 'remember', content: 'Customer prefers weekly reports.' },
      { type: 'recall', query: 'pricing decisions' },
      { type: 'request_approval', action: 'deploy', risk: 'high', reason: 'production change' },
    ];
    for (const variant of variants) expect(parseAgentAction(JSON.stringify(variant), 'work')).toEqual(variant);
  });

  it('fills schema defaults', () => {
    expect(parseAgentAction('{"type":"delegate","to":"cto"}', 'work')).toEqual({
      type: 'delegate',
      to: 'cto',
      note: '',
    });
    expect(parseAgentAction('{"type":"decompose","subtasks":[{"title":"A"}]}', 'work')).toEqual({
      type: 'decompose',
      subtasks: [{ title: 'A', description: '', acceptanceCriteria: '' }],
    });
  });

  it('extracts JSON from a ```json fence with prose around it', () => {
    const text = 'Here is my decision:\n```json\n{ "type": "recall", "query": "q3 {budget}" }\n```\nThanks!';
    expect(parseAgentAction(text, 'work')).toEqual({ type: 'recall', query: 'q3 {budget}' });
  });

  it('extracts the first balanced object from prose, skipping stray braces', () => {
    const text =
      'I use { as a bullet. {"type":"answer","text":"a \\"quoted\\" } brace"} and {"type":"recall","query":"x"}';
    expect(parseAgentAction(text, 'work')).toEqual({ type: 'answer', text: 'a "quoted" } brace' });
  });

  it('unwraps a choice that structured output sent as {"action": …}', () => {
    expect(parseAgentAction('{"action":{"type":"recall","query":"x"}}', 'work')).toEqual({
      type: 'recall',
      query: 'x',
    });
  });

  it('does not take prose without JSON as an answer', () => {
    expectBadOutput(() => parseAgentAction('  The report is attached below.\n', 'work'), /prose/);
  });

  it('rejects JSON that violates the schema, with the offending field in the message', () => {
    expectBadOutput(() => parseAgentAction('{"type":"decompose","subtasks":[]}', 'work'), /subtasks/);
    expectBadOutput(() => parseAgentAction('{"type":"launch_rocket"}', 'work'), /type/);
    expectBadOutput(
      () => parseAgentAction('{"type":"request_approval","action":"deploy","risk":"extreme"}', 'work'),
      /risk/,
    );
    expectBadOutput(() => parseAgentAction('{"type":"review","verdict":"approve"}', 'work'), /schema/);
  });

  it('rejects output that starts as JSON but is truncated, instead of passing it off as an answer', () => {
    expectBadOutput(() => parseAgentAction('{"type":"answer","text":"the first half of', 'work'), /truncated/);
    expectBadOutput(() => parseAgentAction('```json\n{"type":"answer",', 'work'), /truncated/);
  });

  it('rejects empty output and keeps a short excerpt of long garbage', () => {
    expectBadOutput(() => parseAgentAction('   ', 'work'), /empty/);
    const error = expectBadOutput(
      () => parseAgentAction(`{"type":"nonsense","x":"${'z'.repeat(1000)}"}`, 'work'),
      /schema/,
    );
    expect(error.excerpt.length).toBeLessThanOrEqual(201);
    expect(error.excerpt.startsWith('{"type":"nonsense"')).toBe(true);
  });
});

describe('parseAgentAction in review mode', () => {
  it('accepts a JSON verdict, fenced or bare', () => {
    expect(parseAgentAction('{"type":"review","verdict":"reject","feedback":"no tests"}', 'review')).toEqual({
      type: 'review',
      verdict: 'reject',
      feedback: 'no tests',
    });
    expect(parseAgentAction('```json\n{"type":"review","verdict":"approve"}\n```', 'review')).toEqual({
      type: 'review',
      verdict: 'approve',
      feedback: '',
    });
  });

  it('accepts a verdict that omits the constant type field', () => {
    expect(parseAgentAction('{"verdict":"approve","feedback":"ok"}', 'review')).toEqual({
      type: 'review',
      verdict: 'approve',
      feedback: 'ok',
    });
  });

  it('falls back to a leading APPROVE or REJECT word', () => {
    expect(parseAgentAction('APPROVE. Meets all criteria.', 'review')).toEqual({
      type: 'review',
      verdict: 'approve',
      feedback: 'Meets all criteria.',
    });
    expect(parseAgentAction('**Rejected**: the summary misses the costs.', 'review')).toEqual({
      type: 'review',
      verdict: 'reject',
      feedback: 'the summary misses the costs.',
    });
  });

  it('does not read a verdict out of the middle of prose or from a work action', () => {
    expectBadOutput(() => parseAgentAction('I would not approve this yet.', 'review'), /APPROVE or REJECT/);
    expectBadOutput(() => parseAgentAction('{"type":"answer","text":"approve"}', 'review'), /verdict schema/);
    expectBadOutput(() => parseAgentAction('{"type":"review","verdict":"maybe"}', 'review'), /verdict/);
  });
});
