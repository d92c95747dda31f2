/**
 * SkillFlaw/Langflow component `template` (a node's `data.node.template`, and each entry of "Get All"
 * component types): a record of field name -> `{type, _input_type, display_name, info, value, required, show,
 * advanced, multiline, password, placeholder, list, options, combobox, range_spec, fileTypes, input_types}`.
 * Keys starting with `_` (`_type: "Component"`) are not fields. Handle-only inputs (connected on the canvas,
 * never typed) become hidden fields so nothing is dropped.
 */
import { bool, compact, dedupeKeys, isRecord, localized, num, str, strings, unsupported, type Rec } from './read';
import type { FieldSpec, SelectOption } from './types';

export interface LangflowConvertOptions {
  /** The node's `field_order`: listed keys first, in that order. */
  fieldOrder?: string[];
}

const HANDLE_INPUTS = new Set(['HandleInput', 'DataInput', 'DataFrameInput', 'ToolsInput', 'LinkInput']);

function options(raw: unknown): SelectOption[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((o): o is string | number | boolean => typeof o === 'string' || typeof o === 'number' || typeof o === 'boolean')
    .map((o) => ({ value: o, label: { text: String(o) } }));
}

export function fromLangflowField(key: string, raw: unknown): FieldSpec {
  if (!isRecord(raw)) return unsupported(key, 'malformed', raw);
  const name = key;
  const type = str(raw.type);
  const inputType = str(raw._input_type);
  const list = raw.list === true;
  const b = {
    key: name,
    label: localized(raw.display_name) ?? { text: name },
    description: localized(raw.info),
    required: bool(raw.required),
    default: raw.value === '' || raw.value === null ? undefined : raw.value,
    advanced: bool(raw.advanced),
    hidden: raw.show === false || undefined,
  };
  const range: Rec = isRecord(raw.range_spec) ? raw.range_spec : {};
  const placeholder = localized(raw.placeholder);

  if ((inputType && HANDLE_INPUTS.has(inputType)) || type === 'other') {
    return { ...unsupported(name, 'connection-only', raw, b.label), hidden: true };
  }
  if (inputType === 'MultiselectInput' || ((type === 'str' || type === undefined) && Array.isArray(raw.options))) {
    const opts = options(raw.options);
    if (opts.length === 0 && raw.combobox !== true) return unsupported(name, 'select-without-options', raw, b.label);
    if (opts.length > 0) {
      return compact({ kind: 'select' as const, ...b, options: opts, multiple: inputType === 'MultiselectInput' || list || undefined });
    }
  }
  const textField = (multiline: boolean): FieldSpec =>
    compact({
      kind: 'text' as const,
      ...b,
      multiline: multiline || undefined,
      secret: raw.password === true || undefined,
      placeholder,
    });
  const wrapList = (item: FieldSpec): FieldSpec =>
    list ? compact({ kind: 'list' as const, ...b, item: { ...item, key: 'item', required: undefined, default: undefined } }) : item;

  switch (type) {
    case 'str':
    case 'prompt':
    case 'query':
    case undefined:
      if (type === undefined && inputType === undefined) return unsupported(name, 'missing-type', raw, b.label);
      return wrapList(textField(raw.multiline === true || type === 'prompt' || inputType === 'MultilineInput' || inputType === 'PromptInput'));
    case 'int':
    case 'float':
    case 'slider':
      return wrapList(
        compact({
          kind: 'number' as const,
          ...b,
          integer: type === 'int' || undefined,
          min: num(range.min),
          max: num(range.max),
          step: num(range.step),
          slider: type === 'slider' || inputType === 'SliderInput' || undefined,
          placeholder,
        }),
      );
    case 'bool':
      return compact({ kind: 'boolean' as const, ...b, display: 'switch' as const });
    case 'dict':
      return compact({ kind: 'key-value' as const, ...b });
    case 'NestedDict':
    case 'table':
      return compact({ kind: 'json' as const, ...b });
    case 'code':
      return compact({ kind: 'code' as const, ...b, language: 'python' });
    case 'file':
      return compact({
        kind: 'file' as const,
        ...b,
        default: raw.file_path === '' || raw.file_path === null ? undefined : (raw.file_path ?? b.default),
        multiple: list,
        allowedExtensions: (strings(raw.fileTypes) ?? []).map((t) => (t.startsWith('.') ? t : `.${t}`)),
        transferMethods: ['local_file' as const],
        valueFormat: 'path' as const,
      });
    default:
      return unsupported(name, `unknown-type:${type}`, raw, b.label);
  }
}

export function fromLangflowTemplate(template: unknown, opts: LangflowConvertOptions = {}): FieldSpec[] {
  if (!isRecord(template)) return [unsupported('template', 'malformed', template)];
  const keys = Object.keys(template).filter((k) => !k.startsWith('_'));
  const order = (opts.fieldOrder ?? []).filter((k) => keys.includes(k));
  const ordered = [...order, ...keys.filter((k) => !order.includes(k))];
  return dedupeKeys(ordered.map((k) => fromLangflowField(k, template[k])));
}
