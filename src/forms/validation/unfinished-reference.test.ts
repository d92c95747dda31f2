import { describe, expect, it } from 'vitest';
import { fromJsonSchema } from '../model/fromJsonSchema';
import { difySyntax } from '../../model/references/dify';
import { localSyntax } from '../../model/references/local';
import { namingOf } from '../../model/references/shared';
import { testReferenceContext } from '../test/testSyntax';
import { closerOf, unfinishedReference } from './unfinished-reference';
import { validateParams } from './validateParams';

const naming = namingOf({ steps: {} });

describe('unfinished references', () => {
  it('finds an opening no closer follows, before the next opening', () => {
    expect(unfinishedReference('{{', localSyntax, naming)).toBe('{{');
    expect(unfinishedReference('  {{  ', localSyntax, naming)).toBe('{{');
    expect(unfinishedReference('{{steps.a.body', localSyntax, naming)).toBe('{{steps.a.body');
    expect(unfinishedReference('{{steps.a and {{steps.b.x}}', localSyntax, naming)).toBe('{{steps.a and');
    expect(unfinishedReference('{{steps.b.x}} > {{', localSyntax, naming)).toBe('{{');
    expect(unfinishedReference('{{ }}', localSyntax, naming)).toBe('{{ }}');
  });

  it('leaves finished references, closed braces and plain text alone', () => {
    expect(unfinishedReference('{{steps.b.x}} > 3', localSyntax, naming)).toBeNull();
    expect(unfinishedReference('Hello {{name}}', localSyntax, naming)).toBeNull();
    expect(unfinishedReference('no references', localSyntax, naming)).toBeNull();
    expect(unfinishedReference('{ a: 1 }', localSyntax, naming)).toBeNull();
  });

  it('knows each dialect’s closer', () => {
    expect(closerOf('{{')).toBe('}}');
    expect(closerOf('{{#')).toBe('#}}');
    expect(closerOf('${')).toBe('}');
    expect(unfinishedReference('{{#', difySyntax, naming)).toBe('{{#');
  });

  it('makes a condition of only {{ invalid, in fields that accept references only', () => {
    const fields = fromJsonSchema({
      properties: {
        condition: { type: 'string', 'x-widget': 'code_editor', 'x-language': 'javascript' },
        literal: { type: 'string' },
      },
    });
    const refs = testReferenceContext();
    const errors = validateParams(fields, { condition: '{{' }, { references: refs });
    expect(errors.condition).toMatchObject({ code: 'referenceUnfinished', values: { ref: '{{', close: '}}' } });
    expect(errors.condition?.text).toBe('Unfinished reference “{{”: close it with }}, or pick a value with {x}.');
    const plain = fromJsonSchema({ properties: { literal: { type: 'string' } } }, { allowReferences: false });
    expect(validateParams(plain, { literal: '{{' }, { references: refs })).toEqual({});
    expect(validateParams(fields, { condition: '{{steps.a.ok}} === true' }, { references: refs }).condition?.code).not.toBe('referenceUnfinished');
  });

  it('reads an opening inside a quoted string of program code as text', () => {
    const fields = fromJsonSchema({
      properties: { code: { type: 'string', contentMediaType: 'text/javascript' } },
    });
    expect(fields[0]).toMatchObject({ kind: 'code', language: 'javascript' });
    const refs = testReferenceContext();
    for (const code of ["return '{{' + name + '}}';", 'const t = `Hello {{`;', 'const s = "a \\" {{ b";']) {
      expect(validateParams(fields, { code }, { references: refs }).code?.code).not.toBe('referenceUnfinished');
    }
    expect(validateParams(fields, { code: 'return {{steps.a' }, { references: refs }).code?.code).toBe('referenceUnfinished');
    // Plain text fields keep the check even inside quotes: there the quotes are text too.
    const note = fromJsonSchema({ properties: { note: { type: 'string' } } });
    expect(validateParams(note, { note: '"{{"' }, { references: refs }).note?.code).toBe('referenceUnfinished');
  });
});
