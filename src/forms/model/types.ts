/**
 * One field model for every schema dialect. Converters (`from*.ts`) turn a backend's input schema into
 * `FieldSpec[]`; validation and widgets only ever read this shape, so a new dialect is one converter.
 */
import type { LocalizedText } from '../../model/modules';

export type { LocalizedText };

/** The UI languages labels are picked for. */
export type FieldLanguage = 'en' | 'zh';

interface FieldBase {
  /** Parameter key in the step's params (nested: key inside the parent object). */
  key: string;
  label: LocalizedText;
  description?: LocalizedText;
  required?: boolean;
  /** Value used when the step is created; never injected into validation. */
  default?: unknown;
  /** Shown under the "Advanced" disclosure (Langflow `advanced`). */
  advanced?: boolean;
  /** Not rendered and not validated (Langflow `show: false`, connection-only handles). */
  hidden?: boolean;
}

/** Formats validated by the JSON Schema validator; `uri` also covers the common `url` spelling. */
export type TextFormat =
  | 'uri'
  | 'uri-reference'
  | 'email'
  | 'date'
  | 'date-time'
  | 'time'
  | 'uuid'
  | 'hostname'
  | 'ipv4'
  | 'ipv6'
  | 'regex';

export interface TextField extends FieldBase {
  kind: 'text';
  multiline?: boolean;
  pattern?: string;
  /** The backend's own message for a pattern mismatch (vFlow `validation.message`). */
  patternMessage?: LocalizedText;
  minLength?: number;
  maxLength?: number;
  format?: TextFormat;
  placeholder?: LocalizedText;
  /** Masked input (Langflow `password`). */
  secret?: boolean;
  /** The value may be of any type (vFlow `type: any`): a number or a list there is valid, not "Enter text.". */
  anyValue?: boolean;
  /** The field accepts references to other steps' outputs (picker, autocomplete, chips). */
  allowReferences?: boolean;
}

export interface NumberField extends FieldBase {
  kind: 'number';
  integer?: boolean;
  min?: number;
  max?: number;
  step?: number;
  unit?: LocalizedText;
  /** Render a range slider next to the number input (needs min and max). */
  slider?: boolean;
  placeholder?: LocalizedText;
  allowReferences?: boolean;
}

export interface BooleanField extends FieldBase {
  kind: 'boolean';
  /** `switch` renders role="switch"; both are a native checkbox underneath. */
  display?: 'switch' | 'checkbox';
}

export type OptionValue = string | number | boolean;

export interface SelectOption {
  value: OptionValue;
  label: LocalizedText;
}

export interface SelectField extends FieldBase {
  kind: 'select';
  options: SelectOption[];
  multiple?: boolean;
}

export interface KeyValueField extends FieldBase {
  kind: 'key-value';
  keyPlaceholder?: LocalizedText;
  valuePlaceholder?: LocalizedText;
  /** Values (not keys) accept references. */
  allowReferences?: boolean;
}

export interface CodeField extends FieldBase {
  kind: 'code';
  /** Monaco language id: `json`, `javascript`, `python`, ... */
  language: string;
  allowReferences?: boolean;
}

export interface JsonField extends FieldBase {
  kind: 'json';
}

export type FileTransferMethod = 'remote_url' | 'local_file';

/**
 * `dify`: values are Dify file objects (`{type, transfer_method, url | upload_file_id}`).
 * `path`: values are server paths/ids as strings (Langflow `file_path`).
 */
export type FileValueFormat = 'dify' | 'path';

export interface FileField extends FieldBase {
  kind: 'file';
  multiple: boolean;
  /** Dify file categories: `image`, `document`, `audio`, `video`, `custom`. */
  allowedTypes?: string[];
  /** Extensions with a leading dot, e.g. `.pdf`. */
  allowedExtensions?: string[];
  /** Most files allowed when `multiple`. */
  numberLimit?: number;
  transferMethods: FileTransferMethod[];
  valueFormat: FileValueFormat;
}

export interface ObjectField extends FieldBase {
  kind: 'object';
  fields: FieldSpec[];
}

export interface ListField extends FieldBase {
  kind: 'list';
  /** The item's spec; its `key` is ignored (items are addressed by index). */
  item: FieldSpec;
  minItems?: number;
  maxItems?: number;
}

/** A schema entry no converter understood. Rendered as a visible notice, never dropped silently. */
export interface UnsupportedField extends FieldBase {
  kind: 'unsupported';
  /** Short machine-readable reason, e.g. `unknown-type:color`, `malformed`, `connection-only`. */
  reason: string;
  raw: unknown;
}

export type FieldSpec =
  | TextField
  | NumberField
  | BooleanField
  | SelectField
  | KeyValueField
  | CodeField
  | JsonField
  | FileField
  | ObjectField
  | ListField
  | UnsupportedField;

export type FieldKind = FieldSpec['kind'];

/** Dify's shape for one uploaded or linked file. */
export interface DifyFileValue {
  type: string;
  transfer_method: FileTransferMethod;
  url?: string;
  upload_file_id?: string;
  /** Display name; not sent by Dify but harmless to keep. */
  name?: string;
}

/** The text for the UI language: English when asked for and given, else the module's own text. */
export function pickText(text: LocalizedText | undefined, language: FieldLanguage): string {
  if (!text) return '';
  return language === 'en' ? (text.en ?? text.text) : text.text;
}
