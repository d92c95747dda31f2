/**
 * Tolerant readers for vendor schema entries. Converters receive `unknown` from the network; these return
 * `undefined` for anything of the wrong type so a malformed entry degrades to defaults, never a crash.
 */
import type { FieldSpec, LocalizedText, UnsupportedField } from './types';

export type Rec = Record<string, unknown>;

export function isRecord(value: unknown): value is Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A non-empty string, or undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

export function bool(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

export function strings(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out = value.filter((v): v is string => typeof v === 'string');
  return out;
}

/** `{text, en}` from a main-language string and an optional English one. */
export function localized(main: unknown, en?: unknown): LocalizedText | undefined {
  const t = text(main);
  const e = text(en);
  if (t === undefined && e === undefined) return undefined;
  return e !== undefined && e !== t ? { text: t ?? e, en: e } : { text: (t ?? e) as string };
}

/** `my_field_name` / `myFieldName` -> `My field name`, for schemas that give no label. */
export function humanize(key: string): string {
  const spaced = key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return spaced ? spaced.charAt(0).toUpperCase() + spaced.slice(1) : key;
}

export function unsupported(key: string, reason: string, raw: unknown, label?: LocalizedText): UnsupportedField {
  return { kind: 'unsupported', key, label: label ?? { text: key || '?' }, reason, raw };
}

/** Drop `undefined` properties so specs compare cleanly in tests and serialize small. */
export function compact<T extends object>(spec: T): T {
  const out = {} as T;
  for (const [k, v] of Object.entries(spec)) {
    if (v !== undefined) (out as Rec)[k] = v;
  }
  return out;
}

/** Give every field a distinct key: a malformed schema with duplicate keys must not make two widgets share state. */
export function dedupeKeys(fields: FieldSpec[]): FieldSpec[] {
  const seen = new Set<string>();
  return fields.map((f, i) => {
    if (!seen.has(f.key) && f.key !== '') {
      seen.add(f.key);
      return f;
    }
    const key = `${f.key || 'field'}__${i}`;
    seen.add(key);
    if (f.kind === 'unsupported') return { ...f, key };
    return unsupported(key, f.key === '' ? 'missing-key' : 'duplicate-key', f, f.label);
  });
}
