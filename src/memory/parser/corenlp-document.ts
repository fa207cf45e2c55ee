import { z } from 'zod';

/** A token of CoreNLP's JSON output (`index` counts from 1 within its sentence). */
const Token = z.object({
  index: z.number().int(),
  word: z.string(),
  originalText: z.string().optional(),
  lemma: z.string().optional(),
  pos: z.string().optional(),
  ner: z.string().optional(),
  characterOffsetBegin: z.number().int(),
  characterOffsetEnd: z.number().int(),
});

/** A dependency edge; `governor` 0 is the root. */
const Dependency = z.object({ dep: z.string(), governor: z.number().int(), dependent: z.number().int() });

/** A named-entity mention: tokens [tokenBegin, tokenEnd) of its sentence, counted from 0. */
const EntityMention = z.object({
  tokenBegin: z.number().int(),
  tokenEnd: z.number().int(),
  text: z.string(),
  ner: z.string(),
});

/** An OpenIE triple; each span is [begin, end) token positions of its sentence, counted from 0. */
const Triple = z.object({
  subject: z.string(),
  subjectSpan: z.tuple([z.number().int(), z.number().int()]),
  relation: z.string(),
  relationSpan: z.tuple([z.number().int(), z.number().int()]),
  object: z.string(),
  objectSpan: z.tuple([z.number().int(), z.number().int()]),
});

const Sentence = z.object({
  index: z.number().int(),
  tokens: z.array(Token),
  enhancedPlusPlusDependencies: z.array(Dependency).optional(),
  basicDependencies: z.array(Dependency).optional(),
  entitymentions: z.array(EntityMention).optional(),
  openie: z.array(Triple).optional(),
});

/** A coreference mention: sentence `sentNum` (from 1), tokens [startIndex, endIndex) (from 1). */
const CorefMention = z.object({
  text: z.string(),
  type: z.string(),
  sentNum: z.number().int(),
  startIndex: z.number().int(),
  endIndex: z.number().int(),
  isRepresentativeMention: z.boolean(),
});

/** What the CoreNLP server returns for one text with `outputFormat: json` (the parts the extractor reads). */
export const CoreNlpDocument = z.object({
  sentences: z.array(Sentence),
  corefs: z.record(z.string(), z.array(CorefMention)).optional(),
});
export type CoreNlpDocument = z.infer<typeof CoreNlpDocument>;
export type CoreNlpSentence = z.infer<typeof Sentence>;
export type CoreNlpToken = z.infer<typeof Token>;
