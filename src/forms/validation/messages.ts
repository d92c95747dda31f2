/**
 * Validation messages are data: a code (the key under `validation.` in the `forms` namespace) plus values.
 * The UI translates them in the current language; `text` is the English rendering for logs and non-UI callers.
 */
import en from '../../i18n/locales/en/forms.json';
import type { FieldLanguage, LocalizedText } from '../model/types';
import { pickText } from '../model/types';

export type MessageCode = keyof typeof en.validation;

export interface FieldMessage {
  code: MessageCode;
  values: Record<string, string | number>;
  /** The backend's own wording (vFlow `validation.message`), preferred over the generic text when present. */
  custom?: LocalizedText;
  /** English text, for logs and tests. */
  text: string;
}

function interpolate(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, name: string) => String(values[name] ?? ''));
}

export function message(code: MessageCode, values: Record<string, string | number> = {}, custom?: LocalizedText): FieldMessage {
  const shown = code === 'format' && typeof values.format === 'string' ? { ...values, format: (en.format as Record<string, string>)[values.format] ?? values.format } : values;
  const text = custom ? pickText(custom, 'en') : interpolate(en.validation[code], shown);
  return custom ? { code, values, custom, text } : { code, values, text };
}

/** Any i18next-compatible `t` bound to the `forms` namespace. */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

/** A message in the UI language. Plain strings (e.g. a server's error) are shown as they are. */
export function translateMessage(msg: FieldMessage | string, t: Translate, language: FieldLanguage): string {
  if (typeof msg === 'string') return msg;
  if (msg.custom) return pickText(msg.custom, language);
  const values: Record<string, unknown> = { ...msg.values };
  if (msg.code === 'format' && typeof msg.values.format === 'string') {
    values.format = t(`format.${msg.values.format}`, { defaultValue: msg.values.format });
  }
  return t(`validation.${msg.code}`, values);
}
