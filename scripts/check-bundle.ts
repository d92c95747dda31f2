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
// The benchmark's bare React Flow page loads 124.4 KB gzip (bench/results, same build setup); the budget is
// that baseline + 100 KB.
const BASELINE_KB = 124.4;
const BUDGET_KB = Number(process.env.FIRST_LOAD_BUDGET_KB ?? BASELINE_KB + 100);
// Markers found only inside each library's own code (a class name like `.monaco-editor` in our CSS
// selectors would be a false alarm). Each marker is checked to hit some lazy chunk, so a marker that stops
// matching after an upgrade fails loudly instead of passing silently.
const LAZY_ONLY = [
  { name: 'Monaco', marker: /editor\.action\.clipboardCopyAction/ },
  { name: 'elkjs', marker: /org\.eclipse\.elk/ },
  { name: 'QuickJS', marker: /QuickJSWASMModule|QuickJSRuntime/ },
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
const allFiles = readdirSync(join(DIST, 'assets')).filter((f) => f.endsWith('.js'));
const allJs = allFiles.length;
for (const lib of LAZY_ONLY) {
  const somewhere = allFiles.some((f) => lib.marker.test(readFileSync(join(DIST, 'assets', f), 'utf8')));
  if (!somewhere) problems.push(`the ${lib.name} marker matches no chunk: update scripts/check-bundle.ts`);
}
const kb = total / 1024;
console.log(`first-load JS: ${seen.size} of ${allJs} chunks, ${kb.toFixed(1)} KB gzip (budget ${BUDGET_KB} KB)`);
if (kb > BUDGET_KB) problems.push(`first-load JS ${kb.toFixed(1)} KB gzip is over the ${BUDGET_KB} KB budget`);
for (const p of problems) console.error(`check-bundle: ${p}`);
process.exit(problems.length ? 1 : 0);
