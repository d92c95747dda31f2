import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../i18n/locales/en/checklist.json';
import zh from '../../i18n/locales/zh/checklist.json';
import { ISSUE_KEYS } from './problem-text';

function lookup(obj: unknown, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>(
      (o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
      obj,
    );
}

/** A key exists as a string, or as the plural forms i18next picks from (`_one`, `_other`). */
function has(obj: unknown, key: string): boolean {
  return (
    typeof lookup(obj, key) === 'string' ||
    (typeof lookup(obj, `${key}_one`) === 'string' && typeof lookup(obj, `${key}_other`) === 'string')
  );
}

// Every `tc(...)`/`t(...)` key the checklist code uses, in its own files and the run panel / inputs dialog.
const files = [
  ...readdirSync(__dirname)
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
    .map((f) => join(__dirname, f)),
  join(__dirname, '../runs/RunPanel.tsx'),
  join(__dirname, '../runs/RunInputsDialog.tsx'),
];

describe('checklist strings', () => {
  const used = new Set<string>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    // In the runs files only the checklist translator (`tc`) is ours.
    const re = file.includes('/runs/') ? /\btc\(\s*'([\w.-]+)'/g : /\bt\(\s*'([\w.-]+)'/g;
    for (const m of text.matchAll(re)) used.add(m[1] as string);
  }

  it('uses only keys that exist in both languages', () => {
    expect(used.size).toBeGreaterThan(15);
    for (const key of used) {
      expect(has(en, key), `en: ${key}`).toBe(true);
      expect(has(zh, key), `zh: ${key}`).toBe(true);
    }
  });

  it('has a sentence for every model issue and severity, in both languages', () => {
    for (const key of [...Object.values(ISSUE_KEYS), 'severity.error', 'severity.warning']) {
      expect(has(en, key), `en: ${key}`).toBe(true);
      expect(has(zh, key), `zh: ${key}`).toBe(true);
    }
  });
});
