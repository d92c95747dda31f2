import { describe, expect, it } from 'vitest';
import nodeType from './fixtures/automaticworker-node-type.json';
import { fromJsonSchema } from './fromJsonSchema';

describe('fromJsonSchema (seed 002, AutoMaticWorker node type input_schema)', () => {
  const fields = fromJsonSchema(nodeType.input_schema);

  it('maps the documented http_request schema', () => {
    expect(fields).toEqual([
      {
        kind: 'text',
        key: 'url',
        label: { text: 'Url' },
        description: { text: '请求URL' },
        required: true,
        format: 'uri',
        allowReferences: true,
      },
      {
        kind: 'select',
        key: 'method',
        label: { text: 'Method' },
        default: 'GET',
        options: ['GET', 'POST', 'PUT', 'DELETE'].map((v) => ({ value: v, label: { text: v } })),
      },
      { kind: 'json', key: 'headers', label: { text: 'Headers' } },
      { kind: 'json', key: 'body', label: { text: 'Body' } },
    ]);
  });
});

describe('fromJsonSchema', () => {
  it('covers types, formats, constraints, nested objects and arrays', () => {
    const fields = fromJsonSchema({
      type: 'object',
      required: ['retries', 'target'],
      properties: {
        email: { type: 'string', format: 'email', title: 'Email' },
        when: { type: 'string', format: 'date' },
        retries: { type: 'integer', minimum: 0, maximum: 10, default: 3 },
        ratio: { type: 'number', exclusiveMinimum: 0, multipleOf: 0.5 },
        enabled: { type: 'boolean', default: true },
        tags: { type: 'array', items: { type: 'string', enum: ['a', 'b'] } },
        env: { type: 'object', additionalProperties: { type: 'string' } },
        target: {
          type: 'object',
          required: ['host'],
          properties: { host: { type: 'string', minLength: 1 }, port: { type: 'integer' } },
        },
        steps: { type: 'array', minItems: 1, items: { type: 'object', properties: { name: { type: 'string' } } } },
        maybe: { anyOf: [{ type: 'string', maxLength: 5 }, { type: 'null' }] },
        level: { oneOf: [{ const: 1, title: 'Low' }, { const: 2, title: 'High' }] },
        script: { type: 'string', contentMediaType: 'text/javascript' },
      },
    });
    const byKey = Object.fromEntries(fields.map((f) => [f.key, f]));
    expect(byKey.email).toMatchObject({ kind: 'text', format: 'email', label: { text: 'Email' } });
    expect(byKey.when).toMatchObject({ kind: 'text', format: 'date' });
    expect(byKey.retries).toMatchObject({ kind: 'number', integer: true, min: 0, max: 10, default: 3, required: true });
    expect(byKey.ratio).toMatchObject({ kind: 'number', min: 0.5, step: 0.5 });
    expect(byKey.enabled).toMatchObject({ kind: 'boolean', default: true });
    expect(byKey.tags).toMatchObject({ kind: 'select', multiple: true });
    expect(byKey.env).toMatchObject({ kind: 'key-value' });
    expect(byKey.target).toMatchObject({
      kind: 'object',
      required: true,
      fields: [
        { kind: 'text', key: 'host', required: true, minLength: 1 },
        { kind: 'number', key: 'port', integer: true },
      ],
    });
    expect(byKey.steps).toMatchObject({ kind: 'list', minItems: 1, item: { kind: 'object', fields: [{ key: 'name' }] } });
    expect(byKey.maybe).toMatchObject({ kind: 'text', maxLength: 5 });
    expect(byKey.level).toMatchObject({
      kind: 'select',
      options: [
        { value: 1, label: { text: 'Low' } },
        { value: 2, label: { text: 'High' } },
      ],
    });
    expect(byKey.script).toMatchObject({ kind: 'code', language: 'javascript' });
  });

  it('resolves local $refs and guards recursion', () => {
    const fields = fromJsonSchema({
      $defs: { Node: { type: 'object', properties: { name: { type: 'string' }, child: { $ref: '#/$defs/Node' } } } },
      type: 'object',
      properties: { root: { $ref: '#/$defs/Node', title: 'Root' }, bad: { $ref: 'http://elsewhere/x' } },
    });
    expect(fields[0]).toMatchObject({ kind: 'object', label: { text: 'Root' } });
    expect(fields[1]).toMatchObject({ kind: 'unsupported', reason: 'unresolved-ref:http://elsewhere/x' });
    // The recursive definition bottoms out in an unsupported field instead of overflowing the stack.
    let node = fields[0];
    let depth = 0;
    while (node && node.kind === 'object') {
      node = node.fields.find((f) => f.key === 'child');
      depth++;
    }
    expect(node).toMatchObject({ kind: 'unsupported', reason: 'too-deep' });
    expect(depth).toBeGreaterThan(5);
  });

  it('gives unsupported fields for unions and malformed input, never throws', () => {
    expect(fromJsonSchema({ properties: { u: { oneOf: [{ type: 'string' }, { type: 'object' }] } } })[0]).toMatchObject({
      kind: 'unsupported',
      reason: 'union',
    });
    expect(fromJsonSchema({ properties: { x: 42 } })[0]).toMatchObject({ kind: 'unsupported', reason: 'malformed' });
    expect(fromJsonSchema('nope')[0]).toMatchObject({ kind: 'unsupported' });
    expect(fromJsonSchema({ type: 'string' })[0]).toMatchObject({ kind: 'unsupported', reason: 'root-not-object:string' });
    expect(fromJsonSchema({ type: 'object' })).toEqual([]);
  });
});
