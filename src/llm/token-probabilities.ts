import type { MetadataExtractor } from '@ai-sdk/openai-compatible';
import { z } from 'zod';

/**
 * One token of a reply with its log probability, and the most likely tokens the model could have put there. (A type,
 * not an interface: provider metadata must be assignable to a JSON object's index signature.)
 */
export type TokenChoice = {
  token: string;
  logprob: number;
  top: { token: string; logprob: number }[];
};

const Alternative = z.object({ token: z.string(), logprob: z.number() });
const ChatLogprobs = z.object({
  choices: z
    .array(
      z.object({
        logprobs: z
          .object({
            content: z.array(Alternative.extend({ top_logprobs: z.array(Alternative).optional() })).nullish(),
          })
          .nullish(),
      }),
    )
    .min(1),
});

/** The provider-metadata key under which {@link tokenLogprobsExtractor} puts a reply's token probabilities. */
export const tokenLogprobsKey = 'tokenLogprobs';

function tokensOf(body: unknown): TokenChoice[] | undefined {
  const parsed = ChatLogprobs.safeParse(body);
  const content = parsed.success ? parsed.data.choices[0]?.logprobs?.content : undefined;
  if (content === undefined || content === null) return undefined;
  return content.map(({ token, logprob, top_logprobs }) => ({ token, logprob, top: top_logprobs ?? [] }));
}

/**
 * The AI SDK's OpenAI-compatible provider sends `logprobs` / `top_logprobs` when asked (its provider options pass
 * through to the request body) but drops them from the reply; this keeps them, under {@link tokenLogprobsKey}. A
 * reply without them (the caller did not ask, or the server does not return them) adds nothing.
 */
export const tokenLogprobsExtractor: MetadataExtractor = {
  extractMetadata: async ({ parsedBody }) => {
    const tokens = tokensOf(parsedBody);
    return tokens === undefined ? undefined : { [tokenLogprobsKey]: { content: tokens } };
  },
  // Token probabilities are asked of whole replies only (a one-token reply is not streamed).
  createStreamExtractor: () => ({ processChunk: () => {}, buildMetadata: () => undefined }),
};

const OpenAILogprobs = z.array(Alternative.extend({ top_logprobs: z.array(Alternative).optional() }));
const CompatibleLogprobs = z.object({
  content: z.array(Alternative.extend({ top: z.array(Alternative) })),
});

/**
 * A reply's token probabilities from the AI SDK's provider metadata: the OpenAI provider's own
 * (`openai.logprobs`), or what {@link tokenLogprobsExtractor} kept (local, Ollama and OpenAI-compatible servers).
 * Undefined when the reply carried none.
 */
export function replyTokens(metadata: Record<string, unknown> | undefined): TokenChoice[] | undefined {
  const compatible = CompatibleLogprobs.safeParse(metadata?.[tokenLogprobsKey]);
  if (compatible.success) return compatible.data.content;
  const openai = OpenAILogprobs.safeParse((metadata?.openai as Record<string, unknown> | undefined)?.logprobs);
  if (openai.success && openai.data.length > 0)
    return openai.data.map(({ token, logprob, top_logprobs }) => ({ token, logprob, top: top_logprobs ?? [] }));
  return undefined;
}

/**
 * The provider options asking for the `top` most likely tokens at each position of the reply, for every provider
 * {@link replyTokens} reads (the OpenAI provider's option; the OpenAI-compatible ones send theirs as body fields).
 */
export function logprobsProviderOptions(top: number) {
  const compatible = { logprobs: true, top_logprobs: top };
  return { openai: { logprobs: top }, local: compatible, ollama: compatible, openaiCompatible: compatible };
}

/**
 * The probability of "yes" against "no" at a reply's first token, normalised over the two: each answer's mass is the
 * sum over the alternatives that spell it (any case, spaces trimmed). Undefined when neither is among them.
 */
export function yesShare(first: TokenChoice | undefined): number | undefined {
  if (first === undefined) return undefined;
  const alternatives = first.top.length > 0 ? first.top : [{ token: first.token, logprob: first.logprob }];
  let yes = 0;
  let no = 0;
  for (const { token, logprob } of alternatives) {
    const word = token.trim().toLowerCase();
    if (word === 'yes') yes += Math.exp(logprob);
    if (word === 'no') no += Math.exp(logprob);
  }
  return yes + no > 0 ? yes / (yes + no) : undefined;
}
