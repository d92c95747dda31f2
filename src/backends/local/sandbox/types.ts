/**
 * The sandbox contract the engine codes against. The QuickJS implementation is in `quickjs-sandbox.ts`;
 * tests and other hosts may inject their own. Values cross the boundary as JSON only.
 */

export type SandboxLogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface SandboxLog {
  level: SandboxLogLevel;
  message: string;
}

/** What user code sees as globals. Everything is a JSON copy; nothing reaches back to the host. */
export interface SandboxScope {
  inputs: Record<string, unknown>;
  steps: Record<string, unknown>;
  params: Record<string, unknown>;
  vars: Record<string, unknown>;
}

export interface SandboxRunOptions {
  /** Wall-clock budget for this call; an infinite loop is interrupted when it is spent. */
  timeoutMs: number;
  signal?: AbortSignal;
}

export type SandboxErrorCode = 'timeout' | 'memory' | 'stack' | 'syntax' | 'runtime' | 'serialization' | 'output' | 'cancelled' | 'internal';

export interface SandboxError {
  message: string;
  code: SandboxErrorCode;
  /** Error class inside the sandbox (`TypeError`, ...), when known. */
  name?: string;
  /** 1-based line and column relative to the user's code, never to the wrapper. */
  line?: number;
  column?: number;
}

export type SandboxResult =
  | { ok: true; value: unknown; logs: SandboxLog[]; durationMs: number }
  | { ok: false; error: SandboxError; logs: SandboxLog[]; durationMs: number };

export interface Sandbox {
  /** Runs `code` as the body of an async function that may `return` a value (and may `await` promises). */
  runFunction(code: string, scope: SandboxScope, opts: SandboxRunOptions): Promise<SandboxResult>;
  /** Evaluates one JavaScript expression with the same globals; the value is the expression's result. */
  evaluateExpression(expression: string, scope: SandboxScope, opts: SandboxRunOptions): Promise<SandboxResult>;
  dispose(): void;
}

/** Lazily creates (and caches) a sandbox, so flows without code steps never load the WebAssembly. */
export type SandboxProvider = () => Promise<Sandbox>;
