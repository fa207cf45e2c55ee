import { describe, expect, it } from 'vitest';
import { DroppedTasks, rememberedDroppedTasks } from '../../workflows/dropped-tasks.ts';

describe('the dropped task ids a company carries across continue-as-new (workflows/dropped-tasks.ts)', () => {
  it('appends the ids dropped now after those remembered, newest last', () => {
    expect(new DroppedTasks(undefined).carry(['t1', 't2'])).toEqual(['t1', 't2']);
    expect(new DroppedTasks(['t1', 't2']).carry(new Set(['t3']))).toEqual(['t1', 't2', 't3']);
    expect(new DroppedTasks(['t1']).carry([])).toEqual(['t1']);
  });

  it('keeps the most recent ones only, past the limit', () => {
    expect(new DroppedTasks(['t1', 't2', 't3']).carry(['t4', 't5'], 3)).toEqual(['t3', 't4', 't5']);
    const carried = new DroppedTasks(Array.from({ length: rememberedDroppedTasks }, (_, index) => `t${index + 1}`));
    const next = carried.carry(['t9999']);
    expect(next).toHaveLength(rememberedDroppedTasks);
    expect(next[0]).toBe('t2');
    expect(next.at(-1)).toBe('t9999');
  });

  it('lists an id dropped again once, as the newest', () => {
    expect(new DroppedTasks(['t1', 'g-a', 't2']).carry(['g-a'])).toEqual(['t1', 't2', 'g-a']);
  });

  it('bounds the carried payload: 2,000 default goal ids (g- and 12 hex digits) in about 34 KB of JSON', () => {
    const ids = Array.from(
      { length: rememberedDroppedTasks },
      (_, index) => `g-${index.toString(16).padStart(12, '0')}`,
    );
    const bytes = Buffer.byteLength(JSON.stringify(new DroppedTasks([]).carry(ids)));
    expect(bytes).toBe(34_001);
  });
});
