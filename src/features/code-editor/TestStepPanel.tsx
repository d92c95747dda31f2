/**
 * "Test step": runs only this step in the backend's sandbox (`adapter.testStep`) with an editable JSON sample
 * of what earlier steps output and the run inputs, prefilled from the last run. Shows the returned value,
 * console output, timing, and an error with its line; the error line is marked in the editor through the
 * problems store (source `test`), which the Monaco model turns into a marker.
 */
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBackend } from '../../shell/backend-context';
import { useCommands, useEditor, useEditorStore } from '../../editor/context';
import type { EditorStore } from '../../editor/store';
import type { FieldSpec } from '../../forms';
import type { ModuleDefinition } from '../../model/modules';
import type { TestStepResult } from '../../backends/types';
import { isJavaScript } from './CodeEditorField';
import { setCodeProblems } from './problems';
import { defaultSample, formatSample, formatValue, parseSample, sampleRequest, type LastRunValues } from './sample';
import { flushCode } from './session';
import { errorText } from '../../shell/error-text';

/** Renders the panel for steps with JavaScript code, on backends that can test a step. */
export function TestStepSection({ stepId, fields }: { stepId: string; fields: readonly FieldSpec[] }) {
  if (!fields.some((f) => f.kind === 'code' && isJavaScript(f.language))) return null;
  return <TestStepPanel stepId={stepId} />;
}

function lastRunValues(store: EditorStore): LastRunValues | undefined {
  const run = store.getState().run;
  if (!run || run.status === 'idle') return undefined;
  const outputs: Record<string, unknown> = {};
  for (const [id, r] of Object.entries(run.steps))
    if (r.lastOutputs !== undefined) outputs[id] = r.lastOutputs;
  return { outputs, inputs: run.inputs };
}

function sampleFromStore(store: EditorStore, stepId: string, modules: readonly ModuleDefinition[]): string {
  return formatSample(defaultSample(store.getState().flow, stepId, modules, lastRunValues(store)));
}

/** The sandbox ends messages with "(line N)"; the panel and the marker say the line themselves. */
function withoutLineSuffix(message: string): string {
  return message.replace(/\s*\(line \d+(?:, column \d+)?\)\s*$/, '');
}

function duration(ms: number, t: (key: string, values: Record<string, string>) => string): string {
  return ms < 1000
    ? t('test.durationMs', { value: String(Math.max(0, Math.round(ms))) })
    : t('test.durationS', { value: (ms / 1000).toFixed(2) });
}

const PREVIEW_CHARS = 160;

type Outcome = { kind: 'result'; result: TestStepResult } | { kind: 'failure'; message: string };

function TestStepPanel({ stepId }: { stepId: string }) {
  const { t } = useTranslation('codeEditor');
  const backend = useBackend();
  const store = useEditorStore();
  const flowId = useEditor((s) => s.flow.id);
  const { services } = useCommands();
  const supported = backend.capabilities.testStep && typeof backend.testStep === 'function';
  // Settled runs only: the sample should not churn while a run streams in.
  const runKey = useEditor((s) =>
    s.run && s.run.status !== 'idle' && s.run.status !== 'running' ? `${s.run.runId}:${s.run.status}` : null,
  );
  const [sample, setSample] = useState(() => sampleFromStore(store, stepId, services.modules()));
  const edited = useRef(false);
  const [sampleError, setSampleError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const ids = { heading: useId(), sample: useId(), hint: useId(), error: useId() };

  const refill = useCallback(() => {
    edited.current = false;
    setSampleError(null);
    setSample(sampleFromStore(store, stepId, services.modules()));
  }, [store, stepId, services]);

  // A finished run brings real values: take them, unless the user has written their own sample.
  useEffect(() => {
    if (runKey && !edited.current) refill();
  }, [runKey, refill]);

  const run = async () => {
    if (running || !backend.testStep) return;
    const parsed = parseSample(sample);
    if (!parsed.ok) {
      setSampleError(t(parsed.key, parsed.values));
      return;
    }
    setSampleError(null);
    flushCode(flowId, stepId);
    setRunning(true);
    try {
      const flow = store.getState().flow;
      const result = await backend.testStep({ flow, stepId, sample: sampleRequest(flow, parsed.sample) });
      setOutcome({ kind: 'result', result });
      const line = result.ok ? undefined : result.error?.line;
      setCodeProblems(
        flowId,
        stepId,
        'test',
        line === undefined || !result.error
          ? []
          : [
              {
                severity: 'error',
                message: withoutLineSuffix(result.error.message),
                line,
                column: result.error.column ?? 1,
                endLine: line,
                // 0: to the end of the line (the editor knows how long it is).
                endColumn: 0,
                source: 'test',
                ...(result.error.field !== undefined ? { field: result.error.field } : {}),
              },
            ],
      );
    } catch (e) {
      setOutcome({ kind: 'failure', message: errorText(e) });
      setCodeProblems(flowId, stepId, 'test', []);
    } finally {
      setRunning(false);
    }
  };

  const result = outcome?.kind === 'result' ? outcome.result : null;
  const value = result?.ok ? formatValue(result.value) : null;
  const preview = value
    ? value.text.length > PREVIEW_CHARS
      ? `${value.text.slice(0, PREVIEW_CHARS).replace(/\s+/g, ' ')}…`
      : value.text.replace(/\s+/g, ' ')
    : '';

  return (
    <section className="fb-ce-test" aria-labelledby={ids.heading} data-testid="test-step">
      <h3 id={ids.heading} className="fb-ce-test__title">
        {t('test.title')}
      </h3>
      {!supported ? (
        <p className="fb-muted">{t('test.unsupported', { backend: backend.label })}</p>
      ) : (
        <>
          <label className="fb-ce-test__label" htmlFor={ids.sample}>
            {t('test.sampleLabel')}
          </label>
          <p id={ids.hint} className="fb-ce-hint">
            {t('test.sampleHint')}
          </p>
          <textarea
            id={ids.sample}
            className="fb-input fb-code fb-ce-test__sample"
            data-testid="test-step-sample"
            rows={Math.min(14, Math.max(4, sample.split('\n').length))}
            spellCheck={false}
            value={sample}
            aria-describedby={sampleError ? `${ids.hint} ${ids.error}` : ids.hint}
            aria-invalid={sampleError ? true : undefined}
            onChange={(e) => {
              edited.current = true;
              setSample(e.target.value);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void run();
              }
            }}
          />
          {sampleError && (
            <p id={ids.error} role="alert" className="fb-ce-error" data-testid="test-step-sample-error">
              {sampleError}
            </p>
          )}
          <div className="fb-ce-test__actions">
            <button
              type="button"
              className="fb-button fb-primary"
              data-testid="test-step-run"
              disabled={running}
              onClick={() => void run()}
            >
              {running ? t('test.running') : t('test.run')}
            </button>
            <button type="button" className="fb-button" data-testid="test-step-refill" onClick={refill}>
              {lastRunValues(store) ? t('test.fillFromRun') : t('test.fillPlaceholders')}
            </button>
          </div>
          <div role="status" className="fb-ce-test__status" data-testid="test-step-status">
            {running && t('test.running')}
            {!running && outcome?.kind === 'failure' && (
              <p className="fb-ce-error">{t('test.couldNotRun', { message: outcome.message })}</p>
            )}
            {!running && result && (
              <>
                <p className={result.ok ? 'fb-ce-ok' : 'fb-ce-error'}>
                  {result.ok
                    ? t('test.succeeded', { duration: duration(result.durationMs, t) })
                    : t('test.failed', { duration: duration(result.durationMs, t) })}
                  {result.ok && ` ${t('test.returnedPreview', { value: preview })}`}
                </p>
                {result.error && (
                  <p className="fb-ce-error" data-testid="test-step-error">
                    {result.error.line !== undefined
                      ? t('test.errorAt', {
                          line: result.error.line,
                          message: withoutLineSuffix(result.error.message),
                        })
                      : result.error.message}
                  </p>
                )}
              </>
            )}
          </div>
          {result && (
            <div className="fb-ce-test__details" data-testid="test-step-result">
              {value && (
                <>
                  <h4 className="fb-ce-test__subtitle">{t('test.returned')}</h4>
                  <pre className="fb-ce-test__value" data-testid="test-step-value" tabIndex={0}>
                    {value.text}
                  </pre>
                  {value.truncated && (
                    <p className="fb-ce-hint">{t('test.truncated', { count: value.text.length })}</p>
                  )}
                </>
              )}
              <h4 className="fb-ce-test__subtitle">{t('test.console')}</h4>
              {result.logs.length === 0 ? (
                <p className="fb-ce-hint">{t('test.noLogs')}</p>
              ) : (
                <ol className="fb-ce-test__logs" data-testid="test-step-logs">
                  {result.logs.map((l, i) => (
                    <li key={i} className={`fb-ce-log fb-ce-log--${l.level}`}>
                      <span className="fb-ce-log__level">{l.level}</span> {l.message}
                    </li>
                  ))}
                </ol>
              )}
            </div>
          )}
        </>
      )}
    </section>
  );
}
