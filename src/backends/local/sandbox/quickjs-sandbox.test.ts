import { afterAll, describe, expect, it } from 'vitest';
import { createQuickJSSandbox } from './quickjs-sandbox';
import { nodeQuickJSLoader } from './loader';
import type { SandboxScope } from './types';

const sandbox = createQuickJSSandbox({ loader: nodeQuickJSLoader });
afterAll(() => sandbox.dispose());

const scope = (over: Partial<SandboxScope> = {}): SandboxScope => ({ inputs: {}, steps: {}, params: {}, vars: {}, ...over });
const opts = { timeoutMs: 2000 };

describe('QuickJS sandbox', () => {
  it('returns JSON values computed from inputs, steps and params', async () => {
    const r = await sandbox.runFunction(
      'const total = steps.fetch.items.reduce((a, b) => a + b, 0);\nreturn { total, who: inputs.name, factor: params.factor, v: vars.x };',
      scope({ inputs: { name: 'Ada' }, steps: { fetch: { items: [1, 2, 3] } }, params: { factor: 2 }, vars: { x: true } }),
      opts,
    );
    expect(r).toMatchObject({ ok: true, value: { total: 6, who: 'Ada', factor: 2, v: true } });
  });

  it('returns undefined, primitives and arrays', async () => {
    expect(await sandbox.runFunction('const a = 1;', scope(), opts)).toMatchObject({ ok: true, value: undefined });
    expect(await sandbox.runFunction('return 42', scope(), opts)).toMatchObject({ ok: true, value: 42 });
    expect(await sandbox.runFunction('return "x"', scope(), opts)).toMatchObject({ ok: true, value: 'x' });
    expect(await sandbox.runFunction('return [1, null, "a"]', scope(), opts)).toMatchObject({ ok: true, value: [1, null, 'a'] });
  });

  it('supports await on settled promises', async () => {
    const r = await sandbox.runFunction('const v = await Promise.resolve(20);\nreturn v + 1;', scope(), opts);
    expect(r).toMatchObject({ ok: true, value: 21 });
  });

  it('reports a promise that never settles', async () => {
    const r = await sandbox.runFunction('await new Promise(() => {});', scope(), opts);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/never settled/);
  });

  it('captures console output with levels and formatting', async () => {
    const r = await sandbox.runFunction('console.log("a", 1, {b: 2});\nconsole.warn("careful");\nconsole.error(new TypeError("bad"));\nreturn 1', scope(), opts);
    expect(r.logs).toEqual([
      { level: 'info', message: 'a 1 {"b":2}' },
      { level: 'warn', message: 'careful' },
      { level: 'error', message: 'TypeError: bad' },
    ]);
  });

  it('caps the number of log lines', async () => {
    const small = createQuickJSSandbox({ loader: nodeQuickJSLoader, maxLogLines: 5 });
    const r = await small.runFunction('for (let i = 0; i < 50; i++) console.log(i);', scope(), opts);
    expect(r.logs).toHaveLength(6);
    expect(r.logs[5]?.message).toMatch(/45 more log lines/);
    small.dispose();
  });

  it('reports a thrown error with its line relative to the user code', async () => {
    const r = await sandbox.runFunction('const a = 1;\nconst b = 2;\nthrow new Error("boom");', scope(), opts);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('runtime');
      expect(r.error.message).toContain('boom');
      expect(r.error.line).toBe(3);
    }
  });

  it('reports a TypeError line and a syntax error line', async () => {
    const t = await sandbox.runFunction('let x = null;\nreturn x.y;', scope(), opts);
    expect(t.ok || t.error).toMatchObject({ code: 'runtime', name: 'TypeError', line: 2 });
    const s = await sandbox.runFunction('const ok = 1;\nconst = 2;', scope(), opts);
    expect(s.ok || s.error).toMatchObject({ code: 'syntax', name: 'SyntaxError', line: 2 });
  });

  it('stops an infinite loop at the time limit with a clear error', async () => {
    const started = Date.now();
    const r = await sandbox.runFunction('while (true) {}', scope(), { timeoutMs: 200 });
    const elapsed = Date.now() - started;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'timeout', message: 'Function step exceeded its time limit of 200 ms' });
    expect(elapsed).toBeLessThan(4000);
    // The sandbox is usable again afterwards.
    expect(await sandbox.runFunction('return 1', scope(), opts)).toMatchObject({ ok: true, value: 1 });
  });

  it('stops a memory bomb', async () => {
    const r = await sandbox.runFunction('const a = [];\nwhile (true) a.push({ n: a.length, s: "x" + a.length });', scope(), { timeoutMs: 10_000 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatchObject({ code: 'memory' });
      expect(r.error.message).toMatch(/memory limit of 32 MB/);
    }
    expect(await sandbox.runFunction('return 2', scope(), opts)).toMatchObject({ ok: true, value: 2 });
  });

  it('stops unbounded recursion', async () => {
    const r = await sandbox.runFunction('function f() { return f() + 1; }\nreturn f();', scope(), opts);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('stack');
    expect(await sandbox.runFunction('return 3', scope(), opts)).toMatchObject({ ok: true, value: 3 });
  });

  it('names recursion that exhausts the host stack before the guest limit as recursion, not a crash', async () => {
    // No guest stack limit: the recursion goes on until the host's own (Node's, in the browser the worker's)
    // stack overflows inside the wasm, which is what a browser worker with a small stack meets.
    const unlimited = createQuickJSSandbox({ loader: nodeQuickJSLoader, maxStackBytes: 0 });
    try {
      const r = await unlimited.runFunction('function f(n) { return f(n + 1) + 1; }\nreturn f(0);', scope(), opts);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('stack');
        expect(r.error.message).toMatch(/too much recursion/);
        expect(r.error.message).not.toMatch(/crashed/);
      }
      expect(await unlimited.runFunction('return 4', scope(), opts)).toMatchObject({ ok: true, value: 4 });
    } finally {
      unlimited.dispose();
    }
  });

  it('caps the message of a thrown error', async () => {
    const r = await sandbox.runFunction('throw new Error("x".repeat(10 * 1024 * 1024));', scope(), { timeoutMs: 10_000 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('runtime');
      expect(r.error.message.length).toBeLessThan(10_200);
      expect(r.error.message).toMatch(/more characters/);
    }
    const s = await sandbox.runFunction('throw "y".repeat(1000000);', scope(), opts);
    expect(!s.ok && s.error.message.length).toBeLessThan(10_200);
  });

  it('refuses a returned value above the output cap, naming the limit', async () => {
    const small = createQuickJSSandbox({ loader: nodeQuickJSLoader, maxOutputChars: 1024 });
    try {
      const r = await small.runFunction('return "z".repeat(5000);', scope(), opts);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatchObject({ code: 'output', message: expect.stringMatching(/more than the limit of 1 KB per step/) });
      expect(await small.runFunction('return "ok"', scope(), opts)).toMatchObject({ ok: true, value: 'ok' });
    } finally {
      small.dispose();
    }
  });

  it.each([
    ['localStorage', 'localStorage.getItem("token")'],
    ['sessionStorage', 'sessionStorage.getItem("token")'],
    ['document', 'document.cookie'],
    ['window', 'window.location.href'],
    ['fetch', 'fetch("https://example.com")'],
    ['XMLHttpRequest', 'new XMLHttpRequest()'],
    ['indexedDB', 'indexedDB.open("x")'],
    ['require', 'require("fs")'],
    ['process', 'process.env'],
    ['importScripts', 'importScripts("x.js")'],
    ['setTimeout', 'setTimeout(() => {}, 1)'],
  ])('has no %s', async (_name, expr) => {
    const r = await sandbox.runFunction(`return ${expr};`, scope(), opts);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/not defined/);
  });

  it('exposes no cookie, storage or network on globalThis', async () => {
    const r = await sandbox.runFunction(
      'return ["cookie", "document", "localStorage", "fetch", "XMLHttpRequest", "WebSocket", "postMessage", "self", "__fbLog", "__fbScope"].filter((k) => globalThis[k] !== undefined);',
      scope(),
      opts,
    );
    expect(r).toMatchObject({ ok: true, value: [] });
  });

  it('does not leak globals from one call to the next', async () => {
    await sandbox.runFunction('globalThis.leak = 1; Array.prototype.evil = 1;', scope(), opts);
    expect(await sandbox.runFunction('return [typeof leak, [].evil];', scope(), opts)).toMatchObject({ ok: true, value: ['undefined', null] });
  });

  it('does not let the guest change the host copy of inputs', async () => {
    const s = scope({ inputs: { n: 1 } });
    await sandbox.runFunction('inputs.n = 2;', s, opts);
    expect(s.inputs.n).toBe(1);
  });

  it('evaluates expressions', async () => {
    expect(await sandbox.evaluateExpression('inputs.n > 2 && steps.a.ok', scope({ inputs: { n: 3 }, steps: { a: { ok: true } } }), opts)).toMatchObject({ ok: true, value: true });
    const bad = await sandbox.evaluateExpression('nope.x', scope(), opts);
    expect(bad.ok).toBe(false);
  });

  it('reports values that cannot become JSON', async () => {
    const r = await sandbox.runFunction('const a = {}; a.self = a; return a;', scope(), opts);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('serialization');
  });

  it('honours an aborted signal before starting', async () => {
    const ac = new AbortController();
    ac.abort();
    const r = await sandbox.runFunction('return 1', scope(), { timeoutMs: 1000, signal: ac.signal });
    expect(r.ok).toBe(false);
  });
});
