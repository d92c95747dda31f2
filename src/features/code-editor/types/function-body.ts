/**
 * The code of a function step is a function BODY: it may `return` and `await` at its top level. TypeScript
 * checks a file as a script, where a top-level `return` is a grammar error and (worse) the checker skips the
 * returned expression entirely, so `return steps.a.nope` would never be flagged. So the checker gets a
 * wrapped copy, an async function expression around the code, and problems are mapped back to the code.
 *
 * The wrapper is an expression, not a named function, so it adds no global name to completion.
 */

export const BODY_PREFIX = '(async function () {\n';
export const BODY_SUFFIX = '\n})();\n';

export function wrapFunctionBody(code: string): string {
  return `${BODY_PREFIX}${code}${BODY_SUFFIX}`;
}

/**
 * A range in the wrapped text as offsets into the code. Problems inside the wrapper itself (a missing `}`
 * reported at the closing line) are clamped to the end of the code, where the user can fix them.
 */
export function unwrapRange(
  start: number,
  length: number,
  codeLength: number,
): { start: number; end: number } {
  const clamp = (n: number) => Math.min(Math.max(n, 0), codeLength);
  const s = clamp(start - BODY_PREFIX.length);
  const e = clamp(start + Math.max(length, 0) - BODY_PREFIX.length);
  return { start: s, end: Math.max(s, e) };
}

/** TypeScript diagnostic messages may be chains ("Type X is not assignable... because..."). */
export interface MessageChain {
  messageText: string;
  next?: MessageChain[];
}

export function flattenMessage(message: string | MessageChain, indent = 0): string {
  if (typeof message === 'string') return message;
  const head = `${'  '.repeat(indent)}${message.messageText}`;
  const rest = (message.next ?? []).map((n) => flattenMessage(n, indent + 1));
  return [head, ...rest].join('\n');
}

/** The fields of a TypeScript diagnostic this module reads (compiler and Monaco worker shapes alike). */
export interface WrappedDiagnostic {
  code: number;
  category: number;
  start?: number;
  length?: number;
  messageText: string | MessageChain;
}

export interface CodeDiagnostic {
  code: number;
  /** TypeScript's category: 0 warning, 1 error, 2 suggestion, 3 message. */
  category: number;
  message: string;
  /** Offsets into the user's code. */
  start: number;
  end: number;
}

/**
 * Diagnostics of the wrapped text as diagnostics of the code. An unclosed block makes the parser trip over
 * the wrapper's closing line several times ("Declaration expected", "Expression expected", "'}' expected");
 * only one of those is kept, preferably the one that says what is missing.
 */
export function unwrapDiagnostics(
  diagnostics: readonly WrappedDiagnostic[],
  codeLength: number,
): CodeDiagnostic[] {
  const suffixStart = BODY_PREFIX.length + codeLength;
  const inCode: CodeDiagnostic[] = [];
  const inWrapper: CodeDiagnostic[] = [];
  for (const d of diagnostics) {
    const start = d.start ?? 0;
    const { start: s, end } = unwrapRange(start, d.length ?? 0, codeLength);
    const mapped = {
      code: d.code,
      category: d.category,
      message: flattenMessage(d.messageText),
      start: s,
      end,
    };
    (start >= suffixStart || start < BODY_PREFIX.length ? inWrapper : inCode).push(mapped);
  }
  const wrapperOne = inWrapper.find((d) => d.code === 1005) ?? inWrapper[inWrapper.length - 1];
  return wrapperOne ? [...inCode, wrapperOne] : inCode;
}
