/**
 * Step params against the module's fields, through @cfworker/json-schema. One validator per module: made the
 * first time a module is checked and reused while its `FieldSpec[]` instance is the same (fieldsForModule
 * memoizes it).
 *
 * Why not ajv: ajv compiles each schema to JavaScript with `new Function`, which a strict Content-Security-
 * Policy (`script-src 'self'`, no 'unsafe-eval') forbids. cfworker's validator interprets the schema.
 *
 * Three things JSON Schema alone gets wrong for a settings form, handled here:
 * - an emptied input holds `''`, `[]` or `{}`, which must count as missing, not as a present value;
 * - a value holding a reference (`{{step-1.body}}`) is resolved at run time, so number/pattern/format/type
 *   checks do not apply to it;
 * - a reference to a deleted step (or one that does not run earlier) is an error JSON Schema cannot see, and
 *   so is a reference begun and never finished (`{{` alone) in a field that accepts references.
 */
import { Validator, type OutputUnit } from '@cfworker/json-schema';
import type { FieldSpec } from '../model/types';
import type { ReferenceContext } from '../references/types';
import { message, type FieldMessage } from './messages';
import { objectSchema } from './toJsonSchema';
import { closerOf, unfinishedReference } from './unfinished-reference';

export type FieldErrors = Record<string, FieldMessage>;

/** `candidates` is optional: without it a reference is only checked for pointing at an existing step. */
export type ReferenceCheck = Pick<ReferenceContext, 'syntax' | 'naming'> & Partial<Pick<ReferenceContext, 'candidates'>>;

export interface ValidateOptions {
  references?: ReferenceCheck;
  /** Cache key for the compiled validator; without it the cache is keyed by the fields array alone. */
  moduleId?: string;
}

/** The error shape the mapping below reads (ajv's, which this file was first written against). */
interface ErrorObject {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

export interface ValidateFunction {
  (data: unknown): boolean;
  errors: ErrorObject[] | null;
}

function schemaAt(schema: unknown, pointer: string): unknown {
  let v = schema;
  for (const raw of pointer.replace(/^#\/?/, '').split('/')) {
    if (raw === '') continue;
    const seg = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    v = v && typeof v === 'object' ? (v as Record<string, unknown>)[seg] : undefined;
  }
  return v;
}

/** cfworker's output unit as `{ keyword, instancePath, params }`; `params` read back from the schema. */
function toErrorObject(schema: unknown, unit: OutputUnit): ErrorObject {
  const instancePath = unit.instanceLocation.replace(/^#/, '');
  const value = schemaAt(schema, unit.keywordLocation);
  const params: Record<string, unknown> = {};
  switch (unit.keyword) {
    case 'required': {
      const m = /required property "(.*)"/.exec(unit.error);
      params.missingProperty = m ? JSON.parse(`"${m[1]}"`) : '';
      break;
    }
    case 'type':
      params.type = Array.isArray(value) ? value.join(',') : value;
      break;
    case 'pattern':
      params.pattern = value;
      break;
    case 'format':
      params.format = value;
      break;
    default:
      if (typeof value === 'number') params.limit = value;
  }
  return { keyword: unit.keyword, instancePath, params };
}

function makeValidator(schema: Record<string, unknown>): ValidateFunction {
  const validator = new Validator(schema as never, '2020-12', false);
  const validate = ((data: unknown) => {
    const result = validator.validate(data);
    validate.errors = result.valid ? null : result.errors.map((u) => toErrorObject(schema, u));
    return result.valid;
  }) as ValidateFunction;
  validate.errors = null;
  return validate;
}

/** Every `pattern` in the fields compiles as the validator will compile it (`u` flag). */
function patternsCompile(fields: FieldSpec[]): boolean {
  for (const f of fields) {
    try {
      if (f.kind === 'text' && f.pattern !== undefined) new RegExp(f.pattern, 'u');
    } catch {
      return false;
    }
    if (f.kind === 'object' && !patternsCompile(f.fields)) return false;
    if (f.kind === 'list' && !patternsCompile([f.item])) return false;
  }
  return true;
}

const byFields = new WeakMap<FieldSpec[], ValidateFunction>();
const byModule = new Map<string, { fields: FieldSpec[]; validate: ValidateFunction }>();

let compiled = 0;

/** How many validators have been compiled since start (lets tests prove the cache works). */
export function compiledCount(): number {
  return compiled;
}

function compile(fields: FieldSpec[]): ValidateFunction {
  compiled++;
  // A pattern that is not a valid JS regex must not take the whole form down: validate without patterns.
  return makeValidator(objectSchema(patternsCompile(fields) ? fields : stripPatterns(fields)));
}

function stripPatterns(fields: FieldSpec[]): FieldSpec[] {
  return fields.map((f) => {
    if (f.kind === 'text') return { ...f, pattern: undefined };
    if (f.kind === 'object') return { ...f, fields: stripPatterns(f.fields) };
    if (f.kind === 'list') return { ...f, item: stripPatterns([f.item])[0] ?? f.item };
    return f;
  });
}

export function validatorFor(fields: FieldSpec[], moduleId?: string): ValidateFunction {
  if (moduleId !== undefined) {
    const hit = byModule.get(moduleId);
    if (hit && hit.fields === fields) return hit.validate;
    const validate = byFields.get(fields) ?? compile(fields);
    byFields.set(fields, validate);
    byModule.set(moduleId, { fields, validate });
    return validate;
  }
  let validate = byFields.get(fields);
  if (!validate) {
    validate = compile(fields);
    byFields.set(fields, validate);
  }
  return validate;
}

// ---------------------------------------------------------------------------------------------------------

const EMPTY = Symbol('empty');

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Remove values the user has emptied, so `required` sees them as missing and optional ones are not checked. */
function prune(field: FieldSpec, value: unknown): unknown {
  if (value === undefined || value === null || value === '') return EMPTY;
  switch (field.kind) {
    case 'list':
    case 'select':
    case 'file':
      return Array.isArray(value) && value.length === 0 ? EMPTY : value;
    case 'key-value':
      return isRecord(value) && Object.keys(value).length === 0 ? EMPTY : value;
    case 'object': {
      if (!isRecord(value)) return value;
      const pruned = pruneObject(field.fields, value);
      return Object.keys(pruned).length === 0 && !field.required ? EMPTY : pruned;
    }
    default:
      return value;
  }
}

function pruneObject(fields: FieldSpec[], values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...values };
  for (const f of fields) {
    if (!(f.key in out)) continue;
    const v = prune(f, out[f.key]);
    if (v === EMPTY) delete out[f.key];
    else out[f.key] = v;
  }
  return out;
}

/** Field path (`a.0.b`) from instance path segments, cut at the deepest field the form renders. */
function fieldPath(fields: FieldSpec[], segments: string[]): string {
  const out: string[] = [];
  let scope: FieldSpec[] | undefined = fields;
  let current: FieldSpec | undefined;
  for (const seg of segments) {
    if (current?.kind === 'list') {
      out.push(seg);
      current = current.item;
      scope = current.kind === 'object' ? current.fields : undefined;
      continue;
    }
    const next: FieldSpec | undefined = scope?.find((f) => f.key === seg);
    if (!next) break;
    out.push(seg);
    current = next;
    scope = next.kind === 'object' ? next.fields : undefined;
  }
  return out.join('.');
}

function fieldAt(fields: FieldSpec[], path: string): FieldSpec | undefined {
  let scope: FieldSpec[] | undefined = fields;
  let current: FieldSpec | undefined;
  for (const seg of path.split('.')) {
    if (current?.kind === 'list') {
      current = current.item;
    } else {
      current = scope?.find((f) => f.key === seg);
    }
    if (!current) return undefined;
    scope = current.kind === 'object' ? current.fields : undefined;
  }
  return current;
}

function segmentsOf(instancePath: string): string[] {
  return instancePath === '' ? [] : instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function valueAt(root: unknown, segments: string[]): unknown {
  let v = root;
  for (const s of segments) v = isRecord(v) || Array.isArray(v) ? (v as Record<string, unknown>)[s] : undefined;
  return v;
}

const PROPAGATING: ReadonlySet<string> = new Set(['anyOf', 'oneOf', 'allOf', 'if', 'then', 'else', 'not', 'properties', 'items', 'prefixItems', 'additionalProperties', 'patternProperties', '$ref', 'contains', 'dependentSchemas', 'propertyNames', 'unevaluatedProperties', 'unevaluatedItems']);

const TYPE_CODES = {
  string: 'expectedString',
  number: 'expectedNumber',
  integer: 'expectedInteger',
  boolean: 'expectedBoolean',
  object: 'expectedObject',
  array: 'expectedArray',
} as const;

function toMessage(err: ErrorObject, field: FieldSpec | undefined): FieldMessage {
  const p = err.params as Record<string, unknown>;
  const limit = typeof p.limit === 'number' ? p.limit : 0;
  switch (err.keyword) {
    case 'required':
      return message('required');
    case 'type': {
      const t = String(p.type).split(',')[0] as keyof typeof TYPE_CODES;
      return message(TYPE_CODES[t] ?? 'invalid');
    }
    case 'minLength':
    case 'maxLength':
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'minItems':
    case 'maxItems':
      return message(err.keyword, { limit });
    case 'pattern':
      // A regex means nothing to most people: say what is expected. Patterns asking for a web address are
      // common enough (every HTTP module) to get their own sentence.
      return message(/https\?/.test(String(p.pattern)) ? 'patternUrl' : 'pattern', {}, field?.kind === 'text' ? field.patternMessage : undefined);
    case 'format':
      return message('format', { format: String(p.format) });
    case 'enum':
      return message('enum');
    case 'uniqueItems':
      return message('uniqueItems');
    default:
      return message('invalid');
  }
}

function containsReference(value: unknown, refs: ReferenceCheck | undefined): boolean {
  if (!refs || typeof value !== 'string') return false;
  return refs.syntax.find(value, refs.naming).length > 0;
}

/** Every string in the values, with its instance path segments. */
function* strings(value: unknown, path: string[] = []): Generator<[string, string[]]> {
  if (typeof value === 'string') yield [value, path];
  else if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* strings(value[i], [...path, String(i)]);
  else if (isRecord(value)) for (const [k, v] of Object.entries(value)) yield* strings(v, [...path, k]);
}

function acceptsReferences(field: FieldSpec): boolean {
  return 'allowReferences' in field && field.allowReferences === true;
}

/** Program code, where `{{` inside a quoted string is ordinary text, not half a reference. */
const PROGRAM_LANGUAGES = new Set(['javascript', 'typescript', 'python', 'java', 'go', 'shell', 'sql']);

function isProgram(field: FieldSpec): boolean {
  return field.kind === 'code' && PROGRAM_LANGUAGES.has(field.language.toLowerCase());
}

function referenceErrors(fields: FieldSpec[], values: Record<string, unknown>, refs: ReferenceCheck, out: FieldErrors): void {
  const visible = fields.filter((f) => !f.hidden);
  for (const f of visible) {
    for (const [text, segs] of strings(values[f.key], [f.key])) {
      const field = fieldAt(fields, fieldPath(fields, segs)) ?? f;
      const unfinished = acceptsReferences(field)
        ? unfinishedReference(text, refs.syntax, refs.naming, { program: isProgram(field) })
        : null;
      if (unfinished !== null) {
        const path = fieldPath(fields, segs);
        if (!out[path]) out[path] = message('referenceUnfinished', { ref: unfinished, close: closerOf(refs.syntax.trigger) });
        continue;
      }
      for (const ref of refs.syntax.find(text, refs.naming)) {
        if (ref.target.kind !== 'step') continue;
        const path = fieldPath(fields, segs);
        if (out[path]) continue;
        const stepId = ref.target.stepId;
        if (refs.naming.titleOf(stepId) === undefined) {
          out[path] = message('referenceMissing', { ref: ref.raw });
        } else if (refs.candidates && !refs.candidates.some((c) => c.kind === 'step' && c.stepId === stepId)) {
          out[path] = message('referenceUnavailable', { ref: ref.raw });
        }
      }
    }
  }
}

/**
 * Errors by field path (`url`, `target.host`, `items.2.name`): the first problem of each field. Empty when
 * the params are valid.
 */
export function validateParams(fields: FieldSpec[], values: Record<string, unknown>, options: ValidateOptions = {}): FieldErrors {
  const validate = validatorFor(fields, options.moduleId);
  const data = pruneObject(fields, isRecord(values) ? values : {});
  const errors: FieldErrors = {};
  if (!validate(data)) {
    for (const err of validate.errors ?? []) {
      const segs = segmentsOf(err.instancePath);
      if (err.keyword === 'required') segs.push(String((err.params as { missingProperty?: unknown }).missingProperty));
      else if (containsReference(valueAt(data, segs), options.references)) continue;
      // Keywords that only say "something below failed": the failing child has its own error.
      if (PROPAGATING.has(err.keyword)) continue;
      const path = fieldPath(fields, segs);
      if (path === '' || errors[path]) continue;
      errors[path] = toMessage(err, fieldAt(fields, path));
    }
  }
  if (options.references) referenceErrors(fields, data, options.references, errors);
  return errors;
}

export { fieldAt };
