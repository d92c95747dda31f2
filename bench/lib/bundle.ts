/**
 * First-load JavaScript of a build: the scripts index.html references (entry and modulepreloads) and their
 * static imports, followed the same way as scripts/check-bundle.ts; summed gzip size. Dynamic imports (lazy
 * chunks, the bench hook) are not part of it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface FirstLoad {
  chunks: number;
  rawBytes: number;
  gzipBytes: number;
  files: string[];
}

export function firstLoadJs(dist: string, extraEntries: string[] = []): FirstLoad {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const queue = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)]
    .map((m) => m[1]!)
    .concat(extraEntries);
  const seen = new Set<string>();
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(join(dist, file), 'utf8');
    for (const m of code.matchAll(
      /(?:^|[;\n}])\s*import\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([^"']+\.js)["']/g,
    ))
      queue.push(`assets/${m[1]}`);
  }
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const file of seen) {
    const buf = readFileSync(join(dist, file));
    rawBytes += buf.length;
    gzipBytes += gzipSync(buf).length;
  }
  return { chunks: seen.size, rawBytes, gzipBytes, files: [...seen].sort() };
}

/** The chunk a lazy import resolves to, found by name prefix (e.g. `CanvasView-`), with its static imports. */
export function lazyChunkJs(dist: string, prefix: string, already: FirstLoad): FirstLoad {
  const file = readdirSync(join(dist, 'assets')).find((f) => f.startsWith(prefix) && f.endsWith('.js'));
  if (!file) return { chunks: 0, rawBytes: 0, gzipBytes: 0, files: [] };
  const all = firstLoadJs(dist, [`assets/${file}`]);
  const extra = all.files.filter((f) => !already.files.includes(f));
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const f of extra) {
    const buf = readFileSync(join(dist, f));
    rawBytes += buf.length;
    gzipBytes += gzipSync(buf).length;
  }
  return { chunks: extra.length, rawBytes, gzipBytes, files: extra };
}
