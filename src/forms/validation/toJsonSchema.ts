/**
 * FieldSpec[] -> one JSON Schema object for the validator. Hidden and unsupported fields are left unconstrained: the
 * user cannot fix what the form does not show.
 */
import type { FieldSpec, FileField } from '../model/types';

export type JsonSchemaObject = Record<string, unknown>;

function fileItemSchema(f: FileField): JsonSchemaObject {
  if (f.valueFormat === 'path') return { type: 'string' };
  return {
    type: 'object',
    required: ['transfer_method'],
    properties: {
      transfer_method: { enum: f.transferMethods },
      url: { type: 'string' },
      upload_file_id: { type: 'string' },
    },
  };
}

export function fieldSchema(f: FieldSpec): JsonSchemaObject {
  switch (f.kind) {
    case 'text':
      // String keywords (minLength, pattern) only constrain strings: a value of any type passes them.
      return defined({
        type: f.anyValue ? undefined : 'string',
        minLength: f.minLength,
        maxLength: f.maxLength,
        pattern: f.pattern,
        format: f.format,
      });
    case 'number':
      return defined({ type: f.integer ? 'integer' : 'number', minimum: f.min, maximum: f.max });
    case 'boolean':
      return { type: 'boolean' };
    case 'select': {
      const values = f.options.map((o) => o.value);
      return f.multiple ? { type: 'array', items: { enum: values }, uniqueItems: true } : { enum: values };
    }
    case 'key-value':
      return { type: 'object' };
    case 'code':
      return { type: 'string' };
    case 'file':
      return f.multiple ? defined({ type: 'array', items: fileItemSchema(f), maxItems: f.numberLimit }) : fileItemSchema(f);
    case 'object':
      return objectSchema(f.fields);
    case 'list':
      return defined({ type: 'array', items: fieldSchema(f.item), minItems: f.minItems, maxItems: f.maxItems });
    case 'json':
    case 'unsupported':
      return {};
  }
}

export function objectSchema(fields: FieldSpec[]): JsonSchemaObject {
  const properties: Record<string, JsonSchemaObject> = {};
  const required: string[] = [];
  for (const f of fields) {
    if (f.hidden || f.kind === 'unsupported') continue;
    properties[f.key] = fieldSchema(f);
    if (f.required) required.push(f.key);
  }
  return required.length > 0 ? { type: 'object', properties, required } : { type: 'object', properties };
}

function defined(o: JsonSchemaObject): JsonSchemaObject {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
