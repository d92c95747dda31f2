import { describe, expect, it } from 'vitest';
import { newId, newStepId } from './ids';

describe('ids', () => {
  it('prefixes and does not repeat', () => {
    const ids = new Set(Array.from({ length: 500 }, () => newStepId()));
    expect(ids.size).toBe(500);
    expect(newId('note')).toMatch(/^note_[\w-]{10}$/);
    expect(newStepId()).toMatch(/^step_/);
  });
});
