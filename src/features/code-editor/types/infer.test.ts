import { describe, expect, it } from 'vitest';
import { typeOfSchema, typeOfValue, typeOfValueType } from './infer';
import { printType, propertyName } from './ts-type';

const p = (t: Parameters<typeof printType>[0]) => printType(t).replace(/\s+/g, ' ');

describe('typeOfValueType', () => {
  it('maps module value types', () => {
    expect(p(typeOfValueType('string'))).toBe('string');
    expect(p(typeOfValueType('number'))).toBe('number');
    expect(p(typeOfValueType('list'))).toBe('any[]');
    expect(p(typeOfValueType('dictionary'))).toBe('Record<string, any>');
    expect(p(typeOfValueType('file'))).toBe('any');
  });
});

describe('typeOfValue', () => {
  it('infers nested objects and arrays', () => {
    expect(p(typeOfValue({ ok: true, n: 1, s: 'x', none: null, list: [1, 2], 'a-b': {} }))).toBe(
      '{ ok: boolean; n: number; s: string; none: null; list: number[]; "a-b": {}; }',
    );
  });

  it('merges list items of one shape, with fields some items lack made optional', () => {
    expect(p(typeOfValue([{ id: 1, name: 'a' }, { id: 2 }]))).toBe('{ id: number; name?: string; }[]');
    expect(p(typeOfValue([1, 'a', 2]))).toBe('Array<number | string>');
    expect(p(typeOfValue([]))).toBe('any[]');
  });

  it('caps depth, keys and total size', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 20; i++) deep = { d: deep };
    expect(p(typeOfValue(deep, { depth: 2, keys: 50, arrayItems: 20, nodes: 600 }))).toBe(
      '{ d: { d: any; }; }',
    );

    const wide = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, i]));
    const printed = p(typeOfValue(wide, { depth: 5, keys: 3, arrayItems: 20, nodes: 600 }));
    expect(printed).toBe('{ k0: number; k1: number; k2: number; [key: string]: any; }');

    const huge = Array.from({ length: 10_000 }, (_, i) => ({ i, tags: ['a'], nested: { x: i } }));
    const t0 = performance.now();
    const text = printType(typeOfValue(huge));
    expect(performance.now() - t0).toBeLessThan(200);
    expect(text.length).toBeLessThan(2000);
  });
});

describe('typeOfSchema', () => {
  it('converts the JSON Schema subset modules use', () => {
    const schema = {
      type: 'object',
      required: ['id'],
      properties: {
        id: { type: 'integer', description: 'Row id' },
        status: { enum: ['open', 'closed'] },
        tags: { type: 'array', items: { type: 'string' } },
        extra: { type: ['string', 'null'] },
        meta: { type: 'object', additionalProperties: { type: 'number' } },
      },
    };
    expect(p(typeOfSchema(schema))).toBe(
      '{ /** Row id */ id: number; status?: "open" | "closed"; tags?: string[]; extra?: string | null; meta?: Record<string, number>; }',
    );
  });

  it('is lenient with what it does not understand', () => {
    expect(p(typeOfSchema({ $ref: '#/x' }))).toBe('any');
    expect(p(typeOfSchema('nope'))).toBe('any');
    expect(p(typeOfSchema({ type: 'object' }))).toBe('Record<string, any>');
  });
});

describe('propertyName', () => {
  it('quotes what is not an identifier', () => {
    expect(propertyName('step_a1')).toBe('step_a1');
    expect(propertyName('step_a-1')).toBe('"step_a-1"');
    expect(propertyName('My step')).toBe('"My step"');
  });
});
