/**
 * Monaco, configured once. Only ever imported from the lazily loaded editor chunk, so none of this is in the
 * first bundle (scripts/check-bundle.ts fails the build if it is).
 *
 * - Workers are bundled by Vite (`?worker`), never fetched from a CDN: the editor worker for text services,
 *   the TypeScript worker for completion, hover and checking.
 * - `@monaco-editor/react` is told to use this bundled Monaco; otherwise its loader fetches one from a CDN.
 * - JavaScript is checked with the shared compiler options; Monaco's own validation is off because the code
 *   is a function body and is checked through a wrapped copy instead (see step-model.ts).
 */
import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor';
import { typescript } from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import TsWorker from 'monaco-editor/languages/features/typescript/ts.worker?worker';
import { CODE_COMPILER_OPTIONS } from '../types/compiler-options';

self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    if (label === 'typescript' || label === 'javascript') return new TsWorker();
    return new EditorWorker();
  },
};

loader.config({ monaco });

typescript.javascriptDefaults.setCompilerOptions({
  ...CODE_COMPILER_OPTIONS,
  lib: [...CODE_COMPILER_OPTIONS.lib],
});
typescript.javascriptDefaults.setDiagnosticsOptions({
  noSemanticValidation: true,
  noSyntaxValidation: true,
  noSuggestionDiagnostics: true,
});
// Our own completion provider replaces the built-in one (see completion.ts); every other feature stays.
// The configuration is replaced as a whole, so the current flags are spread first.
typescript.javascriptDefaults.setModeConfiguration({
  ...typescript.javascriptDefaults.modeConfiguration,
  completionItems: false,
});

export { monaco, typescript };
