/**
 * How a code field renders in the step inspector (SchemaForm's `renderCode`). JavaScript opens in Monaco,
 * inline (growing with the code) and in a large editor dialog; other languages keep the plain text field.
 *
 * This file is in the first bundle; Monaco is not: `MonacoCodeEditor` is a lazy chunk, and a skeleton that
 * looks like the text field stands in while it loads. Nothing here re-renders per keystroke: the editor is
 * uncontrolled and sends its text through a debounced pusher to the form's `onChange` (one undoable step).
 */
import * as Dialog from '@radix-ui/react-dialog';
import { lazy, Suspense, useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useCommands, useEditor, useEditorStore } from '../../editor/context';
import { ReferenceInput, type CodeRenderProps, type FieldLanguage } from '../../forms';
import { LoadErrorBoundary } from './ErrorBoundary';
import type { CodeEditorApi, MonacoCodeEditorProps } from './monaco/MonacoCodeEditor';
import { useCodeProblems, type CodeProblem } from './problems';
import { registerCodeFlush } from './session';
import { createTextPusher, type TextPusher } from './text-pusher';
import { monacoTheme, useAppTheme } from './theme';
import './code-editor.css';

const MonacoCodeEditor = lazy(() => import('./monaco/MonacoCodeEditor'));

export interface CodeEditorFieldProps extends CodeRenderProps {
  stepId: string;
  /**
   * A function step: its JavaScript is a function body, typed and checked. Other steps' JavaScript fields are
   * expressions with `{{...}}` references, which stay the plain field.
   */
  functionStep?: boolean;
}

/** Languages that open in Monaco with generated types. */
export function isJavaScript(language: string | undefined): boolean {
  return !!language && /^(javascript|js)$/i.test(language);
}

/** Languages Monaco edits without types (syntax, folding, find): a Langflow component's Python source. */
export function isUntypedMonacoLanguage(language: string | undefined): boolean {
  return !!language && /^(python|py)$/i.test(language);
}

export function CodeEditorField({ functionStep = true, ...props }: CodeEditorFieldProps) {
  if (isJavaScript(props.language))
    return functionStep ? <JavaScriptCodeField {...props} /> : <PlainCodeField {...props} />;
  if (isUntypedMonacoLanguage(props.language)) return <JavaScriptCodeField {...props} monacoLanguage="python" />;
  return <PlainCodeField {...props} />;
}

/** The form's own plain field, for JSON and other languages (and when Monaco cannot load). */
function PlainCodeField(props: CodeRenderProps & { notice?: ReactNode }) {
  const { i18n } = useTranslation();
  const language: FieldLanguage = i18n.language?.startsWith('zh') ? 'zh' : 'en';
  const common = {
    id: props.id,
    disabled: props.disabled,
    required: props.required,
    spellCheck: false,
    'aria-describedby': props.describedBy,
    'aria-invalid': props.invalid || undefined,
  };
  return (
    <>
      {props.notice}
      {props.referenceContext ? (
        <ReferenceInput
          {...common}
          className="fb-code"
          multiline
          rows={8}
          value={props.value}
          onChange={props.onChange}
          label={props.label}
          references={props.referenceContext}
          language={language}
        />
      ) : (
        <textarea
          {...common}
          className="fb-input fb-code"
          rows={8}
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
    </>
  );
}

const SKELETON_LINES = 30;

/** Looks like the text field and shows the code, so the editor's arrival does not shift the page. */
function Skeleton({ text, mode }: { text: string; mode: 'inline' | 'large' }) {
  const { t } = useTranslation('codeEditor');
  const lines = text.split('\n', SKELETON_LINES);
  return (
    <div
      className={`fb-input fb-code fb-ce-skeleton fb-ce-skeleton--${mode}`}
      aria-busy="true"
      data-testid="code-editor-skeleton"
    >
      <span className="fb-visually-hidden">{t('loading')}</span>
      <pre aria-hidden="true">{lines.join('\n')}</pre>
    </div>
  );
}

function LazyEditor(props: Omit<MonacoCodeEditorProps, 'loading'> & { fallbackField: CodeRenderProps }) {
  const { t } = useTranslation('codeEditor');
  const { fallbackField, ...editorProps } = props;
  const skeleton = <Skeleton text={props.value} mode={props.mode} />;
  return (
    <LoadErrorBoundary
      fallback={(error) => (
        <PlainCodeField
          {...fallbackField}
          notice={
            <p role="alert" className="fb-ce-notice">
              {t('loadFailed', { message: error.message })}
            </p>
          }
        />
      )}
    >
      <Suspense fallback={skeleton}>
        <MonacoCodeEditor {...editorProps} loading={skeleton} />
      </Suspense>
    </LoadErrorBoundary>
  );
}

function ProblemList({
  id,
  open,
  problems,
  onPick,
}: {
  id: string;
  open: boolean;
  problems: readonly CodeProblem[];
  onPick: (p: CodeProblem) => void;
}) {
  const { t } = useTranslation('codeEditor');
  return (
    <ul
      id={id}
      className="fb-ce-problem-list"
      data-testid="code-problem-list"
      hidden={!open || problems.length === 0}
    >
      {problems.map((p, i) => (
        <li key={i} className={`fb-ce-problem fb-ce-problem--${p.severity}`}>
          <button type="button" className="fb-ce-problem__button" onClick={() => onPick(p)}>
            <span className="fb-ce-problem__where">{t('problemAt', { line: p.line, column: p.column })}</span>{' '}
            {p.source === 'test' ? `${t('fromTest')} ` : ''}
            {p.message}
          </button>
        </li>
      ))}
    </ul>
  );
}

function ProblemCount({
  problems,
  expanded,
  controls,
  onToggle,
}: {
  problems: readonly CodeProblem[];
  expanded: boolean;
  controls: string;
  onToggle: () => void;
}) {
  const { t } = useTranslation('codeEditor');
  const errors = problems.filter((p) => p.severity === 'error').length;
  if (problems.length === 0)
    return (
      <span className="fb-ce-count fb-ce-count--ok" data-testid="code-problems">
        {t('noProblems')}
      </span>
    );
  return (
    <button
      type="button"
      className={`fb-ce-count ${errors > 0 ? 'fb-ce-count--error' : 'fb-ce-count--warning'}`}
      data-testid="code-problems"
      aria-expanded={expanded}
      aria-controls={controls}
      onClick={onToggle}
    >
      {t('problems', { count: problems.length })}
    </button>
  );
}

/** A Monaco widget that Escape should close before it closes the dialog. */
const MONACO_POPUPS =
  '.suggest-widget.visible, .parameter-hints-widget.visible, .find-widget.visible, .rename-box, .monaco-hover:not(.hidden)';

/** Monaco for a code field: typed JavaScript (a function body), or an untyped language (`monacoLanguage`). */
function JavaScriptCodeField(props: CodeEditorFieldProps & { monacoLanguage?: string }) {
  const { t, i18n } = useTranslation('codeEditor');
  const { stepId } = props;
  const store = useEditorStore();
  const flowId = useEditor((s) => s.flow.id);
  const stepTitle = useEditor((s) => s.flow.steps[stepId]?.title ?? stepId);
  const { services } = useCommands();
  const modules = useCallback(() => services.modules(), [services]);
  const theme = monacoTheme(useAppTheme());
  const uiLanguage = i18n.language?.startsWith('zh') ? 'zh' : 'en';
  const problems = useCodeProblems(stepId, props.field);
  const [large, setLarge] = useState(false);
  const [listOpen, setListOpen] = useState(false);
  const listId = useId();
  const hintId = useId();
  const largeContent = useRef<HTMLDivElement | null>(null);
  const inlineApi = useRef<CodeEditorApi | null>(null);
  const largeApi = useRef<CodeEditorApi | null>(null);

  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;
  const [pusher] = useState<TextPusher>(() =>
    createTextPusher(props.value, (text) => onChange.current(text)),
  );

  useEffect(() => {
    const unregister = registerCodeFlush(flowId, stepId, () => pusher.flush());
    return () => {
      // Leaving the step (or the flow) must not lose the last few hundred milliseconds of typing.
      pusher.flush();
      unregister();
    };
  }, [flowId, stepId, pusher]);

  const common = {
    flowId,
    stepId,
    field: props.field,
    value: props.value,
    pusher,
    language: props.monacoLanguage ?? 'javascript',
    theme,
    readOnly: props.disabled,
    store,
    modules,
    uiLanguage,
    fallbackField: props,
  } as const;

  const editorLabel = t(props.monacoLanguage === 'python' ? 'editorLabelPython' : 'editorLabel', { label: props.label });

  const reveal = (p: CodeProblem) =>
    (large ? largeApi.current : inlineApi.current)?.revealPosition(p.line, p.column);

  return (
    <div className="fb-ce" data-testid="code-editor">
      <LazyEditor
        {...common}
        mode="inline"
        ariaLabel={editorLabel}
        inputId={props.id}
        {...(props.describedBy ? { describedBy: props.describedBy } : {})}
        invalid={props.invalid}
        onApi={(api) => (inlineApi.current = api)}
      />
      <div className="fb-ce-bar">
        {/* Untyped languages are not checked: no count that would claim "no problems". */}
        {!props.monacoLanguage && (
          <ProblemCount
            problems={problems}
            expanded={listOpen}
            controls={listId}
            onToggle={() => setListOpen((o) => !o)}
          />
        )}
        <span className="fb-ce-hint">{t('tabHint')}</span>
        <Dialog.Root open={large} onOpenChange={setLarge}>
          <Dialog.Trigger asChild>
            <button type="button" className="fb-button fb-ce-expand" data-testid="code-expand">
              {t('expand')}
            </button>
          </Dialog.Trigger>
          <Dialog.Portal>
            <Dialog.Overlay className="fb-overlay" />
            <Dialog.Content
              ref={largeContent}
              className="fb-ce-large"
              data-testid="code-editor-dialog"
              aria-describedby={hintId}
              // Monaco takes focus itself once mounted.
              onOpenAutoFocus={(e) => e.preventDefault()}
              onEscapeKeyDown={(e) => {
                if (largeContent.current?.querySelector(MONACO_POPUPS)) e.preventDefault();
              }}
            >
              <header className="fb-ce-large__head">
                <Dialog.Title className="fb-ce-large__title">
                  {t('largeTitle', { step: stepTitle })}
                </Dialog.Title>
                <ProblemCount
                  problems={problems}
                  expanded={listOpen}
                  controls={`${listId}-large`}
                  onToggle={() => setListOpen((o) => !o)}
                />
                <p id={hintId} className="fb-ce-hint">
                  {t('largeHint')}
                </p>
                <Dialog.Close asChild>
                  <button type="button" className="fb-button" data-testid="code-editor-close">
                    {t('close')}
                  </button>
                </Dialog.Close>
              </header>
              <ProblemList id={`${listId}-large`} open={listOpen} problems={problems} onPick={reveal} />
              <LazyEditor
                {...common}
                mode="large"
                ariaLabel={editorLabel}
                onApi={(api) => (largeApi.current = api)}
              />
            </Dialog.Content>
          </Dialog.Portal>
        </Dialog.Root>
      </div>
      <ProblemList id={listId} open={listOpen && !large} problems={problems} onPick={reveal} />
    </div>
  );
}
