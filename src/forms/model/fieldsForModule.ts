import type { InputSchemaSource, ModuleDefinition } from '../../model/modules';
import { fromDifyUserInputForm } from './fromDifyUserInputForm';
import { fromJsonSchema } from './fromJsonSchema';
import { fromLangflowTemplate } from './fromLangflowTemplate';
import { fromVflowInputSchema } from './fromVflowInputSchema';
import { fromVflowInputs } from './fromVflowInputs';
import { isRecord, strings, unsupported } from './read';
import type { FieldSpec } from './types';

/**
 * Memoized by the schema object: the same module always yields the same `FieldSpec[]` instance, so the
 * validator cache (keyed by fields identity) compiles each module's schema once.
 */
const cache = new WeakMap<InputSchemaSource, FieldSpec[]>();

export function fieldsForSchema(schema: InputSchemaSource): FieldSpec[] {
  const hit = cache.get(schema);
  if (hit) return hit;
  let fields: FieldSpec[];
  try {
    fields = convert(schema);
  } catch (err) {
    // Converters are written not to throw; this is the last net so one odd module never blanks the inspector.
    fields = [unsupported('schema', `converter-error:${err instanceof Error ? err.message : String(err)}`, schema)];
  }
  if (isRecord(schema)) cache.set(schema, fields);
  return fields;
}

function convert(schema: InputSchemaSource): FieldSpec[] {
  switch (schema.source) {
    case 'vflow-inputs':
      return fromVflowInputs(schema.inputs);
    case 'vflow-input-schema':
      return fromVflowInputSchema(schema.schema);
    case 'json-schema':
      return fromJsonSchema(schema.schema);
    case 'dify-user-input-form':
      return fromDifyUserInputForm(schema.form);
    case 'langflow-template': {
      const order = (schema as { fieldOrder?: unknown }).fieldOrder;
      return fromLangflowTemplate(schema.template, { fieldOrder: strings(order) });
    }
    default: {
      const unknownSource: unknown = (schema as { source?: unknown }).source;
      return [unsupported('schema', `unknown-source:${String(unknownSource)}`, schema)];
    }
  }
}

/** The form fields of a module, whatever schema dialect its backend describes inputs in. */
export function fieldsForModule(module: ModuleDefinition): FieldSpec[] {
  if (!isRecord(module.inputSchema)) return [unsupported('schema', 'missing-input-schema', module.inputSchema)];
  return fieldsForSchema(module.inputSchema);
}

/** Initial params for a new step: each field's default, recursively for objects. */
export function defaultValues(fields: FieldSpec[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.default !== undefined) out[f.key] = structuredClone(f.default);
    else if (f.kind === 'object') {
      const nested = defaultValues(f.fields);
      if (Object.keys(nested).length > 0) out[f.key] = nested;
    }
  }
  return out;
}
