/**
 * A typed or pasted pin is checked against the module's outputs where it declares any: an object whose
 * declared keys have the declared types (or the output's own JSON Schema). Extra keys are allowed: a
 * function step's result, an HTTP body. Validated with @cfworker/json-schema (no `eval`, as the CSP wants).
 */
import { Validator } from '@cfworker/json-schema';
import type { ModuleDefinition, ValueType } from '../../model/modules';

const TYPE_SCHEMA: Record<ValueType, Record<string, unknown>> = {
  string: { type: 'string' },
  number: { type: 'number' },
  boolean: { type: 'boolean' },
  dictionary: { type: 'object' },
  object: { type: 'object' },
  list: { type: 'array' },
  any: {},
  file: {},
};

function outputSchemaOf(module: Pick<ModuleDefinition, 'outputs'> | undefined): Record<string, unknown> | null {
  if (!module || module.outputs.length === 0) return null;
  const properties: Record<string, unknown> = {};
  for (const o of module.outputs) properties[o.id] = o.schema ?? TYPE_SCHEMA[o.type] ?? {};
  return { type: 'object', properties };
}

export type PinParse = { ok: true; value: unknown } | { ok: false; error: 'json'; message: string } | { ok: false; error: 'schema'; problems: string[] };

export function parsePin(text: string, module: Pick<ModuleDefinition, 'outputs'> | undefined): PinParse {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: 'json', message: e instanceof Error ? e.message : String(e) };
  }
  const schema = outputSchemaOf(module);
  if (!schema) return { ok: true, value };
  const result = new Validator(schema as never, '2020-12', false).validate(value);
  if (result.valid) return { ok: true, value };
  // The innermost messages name the key; the outer ones only say "properties did not match".
  const problems = result.errors.filter((e) => e.keyword !== 'properties').map((e) => `${e.instanceLocation}: ${e.error}`);
  return { ok: false, error: 'schema', problems: problems.length > 0 ? problems : result.errors.map((e) => e.error) };
}
