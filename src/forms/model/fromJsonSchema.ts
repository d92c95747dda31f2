/**
 * JSON Schema (AutoMaticWorker `input_schema`, and any backend that speaks it) to fields. Covers the subset a
 * settings form needs: types, enum/const, formats, string/number constraints, required, defaults, nested
 * objects and arrays, local `$ref`s, nullable `anyOf`. Anything else becomes a visible unsupported field.
 */
import { bool, compact, humanize, isRecord, localized, num, str, text, unsupported, type Rec } from './read';
import type { FieldSpec, LocalizedText, OptionValue, SelectOption, TextFormat } from './types';

export interface JsonSchemaConvertOptions {
  /** Whether string fields accept references; a property's `x-allow-references` overrides it. Default true. */
  allowReferences?: boolean;
}

const FORMATS: Record<string, TextFormat> = {
  uri: 'uri',
  url: 'uri',
  iri: 'uri',
  'uri-reference': 'uri-reference',
  email: 'email',
  'idn-email': 'email',
  date: 'date',
  'date-time': 'date-time',
  datetime: 'date-time',
  time: 'time',
  uuid: 'uuid',
  hostname: 'hostname',
  ipv4: 'ipv4',
  ipv6: 'ipv6',
  regex: 'regex',
};

const CODE_MEDIA: Record<string, string> = {
  'application/json': 'json',
  'text/javascript': 'javascript',
  'application/javascript': 'javascript',
  'text/x-python': 'python',
  'text/html': 'html',
  'text/css': 'css',
  'application/sql': 'sql',
  'text/x-sql': 'sql',
  'application/x-yaml': 'yaml',
  'text/yaml': 'yaml',
  'text/markdown': 'markdown',
};

const MAX_DEPTH = 12;

interface Ctx {
  root: Rec;
  refs: boolean;
  depth: number;
}

function isPrimitive(v: unknown): v is OptionValue {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

function resolveRef(schema: Rec, ctx: Ctx): Rec | undefined {
  const ref = str(schema.$ref);
  if (ref === undefined) return schema;
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = ctx.root;
  for (const part of ref.slice(2).split('/')) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    node = isRecord(node) ? node[key] : undefined;
  }
  if (!isRecord(node)) return undefined;
  // Sibling keywords next to $ref (title, description, default) describe this use of the definition.
  const { $ref: _ref, ...siblings } = schema;
  return { ...node, ...siblings };
}

/** Options from `enum`, or from `oneOf`/`anyOf` of `{const, title}` (the labelled-enum idiom). */
function enumOptions(schema: Rec): SelectOption[] | undefined {
  if (Array.isArray(schema.enum)) {
    const values = schema.enum.filter(isPrimitive);
    if (values.length === 0) return undefined;
    const names = Array.isArray(schema['x-enum-names']) ? schema['x-enum-names'] : Array.isArray(schema.enumNames) ? schema.enumNames : [];
    return values.map((value, i) => ({ value, label: localized(names[i]) ?? { text: String(value) } }));
  }
  const alts = Array.isArray(schema.oneOf) ? schema.oneOf : Array.isArray(schema.anyOf) ? schema.anyOf : undefined;
  if (alts && alts.length > 0 && alts.every((a) => isRecord(a) && isPrimitive(a.const))) {
    return (alts as Rec[]).map((a) => ({ value: a.const as OptionValue, label: localized(a.title) ?? { text: String(a.const) } }));
  }
  return undefined;
}

/** `anyOf: [X, {type: 'null'}]` (what many generators emit for optional values) is just X. */
function unwrapNullable(schema: Rec): Rec {
  for (const k of ['anyOf', 'oneOf'] as const) {
    const alts = schema[k];
    if (!Array.isArray(alts)) continue;
    const nonNull = alts.filter((a) => !(isRecord(a) && a.type === 'null'));
    if (nonNull.length === 1 && nonNull.length < alts.length && isRecord(nonNull[0])) {
      const { [k]: _alts, ...rest } = schema;
      return { ...nonNull[0], ...rest };
    }
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length === 1 && isRecord(schema.allOf[0])) {
    const { allOf: _all, ...rest } = schema;
    return { ...schema.allOf[0], ...rest };
  }
  return schema;
}

function mainType(schema: Rec): string | undefined {
  const t = schema.type;
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) {
    const types = t.filter((x): x is string => typeof x === 'string' && x !== 'null');
    if (types.length === 1) return types[0];
    if (types.includes('string')) return 'string';
    return types.length === 0 ? undefined : 'any';
  }
  if (isRecord(schema.properties)) return 'object';
  if (schema.items !== undefined) return 'array';
  return undefined;
}

export function fromJsonSchemaProperty(key: string, raw: unknown, required: boolean, ctx: Ctx): FieldSpec {
  if (ctx.depth > MAX_DEPTH) return unsupported(key, 'too-deep', raw);
  if (raw === true || (isRecord(raw) && Object.keys(raw).length === 0)) {
    return compact({ kind: 'json' as const, key, label: { text: humanize(key) }, required: required || undefined });
  }
  if (!isRecord(raw)) return unsupported(key, 'malformed', raw);
  const resolved = resolveRef(raw, ctx);
  if (!resolved) return unsupported(key, `unresolved-ref:${String(raw.$ref)}`, raw);
  const schema = unwrapNullable(resolved);
  const label: LocalizedText = localized(schema.title, schema['x-title-en']) ?? { text: humanize(key) };
  const b = {
    key,
    label,
    description: localized(schema.description, schema['x-description-en']),
    required: required || undefined,
    default: schema.default,
    advanced: bool(schema['x-advanced']),
    hidden: bool(schema['x-hidden']),
  };
  const refs = bool(schema['x-allow-references']) ?? ctx.refs;
  const child: Ctx = { ...ctx, depth: ctx.depth + 1 };

  const options = enumOptions(schema);
  const type = mainType(schema);
  if (options) {
    if (schema.const !== undefined) return compact({ kind: 'select' as const, ...b, options, default: schema.const });
    return compact({ kind: 'select' as const, ...b, options });
  }
  if (isPrimitive(schema.const)) {
    return compact({ kind: 'select' as const, ...b, options: [{ value: schema.const, label: { text: String(schema.const) } }], default: schema.const });
  }
  if ((Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf)) && type === undefined) {
    return unsupported(key, 'union', raw, label);
  }

  switch (type) {
    case 'string': {
      const media = str(schema.contentMediaType);
      const language = media ? CODE_MEDIA[media] : undefined;
      if (language) return compact({ kind: 'code' as const, ...b, language, allowReferences: refs });
      const fmt = str(schema.format);
      return compact({
        kind: 'text' as const,
        ...b,
        format: fmt ? FORMATS[fmt] : undefined,
        multiline: fmt === 'textarea' || fmt === 'multiline' || schema['x-multiline'] === true || undefined,
        secret: fmt === 'password' || schema.writeOnly === true || undefined,
        pattern: text(schema.pattern),
        minLength: num(schema.minLength),
        maxLength: num(schema.maxLength),
        placeholder: localized(schema['x-placeholder'] ?? (Array.isArray(schema.examples) ? schema.examples[0] : undefined)),
        allowReferences: refs,
      });
    }
    case 'number':
    case 'integer': {
      const exMin = num(schema.exclusiveMinimum);
      const exMax = num(schema.exclusiveMaximum);
      const step = num(schema.multipleOf) ?? (type === 'integer' ? 1 : undefined);
      const min = num(schema.minimum) ?? (exMin !== undefined && step !== undefined ? exMin + step : undefined);
      const max = num(schema.maximum) ?? (exMax !== undefined && step !== undefined ? exMax - step : undefined);
      return compact({
        kind: 'number' as const,
        ...b,
        integer: type === 'integer' || undefined,
        min,
        max,
        step,
        slider: schema['x-slider'] === true && min !== undefined && max !== undefined ? true : undefined,
        allowReferences: bool(schema['x-allow-references']),
      });
    }
    case 'boolean':
      return compact({ kind: 'boolean' as const, ...b, display: 'switch' as const });
    case 'object': {
      if (isRecord(schema.properties)) {
        return compact({ kind: 'object' as const, ...b, fields: propertiesToFields(schema, child) });
      }
      const ap = isRecord(schema.additionalProperties) ? resolveRef(schema.additionalProperties, ctx) : undefined;
      const apType = ap ? mainType(ap) : undefined;
      if (apType === 'string' || apType === 'number' || apType === 'integer' || apType === 'boolean') {
        return compact({ kind: 'key-value' as const, ...b, allowReferences: refs });
      }
      return compact({ kind: 'json' as const, ...b });
    }
    case 'array': {
      const items = isRecord(schema.items) ? resolveRef(schema.items, ctx) : undefined;
      if (!items) {
        return Array.isArray(schema.items) ? unsupported(key, 'tuple-array', raw, label) : compact({ kind: 'json' as const, ...b });
      }
      const itemOptions = enumOptions(unwrapNullable(items));
      if (itemOptions) return compact({ kind: 'select' as const, ...b, options: itemOptions, multiple: true });
      return compact({
        kind: 'list' as const,
        ...b,
        item: fromJsonSchemaProperty('item', items, false, child),
        minItems: num(schema.minItems),
        maxItems: num(schema.maxItems),
      });
    }
    case 'any':
    case undefined:
      return compact({ kind: 'json' as const, ...b });
    default:
      return unsupported(key, `unknown-type:${type}`, raw, label);
  }
}

function propertiesToFields(schema: Rec, ctx: Ctx): FieldSpec[] {
  const props = isRecord(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : []);
  const order = Array.isArray(schema['x-order']) ? schema['x-order'].filter((k): k is string => typeof k === 'string' && k in props) : [];
  const keys = [...order, ...Object.keys(props).filter((k) => !order.includes(k))];
  return keys.map((k) => fromJsonSchemaProperty(k, props[k], required.has(k), ctx));
}

export function fromJsonSchema(schema: unknown, options: JsonSchemaConvertOptions = {}): FieldSpec[] {
  if (!isRecord(schema)) return [unsupported('schema', 'malformed', schema)];
  const ctx: Ctx = { root: schema, refs: options.allowReferences ?? true, depth: 0 };
  const root = unwrapNullable(resolveRef(schema, ctx) ?? {});
  if (isRecord(root.properties)) return propertiesToFields(root, ctx);
  const type = mainType(root);
  if (type === 'object' || (type === undefined && Object.keys(root).every((k) => k.startsWith('$') || k === 'title' || k === 'description'))) {
    return [];
  }
  return [unsupported('schema', `root-not-object:${type ?? '?'}`, schema)];
}
