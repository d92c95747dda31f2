/**
 * Regenerates `src/backends/nodered/core-nodes.generated.json` from the installed Node-RED's core node
 * definitions, so the core nodes' forms follow the engine's own `defaults` instead of a hand-copied list:
 *
 *   npx tsx server/nodered/extract-core-nodes.ts
 *
 * Each core node's editor script calls `RED.nodes.registerType(type, definition)`. The scripts are run in a
 * `node:vm` context whose `RED`, `$` and everything else is an inert proxy, keeping from each definition only
 * plain data: category, defaults (value, required, type), credentials, inputs, outputs, color, icon, label
 * when it is a string. Run it after upgrading node-red and commit the result.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const require = createRequire(import.meta.url);
const coreDir = join(dirname(require.resolve('@node-red/nodes/package.json')), 'core');
const out = fileURLToPath(new URL('../../src/backends/nodered/core-nodes.generated.json', import.meta.url));
const version = (require('node-red/package.json') as { version: string }).version;

function inert(): unknown {
  const fn = function () {
    return proxy;
  };
  const proxy: unknown = new Proxy(fn, {
    get: (_t, key) => (key === Symbol.toPrimitive ? () => '' : key === 'toString' ? () => '' : proxy),
    apply: () => proxy,
    construct: () => proxy as object,
  });
  return proxy;
}

function plain(value: unknown): unknown {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return value;
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object') {
    try {
      return JSON.parse(JSON.stringify(value)) as unknown;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

interface Extracted {
  category?: string;
  defaults: Record<string, { value?: unknown; required?: boolean; type?: string }>;
  credentials?: Record<string, { type?: string; required?: boolean }>;
  inputs?: number;
  outputs?: number;
  color?: string;
  icon?: string;
  label?: string;
  paletteLabel?: string;
  module: string;
}

const found: Record<string, Extracted> = {};
for (const group of readdirSync(coreDir)) {
  let files: string[];
  try {
    files = readdirSync(join(coreDir, group)).filter((f) => f.endsWith('.html'));
  } catch {
    continue;
  }
  for (const file of files) {
    const html = readFileSync(join(coreDir, group, file), 'utf8');
    const scripts = [...html.matchAll(/<script type="text\/javascript">([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    for (const code of scripts) {
      const register = (type: string, def: Record<string, unknown>) => {
        const defaults: Extracted['defaults'] = {};
        for (const [k, d] of Object.entries((def.defaults ?? {}) as Record<string, Record<string, unknown>>)) {
          defaults[k] = { value: plain(d.value), required: d.required === true ? true : undefined, type: typeof d.type === 'string' ? d.type : undefined };
        }
        const credentials: Extracted['credentials'] = {};
        for (const [k, d] of Object.entries((def.credentials ?? {}) as Record<string, Record<string, unknown>>)) {
          credentials[k] = { type: typeof d.type === 'string' ? d.type : undefined, required: d.required === true ? true : undefined };
        }
        found[type] = {
          module: `node-red/${file.replace(/^\d+-/, '').replace(/\.html$/, '')}`,
          category: typeof def.category === 'string' ? def.category : undefined,
          defaults,
          credentials: Object.keys(credentials).length ? credentials : undefined,
          inputs: typeof def.inputs === 'number' ? def.inputs : undefined,
          outputs: typeof def.outputs === 'number' ? def.outputs : undefined,
          color: typeof def.color === 'string' ? def.color : undefined,
          icon: typeof def.icon === 'string' ? def.icon : undefined,
          label: typeof def.label === 'string' ? def.label : undefined,
          paletteLabel: typeof def.paletteLabel === 'string' ? def.paletteLabel : undefined,
        };
      };
      const nodes = new Proxy({}, { get: (_t, k) => (k === 'registerType' ? register : inert()) });
      const RED = new Proxy({} as Record<string | symbol, unknown>, { get: (_t, k) => (k === 'nodes' ? nodes : inert()) });
      const context = vm.createContext(new Proxy({ RED, console: { log() {}, warn() {} } } as Record<string | symbol, unknown>, {
        get: (t, k) => (k in t ? t[k] : inert()),
        has: () => true,
      }));
      try {
        vm.runInContext(code, context, { timeout: 1000 });
      } catch (e) {
        if (process.env.DEBUG_EXTRACT) process.stderr.write(`${file}: ${String(e)}\n`);
        // Scripts that do more than register at load time: whatever they registered before failing is kept.
      }
    }
  }
}

const sorted = Object.fromEntries(Object.keys(found).sort().map((k) => [k, found[k]]));
writeFileSync(out, JSON.stringify({ generatedFrom: `node-red@${version}`, nodes: sorted }, null, 2) + '\n');
process.stdout.write(`${Object.keys(found).length} core node types -> ${out}\n`);
