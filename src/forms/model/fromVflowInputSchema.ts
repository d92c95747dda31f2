/**
 * vFlow input UI schema (GET /api/v1/modules/{id}/input-schema): `{key, type, label, placeholder, required,
 * validation: {pattern, message}, autocomplete: {allowMagicVariables}, options, min/max/step/unit,
 * defaultValue, keyPlaceholder, valuePlaceholder, allowVariables}`. Unlike `inputs`, the widget type is
 * `type` itself and references are opt-in per field.
 */
import { vflowOptions } from './fromVflowInputs';
import { bool, compact, dedupeKeys, isRecord, localized, num, str, text, unsupported, type Rec } from './read';
import type { FieldSpec } from './types';

function allowsReferences(entry: Rec): boolean {
  const ac = isRecord(entry.autocomplete) ? entry.autocomplete : undefined;
  if (ac && (ac.allowMagicVariables === true || ac.type === 'variable')) return true;
  return entry.allowVariables === true || entry.allowMagicVariables === true;
}

export function fromVflowSchemaEntry(raw: unknown): FieldSpec {
  if (!isRecord(raw)) return unsupported('', 'malformed', raw);
  const key = text(raw.key) ?? text(raw.id);
  if (!key) return unsupported('', 'missing-key', raw);
  const v: Rec = isRecord(raw.validation) ? raw.validation : {};
  const b = {
    key,
    label: localized(raw.label, raw.labelEn) ?? { text: key },
    description: localized(raw.description, raw.descriptionEn),
    required: bool(raw.required),
    default: raw.defaultValue ?? undefined,
  };
  const refs = allowsReferences(raw) || undefined;
  const placeholder = localized(raw.placeholder, raw.placeholderEn);
  const type = str(raw.type);

  switch (type) {
    case 'text_field':
    case 'text_area':
    case 'textarea':
      return compact({
        kind: 'text' as const,
        ...b,
        multiline: type !== 'text_field' || undefined,
        pattern: text(v.pattern),
        patternMessage: localized(v.message, v.messageEn),
        minLength: num(v.minLength),
        maxLength: num(v.maxLength),
        placeholder,
        allowReferences: refs,
        // The input-schema has no value type; an adapter may add the module input's as `valueType`.
        anyValue: str(raw.valueType) === 'any' || undefined,
      });
    case 'dropdown':
    case 'select':
    case 'multi_select': {
      const options = vflowOptions(raw.options);
      if (options.length === 0) return unsupported(key, 'select-without-options', raw, b.label);
      return compact({ kind: 'select' as const, ...b, options, multiple: type === 'multi_select' || undefined });
    }
    case 'number_slider':
    case 'number_field':
    case 'slider': {
      const min = num(raw.min ?? v.min);
      const max = num(raw.max ?? v.max);
      return compact({
        kind: 'number' as const,
        ...b,
        min,
        max,
        step: num(raw.step),
        unit: localized(raw.unit, raw.unitEn),
        slider: (type !== 'number_field' && min !== undefined && max !== undefined) || undefined,
        placeholder,
        allowReferences: refs,
      });
    }
    case 'switch':
    case 'checkbox':
      return compact({ kind: 'boolean' as const, ...b, display: type === 'checkbox' ? ('checkbox' as const) : ('switch' as const) });
    case 'key_value_editor':
      return compact({
        kind: 'key-value' as const,
        ...b,
        keyPlaceholder: localized(raw.keyPlaceholder),
        valuePlaceholder: localized(raw.valuePlaceholder),
        allowReferences: refs,
      });
    case 'code_editor':
      return compact({ kind: 'code' as const, ...b, language: text(raw.language) ?? 'plaintext', allowReferences: refs });
    case 'json_editor':
      return compact({ kind: 'json' as const, ...b });
    default:
      return unsupported(key, `unknown-type:${type ?? '?'}`, raw, b.label);
  }
}

export function fromVflowInputSchema(schema: unknown): FieldSpec[] {
  if (!Array.isArray(schema)) return [unsupported('schema', 'malformed', schema)];
  return dedupeKeys(schema.map(fromVflowSchemaEntry));
}
