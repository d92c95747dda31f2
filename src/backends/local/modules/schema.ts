/**
 * Helpers that write module definitions in the vFlow module format (the `inputs` array of
 * "Get Module Detail": id, type, label/labelEn, description/descriptionEn, defaultValue, required, uiType,
 * constraints). Only the shape is produced here; the forms layer reads it through `source: 'vflow-inputs'`.
 */
import type { StepKind } from '../../../model/flow';
import type { ModuleDefinition, ModuleOutput, ValueType } from '../../../model/modules';

export type VflowUiType = 'text_field' | 'dropdown' | 'number_slider' | 'key_value_editor' | 'code_editor' | 'switch';

export interface VflowConstraints {
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  options?: string[];
  min?: number;
  max?: number;
  step?: number;
  language?: string;
}

/** One vFlow input object, exactly the fields the seed shows. */
export interface VflowInput {
  id: string;
  type: ValueType;
  label: string;
  labelEn: string;
  description: string;
  descriptionEn: string;
  defaultValue: unknown;
  required: boolean;
  uiType: VflowUiType;
  constraints?: VflowConstraints;
}

type Bilingual = [zh: string, en: string];

export function input(
  id: string,
  type: ValueType,
  label: Bilingual,
  description: Bilingual,
  uiType: VflowUiType,
  opts: { defaultValue?: unknown; required?: boolean; constraints?: VflowConstraints } = {},
): VflowInput {
  const out: VflowInput = {
    id,
    type,
    label: label[0],
    labelEn: label[1],
    description: description[0],
    descriptionEn: description[1],
    defaultValue: opts.defaultValue ?? null,
    required: opts.required ?? false,
    uiType,
  };
  if (opts.constraints) out.constraints = opts.constraints;
  return out;
}

export function output(id: string, type: ValueType, label: Bilingual, description?: Bilingual): ModuleOutput {
  const out: ModuleOutput = { id, type, label: { text: label[0], en: label[1] } };
  if (description) out.description = { text: description[0], en: description[1] };
  return out;
}

export function defineModule(def: {
  id: string;
  kind: StepKind;
  category: string;
  name: Bilingual;
  description: Bilingual;
  icon: string;
  inputs: VflowInput[];
  outputs: ModuleOutput[];
  canStartWorkflow?: boolean;
  extensions?: Record<string, unknown>;
}): ModuleDefinition {
  const blockType = def.kind === 'if' ? 'if' : def.kind === 'loop' ? 'loop' : 'none';
  const out: ModuleDefinition = {
    id: def.id,
    kind: def.kind,
    category: def.category,
    name: { text: def.name[0], en: def.name[1] },
    description: { text: def.description[0], en: def.description[1] },
    icon: def.icon,
    inputSchema: { source: 'vflow-inputs', inputs: def.inputs },
    outputs: def.outputs,
    // Local blocks are nested lists, so there is no end marker module (vFlow's `endif`).
    blockBehavior: { blockType, endBlockId: null, canStartWorkflow: def.canStartWorkflow ?? false },
  };
  if (def.extensions) out.extensions = def.extensions;
  return out;
}

/** Small coercions executors share; they say what was wrong instead of producing NaN. */
export function toNumber(value: unknown, what: string, fallback?: number): number {
  if (value === undefined || value === null || value === '') {
    if (fallback !== undefined) return fallback;
    throw new TypeError(`${what} is required.`);
  }
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isFinite(n)) throw new TypeError(`${what} must be a number, got ${JSON.stringify(value)}.`);
  return n;
}

export function toBoolean(value: unknown, fallback = false): boolean {
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  const t = String(value).trim().toLowerCase();
  return t === 'true' || t === '1' || t === 'yes' || t === 'on';
}
