/**
 * A flow's run inputs (`RunInputDefinition[]`) as form fields, so the run-inputs dialog is one more
 * `<SchemaForm>` validated by the same validation path as a step's settings.
 *
 * JSON inputs are a JSON code field holding text, parsed on submit: the form must know when the text does
 * not parse (a json widget keeps the last valid value, which would run the flow with stale input).
 */
import { validateParams, type FieldSpec, type FormErrors } from '../../forms';
import type { RunInputDefinition } from '../../model/flow';

const cache = new WeakMap<readonly RunInputDefinition[], FieldSpec[]>();

function fieldFor(def: RunInputDefinition): FieldSpec {
  const base = {
    key: def.id,
    label: { text: def.label || def.id },
    ...(def.description ? { description: { text: def.description } } : {}),
    ...(def.required ? { required: true } : {}),
    ...(def.defaultValue !== undefined && def.defaultValue !== null ? { default: def.defaultValue } : {}),
  };
  switch (def.type) {
    case 'number':
      return { ...base, kind: 'number' };
    case 'boolean':
      return { ...base, kind: 'boolean', display: 'switch' };
    case 'json':
      return { ...base, kind: 'code', language: 'json' };
    case 'string':
    default:
      return { ...base, kind: 'text' };
  }
}

/** One field per run input, in order. Memoized per definitions array, so its validator compiles once. */
export function fieldsForRunInputs(defs: readonly RunInputDefinition[]): FieldSpec[] {
  const hit = cache.get(defs);
  if (hit) return hit;
  const fields = defs.map(fieldFor);
  cache.set(defs, fields);
  return fields;
}

/** The form's starting values: each default, JSON defaults as text, switches off. */
export function initialRunInputValues(defs: readonly RunInputDefinition[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const def of defs) {
    const d = def.defaultValue;
    if (def.type === 'boolean') out[def.id] = d === true || d === 'true';
    else if (d === undefined || d === null) continue;
    else if (def.type === 'json') out[def.id] = typeof d === 'string' ? d : JSON.stringify(d, null, 2);
    else if (def.type === 'number')
      out[def.id] = typeof d === 'number' ? d : Number.isFinite(Number(d)) ? Number(d) : String(d);
    else out[def.id] = typeof d === 'string' ? d : JSON.stringify(d);
  }
  return out;
}

export type RunInputsResult =
  { ok: true; values: Record<string, unknown> } | { ok: false; errors: FormErrors };

/**
 * Validates the form values and turns them into run inputs: numbers as numbers, JSON parsed, empty optional
 * inputs left out. `invalidJson` words the JSON error (the UI passes its translation).
 */
export function readRunInputs(
  defs: readonly RunInputDefinition[],
  values: Record<string, unknown>,
  invalidJson: (message: string) => string = (m) => `Not valid JSON: ${m}`,
): RunInputsResult {
  const fields = fieldsForRunInputs(defs);
  const errors: FormErrors = { ...validateParams(fields, values) };
  const out: Record<string, unknown> = {};
  for (const def of defs) {
    const v = values[def.id];
    if (v === undefined || v === null || v === '') continue;
    if (def.type === 'json' && typeof v === 'string') {
      try {
        out[def.id] = JSON.parse(v) as unknown;
      } catch (e) {
        errors[def.id] ??= invalidJson(e instanceof Error ? e.message : String(e));
      }
    } else out[def.id] = v;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, values: out };
}
