/** Test helper: checks function-step code against a declaration file with the real TypeScript compiler. */
import ts from 'typescript';
import { CODE_COMPILER_OPTIONS } from './compiler-options';
import { flattenMessage, unwrapDiagnostics, wrapFunctionBody } from './function-body';

export interface Problem {
  code: number;
  message: string;
  /** 1-based line in the user's code. */
  line: number;
}

const libCache = new Map<string, ts.SourceFile>();

export function checkCode(dts: string, code: string): Problem[] {
  const files: Record<string, string> = {
    '/flowbench/step.d.ts': dts,
    '/flowbench/step.check.js': wrapFunctionBody(code),
  };
  const options: ts.CompilerOptions = {
    ...CODE_COMPILER_OPTIONS,
    target: ts.ScriptTarget.ESNext,
    lib: CODE_COMPILER_OPTIONS.lib.map((l) => `lib.${l}.d.ts`),
    // No @types from node_modules: Monaco's worker has none either.
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang) => {
    const text = files[name];
    if (text !== undefined) return ts.createSourceFile(name, text, lang);
    // The standard library files are parsed once per test file, not once per check.
    let lib = libCache.get(name);
    if (!lib) {
      lib = getSourceFile(name, lang);
      if (lib) libCache.set(name, lib);
    }
    return lib;
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name in files || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => files[name] ?? readFile(name);
  const program = ts.createProgram(Object.keys(files), options, host);
  const diagnostics = [
    ...program.getSyntacticDiagnostics(),
    ...program.getSemanticDiagnostics(),
    ...program.getGlobalDiagnostics(),
  ];
  for (const d of diagnostics) {
    if (d.file?.fileName === '/flowbench/step.d.ts')
      throw new Error(`the declarations do not compile: ${flattenMessage(d.messageText)}\n${dts}`);
  }
  return unwrapDiagnostics(diagnostics, code.length).map((d) => ({
    code: d.code,
    message: d.message,
    line: code.slice(0, d.start).split('\n').length,
  }));
}
