import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Every key in English has a Simplified Chinese translation, and the other way round.
function flatten(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' ? flatten(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

const dir = join(__dirname, 'locales');
describe('locales', () => {
  for (const file of readdirSync(join(dir, 'en'))) {
    it(`${file} has the same keys in en and zh`, () => {
      const en = JSON.parse(readFileSync(join(dir, 'en', file), 'utf8'));
      const zh = JSON.parse(readFileSync(join(dir, 'zh', file), 'utf8'));
      expect(flatten(zh).sort()).toEqual(flatten(en).sort());
    });
  }
});
