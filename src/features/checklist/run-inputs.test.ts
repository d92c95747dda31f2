import { describe, expect, it } from 'vitest';
import { compiledCount } from '../../forms';
import type { RunInputDefinition } from '../../model/flow';
import { fieldsForRunInputs, initialRunInputValues, readRunInputs } from './run-inputs';

const defs: RunInputDefinition[] = [
  { id: 'city', label: 'City', type: 'string', required: true, description: 'Where to look' },
  { id: 'days', label: 'Days', type: 'number', defaultValue: 3 },
  { id: 'metric', label: '', type: 'boolean' },
  { id: 'extra', label: 'Extra', type: 'json', defaultValue: { a: 1 } },
];

describe('fieldsForRunInputs', () => {
  it('makes one field per input, by type, with labels, descriptions, required marks and defaults', () => {
    expect(fieldsForRunInputs(defs)).toEqual([
      {
        key: 'city',
        kind: 'text',
        label: { text: 'City' },
        description: { text: 'Where to look' },
        required: true,
      },
      { key: 'days', kind: 'number', label: { text: 'Days' }, default: 3 },
      { key: 'metric', kind: 'boolean', display: 'switch', label: { text: 'metric' } },
      { key: 'extra', kind: 'code', language: 'json', label: { text: 'Extra' }, default: { a: 1 } },
    ]);
  });

  it('returns the same fields for the same definitions, so the validator compiles once', () => {
    const fields = fieldsForRunInputs(defs);
    expect(fieldsForRunInputs(defs)).toBe(fields);
    readRunInputs(defs, { city: 'x' });
    const n = compiledCount();
    readRunInputs(defs, { city: 'y' });
    readRunInputs(defs, {});
    expect(compiledCount()).toBe(n);
  });
});

describe('initialRunInputValues', () => {
  it('starts from the defaults, JSON as text, switches off', () => {
    expect(initialRunInputValues(defs)).toEqual({ days: 3, metric: false, extra: '{\n  "a": 1\n}' });
  });
});

describe('readRunInputs', () => {
  it('asks for required inputs', () => {
    const r = readRunInputs(defs, { ...initialRunInputValues(defs), city: '' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.city).toMatchObject({ code: 'required' });
  });

  it('rejects text in a number input and JSON that does not parse', () => {
    const r = readRunInputs(
      defs,
      { city: 'Oslo', days: 'soon', extra: '{ nope' },
      (m) => `bad json (${m.length > 0})`,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.days).toMatchObject({ code: 'expectedNumber' });
    expect(r.errors.extra).toBe('bad json (true)');
    expect(r.errors.city).toBeUndefined();
  });

  it('returns typed values: numbers, booleans, parsed JSON; empty optional inputs left out', () => {
    const r = readRunInputs(defs, { city: 'Oslo', days: 5, metric: true, extra: '[1, 2]' });
    expect(r).toEqual({ ok: true, values: { city: 'Oslo', days: 5, metric: true, extra: [1, 2] } });
    expect(readRunInputs(defs, { city: 'Oslo', days: undefined, extra: '' })).toEqual({
      ok: true,
      values: { city: 'Oslo' },
    });
  });
});
