/**
 * The Monaco editor of a step's code: loaded lazily (this module and everything it imports form the editor
 * chunk). Uncontrolled: the Monaco model owns the text and the store hears about it through the debounced
 * pusher, so a keystroke re-renders no React component at all.
 *
 * `inline` grows with its content up to a cap, scrolls the page when it is not scrolling itself, and draws
 * its pop-ups (completion, hover) fixed so the inspector's scroll box cannot clip them. `large` fills its
 * dialog, has a minimap and takes focus.
 */
import { Editor, type OnMount } from '@monaco-editor/react';
import { useEffect, useRef, type ReactNode } from 'react';
import type { EditorStore } from '../../../editor/store';
import type { ModuleDefinition } from '../../../model/modules';
import type { TextPusher } from '../text-pusher';
import { registerCompletion } from './completion';
import { acquireStepModel, stepModelPath, type StepModelHandle } from './step-model';
import type { monaco } from './setup';
import './monaco.css';

export interface CodeEditorApi {
  revealPosition(line: number, column: number): void;
  focus(): void;
}

export interface MonacoCodeEditorProps {
  flowId: string;
  stepId: string;
  /** The code field shown (a step may have several). */
  field?: string;
  /** The store's text: the initial text, and later changes that did not come from this editor (undo). */
  value: string;
  pusher: TextPusher;
  /** Monaco language id. JavaScript gets the generated types and checking. */
  language: string;
  mode: 'inline' | 'large';
  ariaLabel: string;
  /** Put on Monaco's input so the field's `<label for>` focuses the editor. */
  inputId?: string;
  describedBy?: string;
  invalid?: boolean;
  theme: 'vs' | 'vs-dark';
  readOnly: boolean;
  store: EditorStore;
  modules: () => readonly ModuleDefinition[];
  uiLanguage: 'en' | 'zh';
  loading: ReactNode;
  onApi?: (api: CodeEditorApi | null) => void;
}

registerCompletion();

const INLINE_MIN_HEIGHT = 96;
const INLINE_MAX_HEIGHT = 420;

export default function MonacoCodeEditor(props: MonacoCodeEditorProps) {
  const { flowId, stepId, mode, language } = props;
  const typed = language === 'javascript';
  const containerRef = useRef<HTMLDivElement | null>(null);
  const handleRef = useRef<StepModelHandle | null>(null);
  const latest = useRef(props);
  latest.current = props;

  useEffect(
    () => () => {
      handleRef.current?.release();
      handleRef.current = null;
      latest.current.onApi?.(null);
    },
    [],
  );

  // Store -> model, for changes this editor did not make (its own echo is recognised by the pusher).
  useEffect(() => {
    handleRef.current?.applyExternal(props.value);
  }, [props.value]);

  const onMount: OnMount = (ed) => {
    const model = ed.getModel();
    if (!model) return;
    const p = latest.current;
    handleRef.current = acquireStepModel(model, {
      flowId,
      stepId,
      ...(p.field !== undefined ? { field: p.field } : {}),
      store: p.store,
      modules: p.modules,
      language: p.uiLanguage,
      pusher: p.pusher,
      typed,
    });
    handleRef.current.applyExternal(p.value);

    const input = ed.getDomNode()?.querySelector('textarea');
    if (input) {
      if (p.inputId) input.id = p.inputId;
      if (p.describedBy) input.setAttribute('aria-describedby', p.describedBy);
      if (p.invalid) input.setAttribute('aria-invalid', 'true');
    }
    // Leaving the editor sends what is pending at once: the next click may be "Run" or another step.
    ed.onDidBlurEditorText(() => latest.current.pusher.flush());

    if (mode === 'inline') {
      const fit = () => {
        const el = containerRef.current;
        if (!el) return;
        // The horizontal scrollbar sits over the last line unless there is room for it.
        const layout = ed.getLayoutInfo();
        const scrollbar = ed.getScrollWidth() > layout.contentWidth ? layout.horizontalScrollbarHeight : 0;
        const height = Math.min(
          INLINE_MAX_HEIGHT,
          Math.max(INLINE_MIN_HEIGHT, ed.getContentHeight() + scrollbar),
        );
        if (el.style.height !== `${height}px`) {
          el.style.height = `${height}px`;
          ed.layout();
        }
      };
      ed.onDidContentSizeChange(fit);
      ed.onDidLayoutChange(fit);
      fit();
    } else {
      ed.focus();
    }
    p.onApi?.({
      revealPosition(line, column) {
        ed.revealPositionInCenter({ lineNumber: line, column });
        ed.setPosition({ lineNumber: line, column });
        ed.focus();
      },
      focus: () => ed.focus(),
    });
  };

  const options: monaco.editor.IStandaloneEditorConstructionOptions = {
    // Monaco's EditContext input loses spaces under automation and some IMEs; the textarea input is solid.
    editContext: false,
    ariaLabel: props.ariaLabel,
    readOnly: props.readOnly,
    automaticLayout: true,
    minimap: { enabled: mode === 'large' },
    scrollBeyondLastLine: mode === 'large',
    fixedOverflowWidgets: mode === 'inline',
    fontSize: 13,
    tabSize: 2,
    lineNumbersMinChars: 3,
    renderLineHighlight: 'line',
    padding: { top: 4, bottom: 4 },
    scrollbar: { alwaysConsumeMouseWheel: mode === 'large' },
    wordBasedSuggestions: 'off',
    quickSuggestions: { other: true, comments: false, strings: false },
    // Long minified lines: Monaco stops rendering after this many characters instead of stalling.
    stopRenderingLineAfter: 10_000,
    // Sticky scroll rebuilds an outline of the whole file from TypeScript's document symbols after every
    // edit: over a second per keystroke pause in a 10 000-line file. Function bodies are short; not worth it.
    stickyScroll: { enabled: false },
  };

  return (
    <div
      ref={containerRef}
      className={`fb-ce-monaco fb-ce-monaco--${mode}`}
      data-testid={`code-editor-${mode}`}
    >
      <Editor
        path={stepModelPath(flowId, stepId, typed, props.field)}
        defaultValue={props.value}
        defaultLanguage={typed ? 'javascript' : language}
        keepCurrentModel
        theme={props.theme}
        options={options}
        onMount={onMount}
        loading={props.loading}
      />
    </div>
  );
}
