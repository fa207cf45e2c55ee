import { stableHash } from '../../domain/hash.ts';
import type { Embedder } from './embedder.ts';
import { normalize } from './embedder.ts';

export const offlineEmbeddingDimensions = 256;
export const offlineEmbeddingModel = `offline:ngram-${offlineEmbeddingDimensions}`;

const stopWords = new Set(
  'a an and are as at be by for from has have in is it its of on or that the this to was were will with which who what where when how'.split(
    ' ',
  ),
);

/**
 * The `offline` embedder: hashed character n-grams and words (the hashing trick), log-scaled and
 * normalised. Deterministic, free and dependency-less; it captures shared words and word pieces,
 * not meaning, so it is labelled offline wherever it shows. A provider embedder replaces it when
 * one is configured.
 */
export function createOfflineEmbedder(dimensions = offlineEmbeddingDimensions): Embedder {
  return {
    model: dimensions === offlineEmbeddingDimensions ? offlineEmbeddingModel : `offline:ngram-${dimensions}`,
    offline: true,
    label: `offline (hashed character n-grams, ${dimensions} dimensions, no model)`,
    embed: async (texts) => texts.map((text) => embedOffline(text, dimensions)),
  };
}

export function embedOffline(text: string, dimensions = offlineEmbeddingDimensions): Float32Array {
  const vector = new Float32Array(dimensions);
  const add = (feature: string, weight: number) => {
    const hash = stableHash(feature);
    // The sign from an independent bit keeps colliding features from only ever adding up.
    const sign = (stableHash(`~${feature}`) & 1) === 0 ? 1 : -1;
    const index = hash % dimensions;
    vector[index] = (vector[index] as number) + sign * weight;
  };
  const words = text
    .toLowerCase()
    .normalize('NFKD')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0 && !stopWords.has(word));
  for (const word of words) {
    add(`w:${word}`, 1);
    const padded = `<${word}>`;
    for (let size = 3; size <= 4; size++) {
      for (let start = 0; start + size <= padded.length; start++) add(`g:${padded.slice(start, start + size)}`, 0.5);
    }
  }
  for (let index = 0; index < dimensions; index++) {
    const value = vector[index] as number;
    vector[index] = Math.sign(value) * Math.log1p(Math.abs(value));
  }
  return normalize(vector);
}
