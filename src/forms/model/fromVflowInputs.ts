/**
 * vFlow module `inputs` (GET /api/v1/modules/{id}): `{id, type, label, labelEn, description, descriptionEn,
 * defaultValue, required, uiType, constraints}`. `uiType` decides the widget; `type` is the fallback when the
 * uiType is one this editor does not know.
 */
import { bool, compact, dedupeKeys, isRecord, localized, num, str, strings, text, unsupported, type Rec } from './read';
import type { FieldSpec, LocalizedText, SelectOption } from './types';

/** vFlow lets magic variables into every free-text input, so references are on unless a caller says otherwise. */
export interface VflowConvertOptions {
  allowReferences?: boolean;
}

export function vflowOptions(raw: unknown): SelectOption[] {
  if (!Array.isArray(raw)) return [];
  const out: SelectOption[] = [];
  for (const o of raw) {
    if (typeof o === 'string' || typeof o === 'number' || typeof o === 'boolean') {
      out.push({ value: o, label: { text: String(o) } });
    } else if (isRecord(o) && (typeof o.value === 'string' || typeof o.value === 'number' || typeof o.value === 'boolean')) {
      out.push({ value: o.value, label: localized(o.label, o.labelEn) ?? { text: String(o.value) } });
    }
  }
  return out;
}

function base(entry: Rec, key: string) {
  return {
    key,
    label: localized(entry.label, entry.labelEn) ?? localized(entry.name, entry.nameEn) ?? { text: key },
    description: localized(entry.description, entry.descriptionEn),
    required: bool(entry.required),
    default: entry.defaultValue ?? undefined,
  };
}

export function fromVflowInput(raw: unknown, options: VflowConvertOptions = {}): FieldSpec {
  if (!isRecord(raw)) return unsupported('', 'malformed', raw);
  const key = text(raw.id) ?? text(raw.key);
  if (!key) return unsupported('', 'missing-key', raw);
  const c: Rec = isRecord(raw.constraints) ? raw.constraints : {};
  const b = base(raw, key);
  const refs = options.allowReferences ?? true;
  const type = str(raw.type);
  const uiType = str(raw.uiType);
  const placeholder: LocalizedText | undefined = localized(raw.placeholder ?? c.placeholder, raw.placeholderEn);
  const unit = localized(c.unit, c.unitEn);

  const textField = (multiline: boolean): FieldSpec =>
    compact({
      kind: 'text' as const,
      ...b,
      multiline: multiline || undefined,
      pattern: text(c.pattern),
      patternMessage: localized(c.message, c.messageEn),
      minLength: num(c.minLength),
      maxLength: num(c.maxLength),
      placeholder,
      allowReferences: refs,
      anyValue: type === 'any' || undefined,
    });
  const numberField = (slider: boolean): FieldSpec =>
    compact({
      kind: 'number' as const,
      ...b,
      integer: type === 'integer' || undefined,
      min: num(c.min),
      max: num(c.max),
      step: num(c.step),
      unit,
      slider: slider && num(c.min) !== undefined && num(c.max) !== undefined ? true : undefined,
      placeholder,
      allowReferences: refs,
    });

  switch (uiType) {
    case 'text_field':
    case 'text_input':
      return type === 'number' ? numberField(false) : textField(false);
    case 'text_area':
    case 'textarea':
    case 'multiline_text':
      return textField(true);
    case 'dropdown':
    case 'select':
    case 'radio':
    case 'multi_select': {
      const opts = vflowOptions(c.options ?? raw.options);
      if (opts.length === 0) return unsupported(key, 'select-without-options', raw, b.label);
      return compact({
        kind: 'select' as const,
        ...b,
        options: opts,
        multiple: uiType === 'multi_select' || type === 'list' || undefined,
      });
    }
    case 'number_slider':
    case 'slider':
      return numberField(true);
    case 'number_field':
    case 'number_input':
      return numberField(false);
    case 'switch':
    case 'toggle':
    case 'checkbox':
      return compact({ kind: 'boolean' as const, ...b, display: uiType === 'checkbox' ? ('checkbox' as const) : ('switch' as const) });
    case 'key_value_editor':
      return compact({
        kind: 'key-value' as const,
        ...b,
        keyPlaceholder: localized(c.keyPlaceholder ?? raw.keyPlaceholder),
        valuePlaceholder: localized(c.valuePlaceholder ?? raw.valuePlaceholder),
        allowReferences: refs,
      });
    case 'code_editor':
      return compact({ kind: 'code' as const, ...b, language: text(c.language) ?? 'plaintext', allowReferences: refs });
    case 'json_editor':
      return compact({ kind: 'json' as const, ...b });
    case 'file_picker':
    case 'file':
      return compact({
        kind: 'file' as const,
        ...b,
        multiple: type === 'list',
        allowedExtensions: strings(c.extensions),
        transferMethods: ['local_file' as const],
        valueFormat: 'path' as const,
      });
    default:
      break;
  }
  // Unknown or missing uiType: fall back on the value type so a new vFlow widget still gets a usable input.
  switch (type) {
    case 'string':
      return textField(false);
    case 'number':
    case 'integer':
      return numberField(false);
    case 'boolean':
      return compact({ kind: 'boolean' as const, ...b, display: 'switch' as const });
    case 'dictionary':
      return compact({ kind: 'key-value' as const, ...b, allowReferences: refs });
    case 'list':
      return compact({
        kind: 'list' as const,
        ...b,
        item: { kind: 'text' as const, key: 'item', label: b.label, allowReferences: refs },
      });
    case 'any':
    case 'object':
      return compact({ kind: 'json' as const, ...b });
    default:
      return unsupported(key, `unknown-type:${uiType ?? type ?? '?'}`, raw, b.label);
  }
}

export function fromVflowInputs(inputs: unknown, options?: VflowConvertOptions): FieldSpec[] {
  if (!Array.isArray(inputs)) return [unsupported('inputs', 'malformed', inputs)];
  return dedupeKeys(inputs.map((i) => fromVflowInput(i, options)));
}
