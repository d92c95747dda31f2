/**
 * First-load budget for the production build, run by `npm test` after `vite build`:
 * - the JavaScript the first screen loads (the entry and its static imports: what index.html references and
 *   what Vite preloads) must not contain Monaco, elkjs or QuickJS, which load lazily;
 * - its gzip size must stay under the budget.
 * Prints the numbers; exits non-zero on a breach.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const DIST = process.argv[2] ?? 'dist';
const BUDGET_KB = Number(process.env.FIRST_LOAD_BUDGET_KB ?? 420);
const LAZY_ONLY = [
  { name: 'Monaco', marker: /monaco-editor|MonacoEnvironment|editor\.main/ },
  { name: 'elkjs', marker: /ElkJS|elk\.bundled|org\.eclipse\.elk/ },
  { name: 'QuickJS', marker: /quickjs-emscripten|QuickJSWASMModule/ },
];

const html = readFileSync(join(DIST, 'index.html'), 'utf8');
const entryFiles = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
if (entryFiles.length === 0) {
  console.error('check-bundle: no script found in dist/index.html');
  process.exit(1);
}

// Follow static imports (`import ... from "./x.js"` / `import "./x.js"`) from the entry chunks.
const seen = new Set<string>();
const queue = [...entryFiles];
while (queue.length) {
  const file = queue.pop()!;
  if (seen.has(file)) continue;
  seen.add(file);
  const code = readFileSync(join(DIST, file), 'utf8');
  for (const m of code.matchAll(/(?:^|[;\n}])\s*import\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([^"']+\.js)["']/g)) {
    queue.push(`assets/${m[1]}`);
  }
}

let total = 0;
const problems: string[] = [];
for (const file of seen) {
  const code = readFileSync(join(DIST, file));
  const gz = gzipSync(code).length;
  total += gz;
  for (const lib of LAZY_ONLY) {
    if (lib.marker.test(code.toString('utf8'))) problems.push(`${lib.name} is in the first load (${file})`);
  }
}
const allJs = readdirSync(join(DIST, 'assets')).filter((f) => f.endsWith('.js')).length;
const kb = total / 1024;
console.log(`first-load JS: ${seen.size} of ${allJs} chunks, ${kb.toFixed(1)} KB gzip (budget ${BUDGET_KB} KB)`);
if (kb > BUDGET_KB) problems.push(`first-load JS ${kb.toFixed(1)} KB gzip is over the ${BUDGET_KB} KB budget`);
for (const p of problems) console.error(`check-bundle: ${p}`);
process.exit(problems.length ? 1 : 0);
