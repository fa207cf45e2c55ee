import { describe, expect, it } from 'vitest';
import type { AgentStepInput } from '../../src/domain/agent-action.ts';
import { defaultMaxOutputTokens, offeredActionTypes, stepSchema } from '../../src/llm/action-schema.ts';
import { PolicySpec } from '../../src/config/template-schema.ts';
import { reviewStyleFor } from '../../src/domain/review-style.ts';
import { buildPrompt } from '../../src/llm/prompt.ts';

function stepInput(overrides: Partial<AgentStepInput> = {}): AgentStepInput {
  return {
    companyId: 'acme',
    workflowId: 'company:acme:task:1',
    step: 1,
    mode: 'work',
    agent: { id: 'lead', name: 'Lee', role: 'Lead', seniority: 'lead', department: 'ops', model: 'default' },
    task: {
      id: 't1',
      title: 'Plan the launch',
      description: '',
      acceptanceCriteria: '',
      depth: 0,
      maxSubtasks: 2,
      delegates: ['eng-2'],
      subtaskAssignees: ['eng-2', 'eng-3'],
      teamRoles: {},
      revision: 0,
    },
    transcript: [],
    ...overrides,
  };
}

type Json = Record<string, unknown>;

function branch(schema: Json, type: string): Json | undefined {
  const wrapped = (schema.properties as Json | undefined)?.action as Json | undefined;
  const branches = (wrapped?.anyOf as Json[] | undefined) ?? [schema];
  return branches.find(
    (candidate) => (candidate.properties as Json).type && JSON.stringify(candidate).includes(`"const":"${type}"`),
  );
}

describe('stepSchema', () => {
  it('offers every action with the step’s delegates and assignees as enums and at most maxSubtasks subtasks', () => {
    const { jsonSchema, offered, name } = stepSchema(stepInput());
    expect(name).toBe('agent_action');
    expect(offered).toContain('decompose');
    expect(offered).toContain('delegate');
    const delegate = branch(jsonSchema, 'delegate')?.properties as Json;
    expect(delegate.to).toEqual({ type: 'string', enum: ['eng-2'] });
    const decompose = branch(jsonSchema, 'decompose')?.properties as Json;
    const subtasks = decompose.subtasks as Json;
    expect(subtasks.maxItems).toBe(2);
    expect(((subtasks.items as Json).properties as Json).assignee).toEqual({
      type: 'string',
      enum: ['eng-2', 'eng-3'],
    });
    // A choice travels under "action": OpenAI and Anthropic want an object at the root.
    expect(jsonSchema).toMatchObject({ type: 'object', required: ['action'], additionalProperties: false });
    // Closed objects: a grammar must not let a small model invent keys.
    expect(branch(jsonSchema, 'answer')?.additionalProperties).toBe(false);
  });

  it('leaves out decompose without a subtask allowance and delegate without delegates', () => {
    const base = stepInput();
    const input = stepInput({ task: { ...base.task, maxSubtasks: 0, delegates: [] } });
    const { jsonSchema, offered } = stepSchema(input);
    expect(offered).not.toContain('decompose');
    expect(offered).not.toContain('delegate');
    expect(JSON.stringify(jsonSchema)).not.toMatch(/"const":"(decompose|delegate)"/);
  });

  it('validates with the same narrowing: an outsider as delegate or too many subtasks fail', () => {
    const { validator } = stepSchema(stepInput());
    expect(validator.safeParse({ type: 'delegate', to: 'eng-2' }).success).toBe(true);
    expect(validator.safeParse({ type: 'delegate', to: 'ceo' }).success).toBe(false);
    const subtask = { title: 'x' };
    expect(validator.safeParse({ type: 'decompose', subtasks: [subtask, subtask] }).success).toBe(true);
    expect(validator.safeParse({ type: 'decompose', subtasks: [subtask, subtask, subtask] }).success).toBe(false);
    expect(validator.safeParse({ type: 'review', verdict: 'approve' }).success).toBe(false);
  });

  it('narrows to the agent’s allowed actions; a planner with nothing left to do must answer', () => {
    const planner = stepInput();
    planner.agent = { ...planner.agent, actions: ['decompose'] };
    expect(offeredActionTypes(planner)).toEqual(['decompose']);
    const afterSubtasks = { ...planner, task: { ...planner.task, maxSubtasks: 0 } };
    expect(offeredActionTypes(afterSubtasks)).toEqual(['answer']);
    const { jsonSchema } = stepSchema(afterSubtasks);
    expect(jsonSchema.properties).not.toHaveProperty('action');
    expect((jsonSchema.properties as Json).type).toEqual({ type: 'string', const: 'answer' });
  });

  it('bounds free text by the output cap so constrained JSON closes before the cap', () => {
    const capped = stepSchema(stepInput({ maxOutputTokens: 100 }));
    const text = (branch(capped.jsonSchema, 'answer')?.properties as Json).text as Json;
    expect(text.maxLength).toBe(Math.floor((100 - 24) * 2.5));
    const open = stepSchema(stepInput());
    const code = (branch(open.jsonSchema, 'run_code')?.properties as Json).code as Json;
    expect(code.maxLength).toBe(Math.floor((defaultMaxOutputTokens - 24) * 2.5));
    // Each of two subtasks' three strings shares what is left after the JSON around them.
    const planning = stepSchema(stepInput({ maxOutputTokens: 200 }));
    const decompose = (branch(planning.jsonSchema, 'decompose')?.properties as Json).subtasks as Json;
    const title = ((decompose.items as Json).properties as Json).title as Json;
    expect(title.maxLength).toBe(Math.floor(((200 - 24 - 64) * 2.5) / 6));
  });

  it('is the verdict schema for a review step', () => {
    const { jsonSchema, name, validator } = stepSchema(stepInput({ mode: 'review', draft: 'x' }));
    expect(name).toBe('review_verdict');
    expect((jsonSchema.properties as Json).verdict).toEqual({ type: 'string', enum: ['approve', 'reject'] });
    // Feedback is written before the verdict (schema order is decoding order for constrained models).
    expect(Object.keys(jsonSchema.properties as Json)).toEqual(['type', 'feedback', 'verdict']);
    expect(jsonSchema.required).toEqual(['type', 'feedback', 'verdict']);
    expect(validator.safeParse({ type: 'answer', text: 'approve' }).success).toBe(false);
  });

  it('asks for the verdict before the feedback in the direct review style, and says so in the prompt', () => {
    const direct = stepInput({ mode: 'review', draft: 'x', reviewStyle: 'direct' });
    const { jsonSchema, validator } = stepSchema(direct);
    expect(Object.keys(jsonSchema.properties as Json)).toEqual(['type', 'verdict', 'feedback']);
    expect(jsonSchema.required).toEqual(['type', 'verdict', 'feedback']);
    expect(validator.safeParse({ type: 'review', verdict: 'approve', feedback: '' }).success).toBe(true);
    const { system } = buildPrompt(direct);
    expect(system).toContain('Decide first whether the draft meets the acceptance criteria');
    expect(system).toContain('{"type":"review","verdict":"approve","feedback":"..."}');
    expect(buildPrompt(stepInput({ mode: 'review', draft: 'x' })).system).toContain(
      '{"type":"review","feedback":"...","verdict":"approve"}',
    );
  });
});

describe('reviewStyleFor', () => {
  it('takes the template’s style, else direct for local models and reasoned for the rest', () => {
    expect(reviewStyleFor('local:smollm2-135m', undefined)).toBe('direct');
    expect(reviewStyleFor('local:/models/big.gguf', 'reasoned')).toBe('reasoned');
    expect(reviewStyleFor('openai:gpt-4.1-mini', undefined)).toBe('reasoned');
    expect(reviewStyleFor('ollama:llama3.2', 'direct')).toBe('direct');
  });

  it('is a template policy that rejects unknown styles by name', () => {
    expect(PolicySpec.parse({ reviewStyle: 'direct' }).reviewStyle).toBe('direct');
    const bad = PolicySpec.safeParse({ reviewStyle: 'short' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['reviewStyle']);
  });
});
