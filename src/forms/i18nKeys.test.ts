import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../i18n/locales/en/forms.json';
import zh from '../i18n/locales/zh/forms.json';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'fixtures' ? [] : sources(p);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [p] : [];
  });
}

function lookup(obj: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

describe('forms strings', () => {
  const used = new Set<string>();
  for (const file of sources(__dirname)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([\w.-]+)'/g)) used.add(m[1] as string);
  }

  it('uses only keys that exist in both languages', () => {
    expect(used.size).toBeGreaterThan(20);
    for (const key of used) {
      expect(typeof lookup(en, key), `en: ${key}`).toBe('string');
      expect(typeof lookup(zh, key), `zh: ${key}`).toBe('string');
    }
  });

  it('has a name for every text format, in both languages', () => {
    const formats = ['uri', 'uri-reference', 'email', 'date', 'date-time', 'time', 'uuid', 'hostname', 'ipv4', 'ipv6', 'regex'];
    for (const f of formats) {
      expect(lookup(en.format, f)).toBeTruthy();
      expect(lookup(zh.format, f)).toBeTruthy();
    }
  });
});
