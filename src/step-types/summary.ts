/**
 * The one-line summary under a step's title on the canvas and in the list: labelled values in the order of
 * the module's form, values the user changed first, `URL {{Fetch customer.body.url}} · Method GET`, never a bare run of
 * values (`GET · 30 · false · url`) and never a step id (references read by step name).
 *
 * Labels come from the module's input schema through the forms' field model (pure converters, no widgets).
 * A step whose module is unknown keeps the bare values, which is all there is to show.
 */
import { fieldsForModule } from '../forms/model/fieldsForModule';
import { pickText, type FieldLanguage, type FieldSpec } from '../forms/model/types';
import type { Step } from '../model/flow';
import type { ModuleDefinition } from '../model/modules';

export interface SummaryOptions {
  module?: ModuleDefinition;
  language?: FieldLanguage;
  /** Stored text as a person reads it (references by step name). */
  display?: (text: string) => string;
  maxLength?: number;
}

const fieldCache = new WeakMap<ModuleDefinition, Map<string, FieldSpec>>();

function fieldsOf(module: ModuleDefinition): Map<string, FieldSpec> {
  let hit = fieldCache.get(module);
  if (!hit) {
    let fields: FieldSpec[] = [];
    try {
      fields = fieldsForModule(module);
    } catch {
      // A schema the converters cannot read still gets a summary, unlabelled.
    }
    hit = new Map(fields.map((f) => [f.key, f]));
    fieldCache.set(module, hit);
  }
  return hit;
}

function oneLine(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** A value as it reads in a summary, or null to leave the parameter out. */
function valueText(value: unknown, field: FieldSpec | undefined, options: SummaryOptions): string | null {
  const language = options.language ?? 'en';
  const display = options.display ?? ((t: string) => t);
  if (value === undefined || value === null || value === '') return null;
  if (field?.kind === 'code' || (field === undefined && typeof value === 'string' && value.includes('\n'))) {
    const first = String(value).split('\n').find((l) => l.trim()) ?? '';
    return oneLine(display(first), 32);
  }
  if (typeof value === 'boolean') return value ? '' : null;
  if (field?.kind === 'select') {
    const labels = (Array.isArray(value) ? value : [value]).map((v) => {
      const o = field.options.find((x) => x.value === v);
      return o ? pickText(o.label, language) || String(v) : String(v);
    });
    return oneLine(labels.join(', '), 32);
  }
  if (typeof value === 'string') return oneLine(display(value), 48);
  if (typeof value === 'number') {
    const unit = field?.kind === 'number' ? pickText(field.unit, language) : '';
    return unit ? `${value} ${unit}` : String(value);
  }
  if (Array.isArray(value)) return value.length === 0 ? null : `(${value.length})`;
  if (typeof value === 'object') {
    const n = Object.keys(value).length;
    return n === 0 ? null : `(${n})`;
  }
  return oneLine(String(value), 32);
}

/** A short labelled summary of the parameters that have a value. */
export function labelledSummary(step: Pick<Step, 'params'>, options: SummaryOptions = {}): string {
  const max = options.maxLength ?? 60;
  const fields = options.module ? fieldsOf(options.module) : undefined;
  const formOrder = fields ? [...[...fields.keys()].filter((k) => k in step.params), ...Object.keys(step.params).filter((k) => !fields.has(k))] : Object.keys(step.params);
  // What the user set comes first; values still at their default (a Log's level `info`) after them.
  const isDefault = (k: string) => {
    const d = fields?.get(k)?.default;
    return d !== undefined && JSON.stringify(d) === JSON.stringify(step.params[k]);
  };
  const keys = [...formOrder.filter((k) => !isDefault(k)), ...formOrder.filter(isDefault)];
  const parts: string[] = [];
  for (const key of keys) {
    const field = fields?.get(key);
    if (field?.hidden) continue;
    const value = valueText(step.params[key], field, options);
    if (value === null) continue;
    const label = field ? pickText(field.label, options.language ?? 'en') : '';
    // A code line speaks for itself; a label in front of it only takes room.
    parts.push(field?.kind === 'code' || !label ? value : value === '' ? label : `${label} ${value}`);
    if (parts.join(' · ').length >= max) break;
  }
  return oneLine(parts.filter(Boolean).join(' · '), max);
}
