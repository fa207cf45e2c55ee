import { seededRandom } from '../../domain/seeded-random.ts';

/** Bits in a sketch; the `memories.sketch` column is bit(256). */
export const sketchBits = 256;

const planesByDimension = new Map<number, Float32Array[]>();

function hyperplanes(dimensions: number): Float32Array[] {
  let planes = planesByDimension.get(dimensions);
  if (planes) return planes;
  const random = seededRandom(0x5eed + dimensions);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  planes = Array.from({ length: sketchBits }, () => Float32Array.from({ length: dimensions }, gaussian));
  planesByDimension.set(dimensions, planes);
  return planes;
}

/**
 * SimHash: one bit per random hyperplane, set when the vector lies on its positive side. The Hamming
 * distance of two sketches estimates the angle between their vectors (P[bit differs] = angle / π),
 * which is what lets plain PostgreSQL shortlist neighbours with `bit_count(a # b)`.
 */
export function sketchOf(vector: Float32Array): string {
  let bits = '';
  for (const plane of hyperplanes(vector.length)) {
    let dot = 0;
    for (let index = 0; index < vector.length; index++) dot += (plane[index] as number) * (vector[index] as number);
    bits += dot >= 0 ? '1' : '0';
  }
  return bits;
}
