/**
 * "Test step" for a Node-RED function node: its On Message code runs in the local QuickJS sandbox (the same
 * one the local engine uses; nothing is sent to Node-RED) with a sample `msg`, and the same semantics as
 * Node-RED's function node (`@node-red/nodes/core/function/10-function.js`):
 * - the code is the body of `async function (msg)`; returning a message sends it on output 1, an array sends
 *   element i on output i+1 (an inner array sends several there), `null`/`undefined` sends nothing;
 * - `node.send(...)` sends the same shapes, `node.status`, `node.warn/log/error`, `node.done`;
 * - `context`, `flow`, `global` are stores seeded from the sample (`context`, `flow`, `global` keys) and
 *   returned after the run; `env.get` reads the tab's env entries (and the sample's `env`);
 * - `RED.util`: cloneMessage, get/setMessageProperty, generateId, ensureString, compareObjects,
 *   normalisePropertyExpression, evaluateNodeProperty (str/num/bool/json/msg/flow/global/env/date);
 * - timers fire at once, in delay order, after the code returned (a test does not wait out delays);
 * - `libs` modules are not loaded: their variables are `undefined`, with a warning.
 * The returned value is `{ outputs: { "1": [msg…], … }, status?, context?, flow?, global? }`.
 */
import type { Flow } from '../../model/flow';
import type { Sandbox, SandboxProvider } from '../local/sandbox/types';
import type { TestStepRequest, TestStepResult } from '../types';
import { flowExtension } from './mapping';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Everything before the user's code, on ONE line: error lines are shifted back by exactly one. */
const PRELUDE = [
  'const __fb = inputs.__nodered; const __sent = []; const __timers = []; let __status = null; let __timerSeq = 0;',
  'const __store = (o) => ({ get: (k, s, cb) => { const v = Array.isArray(k) ? k.map((x) => o[x]) : o[k]; const f = typeof s === "function" ? s : cb; if (f) { f(null, v); return; } return v; }, set: (k, v, s, cb) => { o[k] = v; const f = typeof s === "function" ? s : cb; if (f) f(null); }, keys: () => Object.keys(o) });',
  'const context = Object.assign(__store(__fb.context), { flow: __store(__fb.flow), global: __store(__fb.global) }); const flow = context.flow; const global = context.global;',
  'const env = { get: (k) => __fb.env[k] };',
  'const __path = (e) => { const out = []; String(e).replace(/\\[(\\d+)\\]|\\[["\']([^"\']*)["\']\\]|([^.[\\]]+)/g, (m, i, q, p) => { out.push(i !== undefined ? Number(i) : q !== undefined ? q : p); return m; }); return out; };',
  'const __get = (o, e) => __path(e).reduce((v, k) => (v === undefined || v === null ? undefined : v[k]), o);',
  'const __set = (o, e, v, c) => { const p = __path(e); let t = o; for (let i = 0; i < p.length - 1; i++) { if (t[p[i]] === undefined || t[p[i]] === null) { if (c === false) return false; t[p[i]] = typeof p[i + 1] === "number" ? [] : {}; } t = t[p[i]]; } t[p[p.length - 1]] = v; return true; };',
  'const __id = () => { let s = ""; for (let i = 0; i < 16; i++) s += Math.floor(Math.random() * 16).toString(16); return s; };',
  'const __clone = (m) => (m === undefined ? undefined : JSON.parse(JSON.stringify(m)));',
  'const RED = { util: { cloneMessage: __clone, getMessageProperty: (m, e) => __get(m, String(e).replace(/^msg\\./, "")), setMessageProperty: (m, e, v, c) => __set(m, String(e).replace(/^msg\\./, ""), v, c), generateId: __id, ensureString: (o) => (typeof o === "string" ? o : typeof o === "object" ? JSON.stringify(o) : String(o)), ensureBuffer: (o) => o, compareObjects: (a, b) => JSON.stringify(a) === JSON.stringify(b), normalisePropertyExpression: __path, encodeObject: (m) => m, getSetting: (n, k) => __fb.env[k],',
  'evaluateNodeProperty: (v, t, n, m, cb) => { const r = t === "num" ? Number(v) : t === "bool" ? v === true || v === "true" : t === "json" ? JSON.parse(v) : t === "msg" ? __get(m, v) : t === "flow" ? __fb.flow[v] : t === "global" ? __fb.global[v] : t === "env" ? __fb.env[v] : t === "date" ? Date.now() : v; if (cb) { cb(null, r); return; } return r; } } };',
  'const __send = (r) => { if (r === null || r === undefined) return; const list = Array.isArray(r) ? r : [r]; list.forEach((x, i) => { if (x === null || x === undefined) return; (Array.isArray(x) ? x : [x]).forEach((m) => { if (m !== null && m !== undefined) __sent.push({ port: i, msg: __clone(m) }); }); }); };',
  'const node = { id: __fb.node.id, name: __fb.node.name, path: __fb.node.id, outputCount: __fb.node.outputs, log: (m) => console.info(m), warn: (m) => console.warn(m), error: (e) => console.error(e instanceof Error ? e.message : e), debug: (m) => console.debug(m), trace: (m) => console.debug(m), send: (m) => __send(m), done: (e) => { if (e) console.error(e instanceof Error ? e.message : e); }, status: (s) => { __status = typeof s === "string" ? { text: s } : s; }, on: () => {} };',
  'const setTimeout = (f, ms, ...a) => { const id = ++__timerSeq; __timers.push({ id, at: Number(ms) || 0, f, a }); return id; }; const setInterval = setTimeout; const clearTimeout = (id) => { const i = __timers.findIndex((t) => t.id === id); if (i >= 0) __timers.splice(i, 1); }; const clearInterval = clearTimeout;',
  'const Buffer = undefined;',
].join(' ');

function libsPrelude(libs: unknown): { code: string; names: string[] } {
  if (!Array.isArray(libs)) return { code: '', names: [] };
  const names = libs
    .map((l) => (l && typeof l === 'object' ? (l as { var?: unknown }).var : undefined))
    .filter((v): v is string => typeof v === 'string' && IDENTIFIER.test(v) && v !== 'msg');
  return { code: names.map((n) => `const ${n} = undefined;`).join(' '), names };
}

const EPILOGUE = `
})(__fb.msg); __send(__result);
for (let n = 0; __timers.length > 0 && n < 1000; n++) { __timers.sort((a, b) => a.at - b.at || a.id - b.id); const t = __timers.shift(); await t.f(...t.a); }
const __out = {}; for (let i = 0; i < Math.max(1, __fb.node.outputs); i++) __out[String(i + 1)] = [];
for (const s of __sent) (__out[String(s.port + 1)] = __out[String(s.port + 1)] || []).push(s.msg);
const __res = { outputs: __out };
if (__status) __res.status = __status;
for (const k of ["context", "flow", "global"]) if (Object.keys(__fb[k]).length > 0) __res[k] = __fb[k];
return __res;`;

/** The sample's `msg`, else what the node wired into this one sent last run, else an empty message. */
export function sampleMessage(req: TestStepRequest): Record<string, unknown> {
  const given = req.sample.inputs.msg;
  if (given && typeof given === 'object' && !Array.isArray(given)) return given as Record<string, unknown>;
  for (const e of req.flow.edges ?? []) {
    if (e.target !== req.stepId) continue;
    const sent = req.sample.steps[e.source];
    const msg = sent && typeof sent === 'object' ? (sent as Record<string, unknown>)[e.sourcePort] : undefined;
    if (msg && typeof msg === 'object' && !Array.isArray(msg)) return msg as Record<string, unknown>;
  }
  return { payload: '', topic: '' };
}

/** The tab's `env` entries of plain types, as Node-RED's editor stores them (`[{name, value, type}]`). */
function tabEnv(flow: Flow): Record<string, unknown> {
  const env = (flowExtension(flow)?.tab as { env?: unknown } | undefined)?.env;
  const out: Record<string, unknown> = {};
  if (!Array.isArray(env)) return out;
  for (const e of env as Array<{ name?: unknown; value?: unknown; type?: unknown }>) {
    if (typeof e?.name !== 'string') continue;
    out[e.name] = e.type === 'num' ? Number(e.value) : e.type === 'bool' ? e.value === 'true' || e.value === true : e.value;
  }
  return out;
}

const objectOr = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? { ...(v as Record<string, unknown>) } : {};

export async function testFunctionNode(provider: SandboxProvider, req: TestStepRequest, timeoutMs = 5000): Promise<TestStepResult> {
  const step = req.flow.steps[req.stepId];
  if (!step) return { ok: false, logs: [], durationMs: 0, error: { message: `No step ${req.stepId} in this flow.` } };
  const params = step.params;
  const func = typeof params.func === 'string' ? params.func : '';
  const outputs = typeof params.outputs === 'number' ? params.outputs : Number(params.outputs ?? 1) || 0;
  const msg = { _msgid: 'flowbench-test', ...sampleMessage(req) };
  const libs = libsPrelude(params.libs);
  const scope = {
    __nodered: {
      msg,
      node: { id: step.id, name: step.title, outputs },
      context: objectOr(req.sample.inputs.context),
      flow: objectOr(req.sample.inputs.flow),
      global: objectOr(req.sample.inputs.global),
      env: { ...tabEnv(req.flow), ...objectOr(req.sample.inputs.env) },
    },
  };
  const code = `${PRELUDE} ${libs.code} const __result = await (async function (msg) {\n${func}${EPILOGUE}`;
  const sandbox: Sandbox = await provider();
  const result = await sandbox.runFunction(code, { inputs: scope, steps: {}, params: {}, vars: {} }, { timeoutMs });
  const logs = [
    ...libs.names.map((n) => ({ level: 'warn', message: `"${n}" (Setup: Modules) is not loaded in the local test; it is undefined here.` })),
    ...result.logs,
  ];
  if (result.ok) return { ok: true, value: result.value, logs, durationMs: result.durationMs };
  const { line, column, message } = result.error;
  // The prelude is one line; a line past the code is the epilogue's (a timer callback that threw, say).
  const codeLines = func.split('\n').length;
  const userLine = line !== undefined && line >= 2 && line - 1 <= codeLines ? line - 1 : undefined;
  return {
    ok: false,
    logs,
    durationMs: result.durationMs,
    error: { message, ...(userLine !== undefined ? { line: userLine, field: 'func' } : {}), ...(userLine !== undefined && column !== undefined ? { column } : {}) },
  };
}
