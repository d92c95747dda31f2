/**
 * One Monaco text model per open function step, shared by the inline and the large editor (both show the
 * same model, so they never disagree), with what hangs off it:
 * - the generated declarations as an extra lib, replaced when the flow or its last run changes;
 * - type checking through a hidden wrapped copy of the code (the code is a function body; see
 *   types/function-body.ts), markers mapped back onto the visible model and reported to the problems store;
 * - markers for the last test run's error, read from the problems store;
 * - keystrokes to the store through the debounced pusher, and store changes (undo, redo) back into the model.
 *
 * Reference-counted: released by the last editor showing it, it is disposed a moment later (a quick
 * close-and-reopen keeps Monaco's own undo stack).
 */
import type { editor, IDisposable } from 'monaco-editor';
import type { EditorStore } from '../../../editor/store';
import type { ModuleDefinition } from '../../../model/modules';
import { codeProblemsStore, getCodeProblems, problemInField, setCodeProblems, type CodeProblem } from '../problems';
import type { TextPusher } from '../text-pusher';
import { generateStepDts, stepAccessKeys } from '../types/flow-dts';
import { unwrapDiagnostics, wrapFunctionBody, type WrappedDiagnostic } from '../types/function-body';
import { monaco, typescript } from './setup';

export interface StepModelOptions {
  flowId: string;
  stepId: string;
  /** The code field (`code`, or one of several: `func`, `initialize`): one model per field. */
  field?: string;
  store: EditorStore;
  modules: () => readonly ModuleDefinition[];
  language: 'en' | 'zh';
  pusher: TextPusher;
  /** JavaScript: generate types and check. Other languages only sync text. */
  typed: boolean;
}

export interface StepModelHandle {
  /** Puts a value that came from the store (undo, redo) into the model, unless it is the editor's own echo. */
  applyExternal(text: string): void;
  release(): void;
}

const CHECK_DELAY_MS = 300;
const TYPES_OWNER = 'flowbench-types';
const TEST_OWNER = 'flowbench-test';

interface Entry {
  refs: number;
  model: editor.ITextModel;
  opts: StepModelOptions;
  applyingExternal: boolean;
  checkModel: editor.ITextModel | null;
  lib: IDisposable | null;
  dts: string;
  /** Keys of `steps` / `context.res`, for completion of the ones that are not identifiers. */
  accessKeys: ReturnType<typeof stepAccessKeys> | null;
  checkedVersion: number;
  checkTimer: ReturnType<typeof setTimeout> | undefined;
  typesTimer: ReturnType<typeof setTimeout> | undefined;
  disposeTimer: ReturnType<typeof setTimeout> | undefined;
  cleanups: Array<() => void>;
}

const entries = new Map<string, Entry>();

/** A step's single `code` field keeps the plain step path; other fields get one file each under the step. */
function stepFileBase(flowId: string, stepId: string, field: string | undefined): string {
  const base = `file:///flowbench/${encodeURIComponent(flowId)}/${encodeURIComponent(stepId)}`;
  return field === undefined || field === 'code' ? base : `${base}/${encodeURIComponent(field)}`;
}

export function stepModelPath(flowId: string, stepId: string, typed: boolean, field?: string): string {
  return `${stepFileBase(flowId, stepId, field)}${typed ? '.js' : '.txt'}`;
}

function severityOf(category: number): CodeProblem['severity'] | null {
  if (category === 1) return 'error';
  if (category === 0) return 'warning';
  if (category === 3) return 'info';
  return null;
}

function markerSeverity(s: CodeProblem['severity']): monaco.MarkerSeverity {
  return s === 'error'
    ? monaco.MarkerSeverity.Error
    : s === 'warning'
      ? monaco.MarkerSeverity.Warning
      : monaco.MarkerSeverity.Info;
}

/** Problems as markers; lines beyond the model are clamped, and `endColumn: 0` means "to the end of the line". */
function toMarkers(model: editor.ITextModel, problems: readonly CodeProblem[]): editor.IMarkerData[] {
  const lines = model.getLineCount();
  return problems.map((p) => {
    const line = Math.min(Math.max(1, p.line), lines);
    const endLine = Math.min(Math.max(line, p.endLine), lines);
    return {
      severity: markerSeverity(p.severity),
      message: p.message,
      startLineNumber: line,
      // A whole-line marker (a runtime error) starts at the code, not at the indentation.
      startColumn:
        p.endColumn === 0 && p.column <= 1 ? model.getLineFirstNonWhitespaceColumn(line) || 1 : p.column,
      endLineNumber: endLine,
      endColumn: p.endColumn > 0 ? p.endColumn : model.getLineMaxColumn(endLine),
      ...(p.code !== undefined ? { code: String(p.code), source: 'ts' } : {}),
    };
  });
}

function lastRunOf(store: EditorStore) {
  const run = store.getState().run;
  if (!run) return undefined;
  const outputs: Record<string, unknown> = {};
  for (const [id, r] of Object.entries(run.steps))
    if (r.lastOutputs !== undefined) outputs[id] = r.lastOutputs;
  return { outputs, inputs: run.inputs };
}

function updateTypes(e: Entry): void {
  const { flowId, stepId, field, store, modules, language } = e.opts;
  const flow = store.getState().flow;
  e.accessKeys = stepAccessKeys(flow, stepId, modules(), language);
  const dts = generateStepDts({
    flow,
    stepId,
    modules: modules(),
    lastRun: lastRunOf(store),
    language,
    ...(field !== undefined ? { codeField: field } : {}),
  });
  if (dts === e.dts) return;
  e.dts = dts;
  // Same file path: Monaco replaces the lib (one lib per step, never an accumulation).
  e.lib?.dispose();
  e.lib = typescript.javascriptDefaults.addExtraLib(dts, `${stepFileBase(flowId, stepId, field)}.d.ts`);
  e.checkedVersion = -1;
  scheduleCheck(e);
}

function scheduleCheck(e: Entry): void {
  if (e.checkTimer !== undefined) clearTimeout(e.checkTimer);
  e.checkTimer = setTimeout(() => void check(e), CHECK_DELAY_MS);
}

async function check(e: Entry): Promise<void> {
  e.checkTimer = undefined;
  const { model } = e;
  if (model.isDisposed() || !e.checkModel) return;
  const version = model.getVersionId();
  if (version === e.checkedVersion) return;
  const code = model.getValue();
  e.checkModel.setValue(wrapFunctionBody(code));
  const fileName = e.checkModel.uri.toString();
  let diagnostics: WrappedDiagnostic[];
  try {
    const getWorker = await typescript.getJavaScriptWorker();
    const worker = await getWorker(e.checkModel.uri);
    const [syntactic, semantic] = await Promise.all([
      worker.getSyntacticDiagnostics(fileName),
      worker.getSemanticDiagnostics(fileName),
    ]);
    diagnostics = [...syntactic, ...semantic];
  } catch {
    return; // The worker went away (editor closed); the next check starts a new one.
  }
  // A newer edit arrived meanwhile: its own check will report.
  if (model.isDisposed() || model.getVersionId() !== version) return;
  e.checkedVersion = version;
  const problems: CodeProblem[] = [];
  for (const d of unwrapDiagnostics(diagnostics, code.length)) {
    const severity = severityOf(d.category);
    if (!severity) continue;
    const start = model.getPositionAt(d.start);
    const end = model.getPositionAt(d.end);
    problems.push({
      severity,
      message: d.message,
      line: start.lineNumber,
      column: start.column,
      endLine: end.lineNumber,
      endColumn: end.column,
      source: 'types',
      code: d.code,
    });
  }
  monaco.editor.setModelMarkers(model, TYPES_OWNER, toMarkers(model, problems));
  setCodeProblems(e.opts.flowId, e.opts.stepId, 'types', problems, e.opts.field);
}

function showTestMarkers(e: Entry): void {
  if (e.model.isDisposed()) return;
  const test = getCodeProblems(e.opts.flowId, e.opts.stepId).filter(
    (p) => p.source === 'test' && problemInField(p, e.opts.field),
  );
  monaco.editor.setModelMarkers(e.model, TEST_OWNER, toMarkers(e.model, test));
}

function setUp(e: Entry): void {
  const { model, opts } = e;
  const onContent = model.onDidChangeContent(() => {
    if (e.applyingExternal) return;
    e.opts.pusher.push(() => model.getValue());
    if (opts.typed) scheduleCheck(e);
  });
  e.cleanups.push(() => onContent.dispose());

  let lastTest = getCodeProblems(opts.flowId, opts.stepId);
  showTestMarkers(e);
  e.cleanups.push(
    codeProblemsStore.subscribe(() => {
      const now = getCodeProblems(opts.flowId, opts.stepId);
      if (now === lastTest) return;
      lastTest = now;
      showTestMarkers(e);
    }),
  );

  if (!opts.typed) return;
  const checkUri = monaco.Uri.parse(`${model.uri.toString().replace(/\.js$/, '')}.check.js`);
  e.checkModel = monaco.editor.getModel(checkUri) ?? monaco.editor.createModel('', 'javascript', checkUri);
  updateTypes(e);
  // Types follow the flow (structure, titles, inputs) and the last run; recomputed once things settle.
  e.cleanups.push(
    opts.store.subscribe((s, prev) => {
      if (s.flow === prev.flow && s.run === prev.run) return;
      if (e.typesTimer !== undefined) clearTimeout(e.typesTimer);
      e.typesTimer = setTimeout(() => {
        e.typesTimer = undefined;
        updateTypes(e);
      }, CHECK_DELAY_MS);
    }),
  );
  scheduleCheck(e);
}

function tearDown(key: string, e: Entry): void {
  entries.delete(key);
  for (const c of e.cleanups) c();
  for (const t of [e.checkTimer, e.typesTimer, e.disposeTimer]) if (t !== undefined) clearTimeout(t);
  const hadLib = e.lib !== null;
  e.lib?.dispose();
  e.checkModel?.dispose();
  if (!e.model.isDisposed()) e.model.dispose();
  // Extra libs are global to the TypeScript worker: what the others were checked against just changed.
  if (hadLib)
    for (const other of entries.values()) {
      if (!other.opts.typed) continue;
      other.checkedVersion = -1;
      scheduleCheck(other);
    }
}

/** The step-access keys of an open model (completion reads them). */
export function accessKeysOf(modelUri: string): ReturnType<typeof stepAccessKeys> | null {
  return entries.get(modelUri)?.accessKeys ?? null;
}

/** Called by each editor showing the model (inline, large) once Monaco created or found it. */
export function acquireStepModel(model: editor.ITextModel, opts: StepModelOptions): StepModelHandle {
  const key = model.uri.toString();
  let e = entries.get(key);
  if (e && e.model !== model) {
    tearDown(key, e);
    e = undefined;
  }
  if (!e) {
    // Another field of the same step that no editor shows any more (a tab switch): its declarations (a
    // Node-RED On Message's `msg`) must not leak into this field's check, so it goes now, not in a moment.
    for (const [k, other] of entries)
      if (other.refs === 0 && other.opts.flowId === opts.flowId && other.opts.stepId === opts.stepId) tearDown(k, other);
    e = {
      refs: 0,
      model,
      opts,
      applyingExternal: false,
      checkModel: null,
      lib: null,
      dts: '',
      accessKeys: null,
      checkedVersion: -1,
      checkTimer: undefined,
      typesTimer: undefined,
      disposeTimer: undefined,
      cleanups: [],
    };
    entries.set(key, e);
    setUp(e);
  }
  const entry = e;
  entry.opts = opts;
  entry.refs++;
  if (entry.disposeTimer !== undefined) {
    clearTimeout(entry.disposeTimer);
    entry.disposeTimer = undefined;
  }
  let released = false;
  return {
    applyExternal(text) {
      const { pusher } = entry.opts;
      if (entry.model.isDisposed() || text === pusher.lastSent) return;
      pusher.lastSent = text;
      if (text === entry.model.getValue()) return;
      pusher.cancel();
      entry.applyingExternal = true;
      try {
        // An edit, not setValue: Monaco's own undo stack survives an app-level undo.
        entry.model.pushEditOperations([], [{ range: entry.model.getFullModelRange(), text }], () => null);
      } finally {
        entry.applyingExternal = false;
      }
      if (entry.opts.typed) scheduleCheck(entry);
    },
    release() {
      if (released) return;
      released = true;
      entry.refs--;
      if (entry.refs > 0) return;
      entry.disposeTimer = setTimeout(() => {
        if (entry.refs === 0 && entries.get(key) === entry) tearDown(key, entry);
      }, 1000);
    },
  };
}
