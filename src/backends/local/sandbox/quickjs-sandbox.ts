/**
 * User JavaScript in a QuickJS (WebAssembly) sandbox. The guest sees only what we put in its global object:
 * JSON copies of `inputs`, `steps`, `params`, `vars`, and a `console` that forwards to our log list. There is
 * no `fetch`, `document`, storage or timer in the guest at all, so nothing to escape to.
 *
 * Every call gets a fresh context (no state leaks between steps); the runtime is reused while calls succeed
 * and thrown away after a limit was hit, so a half-dead heap is never reused. A crash of the host side of the
 * WebAssembly (e.g. the native stack) throws the whole module away and reloads it on the next call.
 */
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten-core';
import type { QuickJSLoader } from './loader';
import type { Sandbox, SandboxError, SandboxLog, SandboxLogLevel, SandboxResult, SandboxRunOptions, SandboxScope } from './types';

export interface QuickJSSandboxOptions {
  loader: QuickJSLoader;
  /** Heap limit of the guest, bytes. Default 32 MB. */
  memoryLimitBytes?: number;
  /** Guest stack limit, bytes. Default 256 KB: larger values can overflow the host's own stack first. */
  maxStackBytes?: number;
  /** Log lines kept per call; the rest are counted and summarised in one line. Default 1000. */
  maxLogLines?: number;
  /** Characters kept per log line. Default 10 000. */
  maxLogLineLength?: number;
  /**
   * Largest value one call may return, as characters of its JSON text. Default 10 MB: a step's output
   * travels through the trace, the run record and the UI, and a bigger one would stall the page.
   */
  maxOutputChars?: number;
  /** Characters kept of a thrown error's message. Default 10 000 (a 10 MB message stalled the page). */
  maxErrorMessageLength?: number;
}

const FILE_NAME = 'step.js';
/** The wrappers put exactly one line before the user's code; error lines are shifted back by this. */
const WRAPPER_LINES_BEFORE = 1;

// Runs first in every context: installs the injected globals and a console that forwards formatted lines.
const PRELUDE = `(function () {
  var g = globalThis;
  var send = g.__fbLog; delete g.__fbLog;
  var scope = JSON.parse(g.__fbScope); delete g.__fbScope;
  function fmt(v) {
    if (typeof v === 'string') return v;
    if (v === undefined) return 'undefined';
    if (typeof v === 'function') return '[Function' + (v.name ? ': ' + v.name : '') + ']';
    if (v instanceof Error) return v.name + ': ' + v.message;
    try { var s = JSON.stringify(v); return s === undefined ? String(v) : s; } catch (e) { return String(v); }
  }
  function make(level) { return function () { var parts = []; for (var i = 0; i < arguments.length; i++) parts.push(fmt(arguments[i])); send(level, parts.join(' ')); }; }
  g.console = { log: make('info'), info: make('info'), warn: make('warn'), error: make('error'), debug: make('debug') };
  g.inputs = scope.inputs; g.steps = scope.steps; g.params = scope.params; g.vars = scope.vars;
})();`;

// The promise resolves to the JSON text of the value (or undefined), so only a string crosses back.
const SERIALIZE = `.then(function (v) { return v === undefined ? undefined : JSON.stringify(v); })`;

function wrapFunctionBody(code: string): string {
  return `(async function () {\n${code}\n})()${SERIALIZE}`;
}

function wrapExpression(expression: string): string {
  return `(async function () { return (\n${expression}\n); })()${SERIALIZE}`;
}

const LEVELS: ReadonlySet<string> = new Set(['debug', 'info', 'warn', 'error']);

interface DumpedError {
  name?: unknown;
  message?: unknown;
  stack?: unknown;
  lineNumber?: unknown;
}

export function createQuickJSSandbox(opts: QuickJSSandboxOptions): Sandbox {
  const memoryLimit = opts.memoryLimitBytes ?? 32 * 1024 * 1024;
  const maxStack = opts.maxStackBytes ?? 256 * 1024;
  const maxLogLines = opts.maxLogLines ?? 1000;
  const maxLogLineLength = opts.maxLogLineLength ?? 10_000;
  const maxOutputChars = opts.maxOutputChars ?? 10 * 1024 * 1024;
  const maxErrorMessageLength = opts.maxErrorMessageLength ?? 10_000;

  let modulePromise: Promise<QuickJSWASMModule> | null = null;
  let runtime: QuickJSRuntime | null = null;
  let disposed = false;

  function getModule(): Promise<QuickJSWASMModule> {
    if (!modulePromise) {
      modulePromise = opts.loader();
      // A failed load must not be cached forever.
      modulePromise.catch(() => {
        modulePromise = null;
      });
    }
    return modulePromise;
  }

  function getRuntime(mod: QuickJSWASMModule): QuickJSRuntime {
    if (!runtime) {
      runtime = mod.newRuntime();
      runtime.setMemoryLimit(memoryLimit);
      runtime.setMaxStackSize(maxStack);
    }
    return runtime;
  }

  function dropRuntime(): void {
    const rt = runtime;
    runtime = null;
    try {
      rt?.dispose();
    } catch {
      // A runtime whose limits were hit may refuse a clean shutdown; it is unreachable now anyway.
    }
  }

  async function run(source: string, userLineCount: number, scope: SandboxScope, runOpts: SandboxRunOptions): Promise<SandboxResult> {
    const started = performance.now();
    const logs: SandboxLog[] = [];
    let droppedLogs = 0;
    const finish = (r: { ok: true; value: unknown } | { ok: false; error: SandboxError }): SandboxResult => {
      if (droppedLogs > 0) logs.push({ level: 'warn', message: `${droppedLogs} more log lines were dropped (limit ${maxLogLines} per step).` });
      return { ...r, logs, durationMs: performance.now() - started };
    };
    if (disposed) return finish({ ok: false, error: { code: 'internal', message: 'The sandbox was disposed.' } });
    if (runOpts.signal?.aborted) return finish({ ok: false, error: { code: 'cancelled', message: 'Cancelled before the code started.' } });

    let scopeJson: string;
    try {
      scopeJson = JSON.stringify(scope);
    } catch (e) {
      return finish({ ok: false, error: { code: 'serialization', message: `The step's inputs cannot be converted to JSON: ${errorText(e)}` } });
    }

    let mod: QuickJSWASMModule;
    try {
      mod = await getModule();
    } catch (e) {
      return finish({ ok: false, error: { code: 'internal', message: `The JavaScript sandbox could not be loaded: ${errorText(e)}` } });
    }

    const timeoutMs = Math.max(1, Math.floor(runOpts.timeoutMs));
    const deadline = Date.now() + timeoutMs;
    const signal = runOpts.signal;
    const limits = (): MapContext => ({ timeoutMs, signal, deadline, memoryLimit, userLineCount, maxOutputChars, maxErrorMessageLength });
    let ctx: QuickJSContext | null = null;
    let fatal = false;
    try {
      const rt = getRuntime(mod);
      rt.setInterruptHandler(() => Date.now() > deadline || signal?.aborted === true);
      ctx = rt.newContext();
      const c = ctx;
      const logFn = c.newFunction('__fbLog', (levelHandle, messageHandle) => {
        if (logs.length >= maxLogLines) {
          droppedLogs++;
          return;
        }
        const level = c.getString(levelHandle);
        let message = c.getString(messageHandle);
        if (message.length > maxLogLineLength) message = `${message.slice(0, maxLogLineLength)}… (${message.length - maxLogLineLength} more characters)`;
        logs.push({ level: (LEVELS.has(level) ? level : 'info') as SandboxLogLevel, message });
      });
      c.setProp(c.global, '__fbLog', logFn);
      logFn.dispose();
      const scopeHandle = c.newString(scopeJson);
      c.setProp(c.global, '__fbScope', scopeHandle);
      scopeHandle.dispose();

      const prelude = c.evalCode(PRELUDE, 'prelude.js');
      if (prelude.error) {
        const dumped = safeDump(c, prelude.error);
        prelude.error.dispose();
        fatal = true;
        return finish({ ok: false, error: mapError(dumped, { ...limits(), fallback: 'internal' }) });
      }
      prelude.value.dispose();

      const evaluated = c.evalCode(source, FILE_NAME);
      if (evaluated.error) {
        const dumped = safeDump(c, evaluated.error);
        evaluated.error.dispose();
        const error = mapError(dumped, { ...limits(), fallback: 'syntax' });
        if (error.code !== 'syntax' && error.code !== 'runtime') fatal = true;
        return finish({ ok: false, error });
      }
      const promise = evaluated.value;
      try {
        return finish(settle(rt, c, promise, limits(), () => (fatal = true)));
      } finally {
        promise.dispose();
      }
    } catch (e) {
      // The host side failed (native stack overflow inside the wasm, a trap, a lifetime error): the module
      // may be in any state, so drop it entirely and load a fresh one next time.
      fatal = true;
      modulePromise = null;
      runtime = null;
      ctx = null;
      // Deep recursion can exhaust the host's (the worker's) own stack before the guest's limit: the browser
      // then throws its RangeError ("Maximum call stack size exceeded", Firefox: "too much recursion") out of
      // the wasm. That is the user's recursion, not a broken sandbox, and is named as such.
      if (isHostStackOverflow(e)) return finish({ ok: false, error: { code: 'stack', message: STACK_MESSAGE } });
      return finish({ ok: false, error: { code: 'internal', message: `The JavaScript sandbox crashed and was restarted: ${cap(errorText(e), maxErrorMessageLength)}` } });
    } finally {
      if (ctx) {
        try {
          ctx.dispose();
        } catch {
          fatal = true;
        }
      }
      if (fatal) dropRuntime();
      else runtime?.removeInterruptHandler();
    }
  }

  return {
    runFunction(code, scope, runOpts) {
      return run(wrapFunctionBody(code), countLines(code), scope, runOpts);
    },
    evaluateExpression(expression, scope, runOpts) {
      return run(wrapExpression(expression), countLines(expression), scope, runOpts);
    },
    dispose() {
      disposed = true;
      dropRuntime();
      modulePromise = null;
    },
  };
}

interface MapContext {
  timeoutMs: number;
  signal: AbortSignal | undefined;
  deadline: number;
  memoryLimit: number;
  userLineCount: number;
  maxOutputChars: number;
  maxErrorMessageLength: number;
}

const STACK_MESSAGE = 'Function step exceeded its stack limit (too much recursion)';

function isHostStackOverflow(e: unknown): boolean {
  return e instanceof RangeError || (e instanceof Error && /call stack|too much recursion/i.test(e.message));
}

/** The first `max` characters of a text, saying how much was left out. */
function cap(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
}

function size(chars: number): string {
  return chars >= 1024 * 1024 ? `${Math.round((chars / (1024 * 1024)) * 10) / 10} MB` : `${Math.ceil(chars / 1024)} KB`;
}

function settle(
  rt: QuickJSRuntime,
  c: QuickJSContext,
  promise: QuickJSHandle,
  m: MapContext,
  markFatal: () => void,
): { ok: true; value: unknown } | { ok: false; error: SandboxError } {
  // Drain the job queue (awaits of already-settled promises) until the function's promise settles.
  for (;;) {
    const state = c.getPromiseState(promise);
    if (state.type === 'fulfilled') {
      const raw = c.dump(state.value) as unknown;
      state.value.dispose();
      if (raw === undefined) return { ok: true, value: undefined };
      if (typeof raw !== 'string') return { ok: true, value: raw };
      if (raw.length > m.maxOutputChars) {
        return {
          ok: false,
          error: { code: 'output', message: `Function step returned ${size(raw.length)} of JSON, more than the limit of ${size(m.maxOutputChars)} per step` },
        };
      }
      return { ok: true, value: JSON.parse(raw) as unknown };
    }
    if (state.type === 'rejected') {
      const dumped = safeDump(c, state.error);
      state.error.dispose();
      const error = mapError(dumped, { ...m, fallback: 'runtime' });
      if (error.code !== 'runtime') markFatal();
      if (error.code === 'runtime' && /JSON|circular|BigInt/i.test(error.message) && error.line === undefined) {
        return { ok: false, error: { ...error, code: 'serialization', message: `The returned value cannot be converted to JSON: ${error.message}` } };
      }
      return { ok: false, error };
    }
    if (!rt.hasPendingJob()) {
      return {
        ok: false,
        error: {
          code: 'runtime',
          message: 'The code awaited a promise that never settled. Timers and network calls are not available in the sandbox.',
        },
      };
    }
    const jobs = rt.executePendingJobs();
    if (jobs.error) {
      const dumped = safeDump(jobs.error.context, jobs.error);
      jobs.error.dispose();
      const error = mapError(dumped, { ...m, fallback: 'runtime' });
      if (error.code !== 'runtime') {
        markFatal();
        return { ok: false, error };
      }
    }
  }
}

function safeDump(c: QuickJSContext, handle: QuickJSHandle): DumpedError {
  try {
    const v = c.dump(handle) as unknown;
    if (v && typeof v === 'object') return v as DumpedError;
    return { message: String(v) };
  } catch {
    return { message: 'unknown error (the error value could not be read)' };
  }
}

function mapError(d: DumpedError, m: MapContext & { fallback: 'syntax' | 'runtime' | 'internal' }): SandboxError {
  const name = typeof d.name === 'string' ? d.name : undefined;
  const message = cap(typeof d.message === 'string' ? d.message : String(d.message ?? 'unknown error'), m.maxErrorMessageLength);
  const where = locate(d, m.userLineCount);
  if (name === 'InternalError' && message === 'interrupted') {
    if (m.signal?.aborted) return { code: 'cancelled', message: 'The function step was cancelled.', ...where };
    return { code: 'timeout', message: `Function step exceeded its time limit of ${m.timeoutMs} ms`, ...where };
  }
  if (message === 'out of memory' || message === 'string too long' || message === 'invalid array length') {
    return {
      code: 'memory',
      message: `Function step exceeded its memory limit of ${Math.round(m.memoryLimit / (1024 * 1024))} MB (${message})`,
      ...(name ? { name } : {}),
      ...where,
    };
  }
  if (message === 'stack overflow' || /call stack/i.test(message)) {
    return { code: 'stack', message: STACK_MESSAGE, ...(name ? { name } : {}), ...where };
  }
  const code = name === 'SyntaxError' && m.fallback === 'syntax' ? 'syntax' : m.fallback === 'internal' ? 'internal' : 'runtime';
  const prefix = name && name !== 'Error' ? `${name}: ` : '';
  const lineText = where.line !== undefined ? ` (line ${where.line})` : '';
  return { code, message: `${prefix}${message}${lineText}`, ...(name ? { name } : {}), ...where };
}

/** Finds the first position inside the user's code, in the wrapper-free numbering. */
function locate(d: DumpedError, userLineCount: number): { line?: number; column?: number } {
  const candidates: Array<{ line: number; column?: number }> = [];
  if (typeof d.lineNumber === 'number') candidates.push({ line: d.lineNumber });
  if (typeof d.stack === 'string') {
    const re = /step\.js:(\d+)(?::(\d+))?/g;
    for (let m = re.exec(d.stack); m; m = re.exec(d.stack)) {
      candidates.push(m[2] !== undefined ? { line: Number(m[1]), column: Number(m[2]) } : { line: Number(m[1]) });
    }
  }
  for (const c of candidates) {
    const line = c.line - WRAPPER_LINES_BEFORE;
    if (line >= 1 && line <= userLineCount) return c.column !== undefined ? { line, column: c.column } : { line };
  }
  return {};
}

function countLines(text: string): number {
  let n = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
