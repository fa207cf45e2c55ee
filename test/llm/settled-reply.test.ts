import { type LanguageModelUsage, NoObjectGeneratedError } from 'ai';
import { describe, expect, it } from 'vitest';
import { settleReply } from '../../src/llm/settled-reply.ts';

/** $1 per million input tokens, $2 per million output tokens. */
const price = { inputPerMillion: 1, outputPerMillion: 2 };
const usage: LanguageModelUsage = {
  inputTokens: 120,
  inputTokenDetails: { noCacheTokens: 120, cacheReadTokens: undefined, cacheWriteTokens: undefined },
  outputTokens: 30,
  outputTokenDetails: { textTokens: 30, reasoningTokens: undefined },
  totalTokens: 150,
};

/** A reply the SDK could not parse as the requested object, as it reports one. */
const unparsed = (text: string | undefined) =>
  new NoObjectGeneratedError({
    message: 'No object generated: could not parse the response.',
    ...(text === undefined ? {} : { text }),
    response: { id: 'reply', timestamp: new Date(0), modelId: 'chat-small' },
    usage,
    finishReason: 'length',
  });

describe('a model reply, settled and priced', () => {
  it('keeps the result, its text and finish reason, and prices its usage', async () => {
    const result = { text: '{"ok":true}', usage, finishReason: 'stop' as const };
    expect(await settleReply(Promise.resolve(result), price)).toEqual({
      result,
      text: '{"ok":true}',
      finishReason: 'stop',
      inputTokens: 120,
      outputTokens: 30,
      costUsd: 0.00018,
    });
  });

  it('settles a reply the SDK could not parse with its text and what it spent, and no result', async () => {
    expect(await settleReply(Promise.reject(unparsed('{"entities":[{"na')), price)).toEqual({
      result: undefined,
      text: '{"entities":[{"na',
      finishReason: 'length',
      inputTokens: 120,
      outputTokens: 30,
      costUsd: 0.00018,
    });
    expect((await settleReply(Promise.reject(unparsed(undefined)), price)).text).toBe('');
  });

  it('counts no tokens where the provider reported no usage', async () => {
    const result = { text: 'hello', usage: undefined, finishReason: 'stop' as const };
    expect(await settleReply(Promise.resolve(result), price)).toMatchObject({
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
    });
  });

  it('throws any other error', async () => {
    const refused = new Error('connect ECONNREFUSED');
    await expect(settleReply(Promise.reject(refused), price)).rejects.toBe(refused);
  });
});
