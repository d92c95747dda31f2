/** One step's settings: title, the schema-generated parameter form, and the run behaviour (disabled, on error, timeout). */
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useBackend } from '../../shell/backend-context';
import { useCommands, useEditor, useEditorStore, useStep } from '../../editor/context';
import { renameStep, setParam, setStepFields } from '../../model';
import { fieldsForModule, SchemaForm, validateParams, type CodeRenderProps, type FieldLanguage } from '../../forms';
import { CodeEditorField, CodeFieldTabs, codeTabFields, TestStepSection } from '../code-editor';
import { iconFor, isFunctionModule, stepDisplayTitle } from '../../step-types/presentation';
import { referenceCandidates } from './reference-candidates';
import { useStepNaming } from './naming';
import { withLivePorts } from './live-ports';
import { StepPortsSummary } from './StepPorts';
import { useReferenceDisplay } from '../../step-types/reference-display';
import { StepAccount } from './StepAccount';
import { useModuleDefinition } from '../../queries/modules';
import { StepDebugSection } from '../debugger/StepDebugSection';

const NO_ERRORS = {};

export function StepInspector({ stepId }: { stepId: string }) {
  const { t, i18n } = useTranslation('inspector');
  const language: FieldLanguage = i18n.language === 'zh' ? 'zh' : 'en';
  const step = useStep(stepId);
  const store = useEditorStore();
  const backend = useBackend();
  const { services } = useCommands();
  const listed = services.modules().find((m) => m.id === step?.type);
  const detail = useModuleDefinition(step?.type, listed);
  const module = detail.data ?? listed;
  const fields = useMemo(() => (module ? fieldsForModule(module) : []), [module]);
  const isFunction = isFunctionModule(module);
  // Several code fields (Node-RED's On Start / On Message / On Stop) become tabs; the rest stays the form.
  const tabbed = useMemo(() => (isFunction ? codeTabFields(fields) : []), [isFunction, fields]);
  const formFields = useMemo(() => (tabbed.length > 0 ? fields.filter((f) => !tabbed.includes(f)) : fields), [fields, tabbed]);
  const naming = useStepNaming();
  const moduleList = services.modules();
  const moduleOf = useMemo(() => {
    const byId = new Map(moduleList.map((m) => [m.id, m]));
    return (type: string) => byId.get(type);
  }, [moduleList]);
  // Fields show references by step name and store them in the backend's syntax.
  const display = useReferenceDisplay(moduleOf, language);
  // A read-only flow shows its settings as they are (what ran), without inputs that could not be saved.
  const readOnly = useEditor((s) => s.readOnly);
  // Candidates depend on the structure and titles, not on every keystroke in another field.
  const structureKey = useEditor((s) => s.flow.root);
  const lastOutputs = useEditor((s) => s.run?.steps);
  const candidates = useMemo(
    () => {
      const flow = store.getState().flow;
      const outputs: Record<string, unknown> = {};
      for (const [id, r] of Object.entries(lastOutputs ?? {})) outputs[id] = r.lastOutputs;
      return referenceCandidates(flow, stepId, services.modules(), outputs, language, display.names);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [structureKey, stepId, lastOutputs, services, store, display.names],
  );
  const referenceContext = useMemo(
    () => ({ syntax: display.syntax, naming: display.naming, candidates, display }),
    [display, candidates],
  );
  // Stable per step: a new function would give every form widget a new settings context on each render.
  const renderCode = useCallback(
    (p: CodeRenderProps) => <CodeEditorField {...p} stepId={stepId} functionStep={isFunction} />,
    [stepId, isFunction],
  );
  if (!step) return null;
  // A read-only step is shown as it is: nothing to fix here, so no errors either.
  const errors = readOnly ? NO_ERRORS : validateParams(fields, step.params, { references: { syntax: backend.referenceSyntax, naming }, moduleId: module?.id });
  const edit = store.getState().edit;
  const formProps = {
    values: step.params,
    errors,
    language,
    idPrefix: `step-${stepId}`,
    referenceContext,
    // Function steps' JavaScript and every step's Python open in Monaco; the rest stay plain fields.
    renderCode,
    disabled: readOnly,
    onChange: (values: Record<string, unknown>, key: string) =>
      edit('inspector.setParam', (f) => withLivePorts(setParam(f, stepId, key, values[key]), stepId, backend), {
        mergeKey: `param:${stepId}:${key}`,
      }),
  };
  const label = (x?: { text: string; en?: string }) => (x ? (language === 'en' ? (x.en ?? x.text) : x.text) : '');

  return (
    <div className="fb-step-inspector" data-testid="inspector">
      <header className="fb-inspector-head">
        <span className="fb-step-icon" aria-hidden="true">
          {iconFor(step, module)}
        </span>
        <div>
          <div className="fb-muted fb-small">{module ? label(module.name) : step.type}</div>
          {module?.description && <div className="fb-muted fb-small">{label(module.description)}</div>}
        </div>
      </header>
      {readOnly && (
        <p className="fb-read-only-note" data-testid="inspector-read-only">
          {t('editor:readOnly.inspector')}
        </p>
      )}
      <label className="fb-field">
        <span>{t('title')}</span>
        <input
          className="fb-input"
          value={step.title}
          // An untitled step (vFlow steps carry none) is shown by its module's name: say so in the field.
          placeholder={stepDisplayTitle(step, module, language)}
          readOnly={readOnly}
          data-testid="step-title"
          onChange={(e) => {
            const title = e.target.value;
            edit('step.rename', (f) => renameStep(f, stepId, title, backend.referenceSyntax), { mergeKey: `rename:${stepId}` });
          }}
        />
      </label>
      {!module && <p role="alert" className="fb-danger">{t('unknownModule', { type: step.type })}</p>}
      <StepPortsSummary ports={step.ports} open={fields.some((f) => f.kind === 'code')} />
      {tabbed.length > 0 && (
        <CodeFieldTabs
          fields={tabbed}
          label={(f) => label(f.label)}
          renderField={(f) => (
            <SchemaForm key={f.key} {...formProps} fields={[f]} />
          )}
        />
      )}
      <SchemaForm {...formProps} fields={formFields} />
      <StepAccount stepId={stepId} />
      <TestStepSection stepId={stepId} fields={fields} />
      <StepDebugSection stepId={stepId} module={module} references={{ syntax: backend.referenceSyntax, naming, candidates }} />
      <details className="fb-step-behaviour">
        <summary>{t('behaviour')}</summary>
        <fieldset className="fb-plain-fieldset" disabled={readOnly}>
          <label className="fb-check">
            <input
              type="checkbox"
              checked={!!step.disabled}
              onChange={(e) => edit('step.toggleDisabled', (f) => setStepFields(f, stepId, { disabled: e.target.checked }))}
            />
            {t('disabled')}
          </label>
          <label className="fb-field">
            <span>{t('onError')}</span>
            <select
              className="fb-select"
              value={step.onError ?? 'stop'}
              onChange={(e) => edit('step.onError', (f) => setStepFields(f, stepId, { onError: e.target.value as 'stop' | 'continue' }))}
            >
              <option value="stop">{t('onErrorStop')}</option>
              <option value="continue">{t('onErrorContinue')}</option>
            </select>
          </label>
          <label className="fb-field">
            <span>{t('timeout')}</span>
            <input
              className="fb-input"
              type="number"
              min={0}
              value={step.timeoutMs === undefined ? '' : step.timeoutMs / 1000}
              onChange={(e) => {
                const v = e.target.value;
                edit('step.timeout', (f) => setStepFields(f, stepId, { timeoutMs: v === '' ? undefined : Math.max(0, Number(v)) * 1000 }), {
                  mergeKey: `timeout:${stepId}`,
                });
              }}
            />
          </label>
        </fieldset>
      </details>
    </div>
  );
}
