/**
 * Every stylesheet parses. The bundler joins them into one CSS file, so one unclosed block (a merge that dropped
 * a `}`) silently swallows every rule after it, in other features' files too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import postcss from 'postcss';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..');

function cssFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return cssFiles(path);
    return e.name.endsWith('.css') ? [path] : [];
  });
}

describe('stylesheets', () => {
  const files = cssFiles(SRC);

  it('are found', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((f) => [relative(SRC, f), f]))('%s parses', (_name, file) => {
    expect(() => postcss.parse(readFileSync(file, 'utf8'), { from: file })).not.toThrow();
  });

  it('catches an unclosed block', () => {
    expect(() => postcss.parse('.a {\n  color: red;\n.b {\n  color: blue;\n}\n')).toThrow(/Unclosed block/);
  });
});
