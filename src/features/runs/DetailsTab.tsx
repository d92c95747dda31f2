/**
 * The selected step (store `focused`) in the run on screen: status, timing, error, and its inputs, outputs
 * and logs, per execution when it ran several times (loops).
 */
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listAt, type IterationRecord, type StepRunState } from '../../backends/run-state';
import type { StepMetadata } from '../../backends/trace';
import { LOG_LEVELS, type LogFilter } from './log-filter';
import { useEditor } from '../../editor/context';
import { formatDuration, formatTime } from './format';
import { JsonViewer } from './json/JsonViewer';
import { LogList } from './LogList';
import { useRunView } from './run-view';
import { useStepLabels } from './use-step-labels';

export function DetailsTab() {
  const { t } = useTranslation('runs');
  const focused = useEditor((s) => s.focused);
  const step = useEditor((s) => (s.focused ? s.run?.steps[s.focused] : undefined));
  const labels = useStepLabels();
  const title = focused ? labels.label(focused) : null;
  if (!focused) return <p className="fb-runs-empty">{t('details.noSelection')}</p>;
  if (!step || step.iterations.length === 0) return <p className="fb-runs-empty">{t('details.notRun', { step: title })}</p>;
  // Keyed by step: a new step starts at its latest execution with a fresh tree.
  return <StepDetails key={focused} step={step} title={title ?? focused} />;
}

function StepDetails({ step, title }: { step: StepRunState; title: string }) {
  const { t, i18n } = useTranslation('runs');
  const run = useEditor((s) => s.run);
  const detail = useRunView((s) => s.detail);
  const count = step.iterations.length;
  // null: follow the latest execution (a running loop keeps adding them).
  const [picked, setPicked] = useState<number | null>(null);
  const requested = useMemo(() => {
    if (detail?.stepId !== step.stepId) return null;
    for (let i = count - 1; i >= 0; i--) if (listAt(step.iterations, i)?.key === detail.key) return i;
    return null;
  }, [detail, step, count]);
  const [lastRequest, setLastRequest] = useState(detail);
  if (detail !== lastRequest) {
    // A timeline or log click asked for a given execution: it wins over the user's last pick.
    setLastRequest(detail);
    setPicked(null);
  }
  const index = Math.min(count - 1, picked ?? requested ?? count - 1);
  const record = listAt(step.iterations, index)!;
  const value = useMemo(() => {
    // The tree's top-level keys are labels the user reads, in the UI language.
    const key = (k: string) => t(`details.keys.${k}`);
    const v: Record<string, unknown> = { [key('inputs')]: record.inputs, [key('outputs')]: record.outputs };
    if (record.error) v[key('error')] = record.error;
    if (record.metadata) v[key('metadata')] = record.metadata;
    if (record.ports) v[key('ports')] = record.ports;
    if (record.messageId) v[key('messageId')] = record.messageId;
    return v;
  }, [record, t]);
  const filter = useMemo<LogFilter>(() => ({ levels: new Set(LOG_LEVELS), stepId: step.stepId, iterationKey: count > 1 ? record.key : null }), [step.stepId, count, record.key]);

  return (
    <div className="fb-details" data-testid="run-details" data-step-id={step.stepId} data-iteration={record.key}>
      <div className="fb-details-head">
        <h2 className="fb-details-title">{title}</h2>
        <span className={`fb-status-${record.status}`} data-testid="run-details-status">
          {t(`stepStatus.${record.status}`)}
        </span>
        <span>{formatDuration(record.durationMs)}</span>
        <span className="fb-muted">{formatTime(record.startedAt, i18n.language)}</span>
        {count > 1 && <IterationPicker count={count} index={index} record={record} step={step} onPick={setPicked} />}
      </div>
      {record.error && (
        <div className="fb-details-error" data-testid="run-details-error">
          <strong>{t('details.error')}</strong> {record.error.message}
          {record.error.code && <code> {record.error.code}</code>}
          {record.error.line !== undefined && <span> {t('details.at', { line: record.error.line, column: record.error.column ?? 0 })}</span>}
        </div>
      )}
      {record.streamed !== undefined && (
        <section className="fb-details-stream" aria-label={t('details.streamed')} data-testid="run-details-stream">
          <h3>{t('details.streamed')}</h3>
          <pre aria-live={record.status === 'running' ? 'polite' : 'off'}>{record.streamed}</pre>
        </section>
      )}
      {record.metadata && <MetadataLine metadata={record.metadata} />}
      <div className="fb-details-body">
        <JsonViewer key={record.key} value={value} label={t('details.data', { step: title })} hideRoot height={240} />
        <section className="fb-details-logs" aria-label={t('details.logs')}>
          <h3>{t('details.logs')}</h3>
          {run && <LogList run={run} filter={filter} label={t('details.logsOf', { step: title })} follow={false} />}
        </section>
      </div>
    </div>
  );
}

function IterationPicker({ count, index, record, step, onPick }: { count: number; index: number; record: IterationRecord; step: StepRunState; onPick(i: number): void }) {
  const { t } = useTranslation('runs');
  const inputId = useId();
  const failedAt = useMemo(() => {
    for (let i = 0; i < count; i++) if (listAt(step.iterations, i)?.status === 'failed') return i;
    return -1;
  }, [step.iterations, count]);
  return (
    <div className="fb-iteration-picker" role="group" aria-label={t('details.execution')}>
      <button type="button" className="fb-button fb-small" onClick={() => onPick(Math.max(0, index - 1))} disabled={index === 0} aria-label={t('details.previous')}>
        ‹
      </button>
      <label htmlFor={inputId}>{t('details.execution')}</label>
      <input
        id={inputId}
        className="fb-input fb-small"
        type="number"
        min={1}
        max={count}
        value={index + 1}
        onChange={(e) => {
          const n = Number(e.target.value);
          if (Number.isFinite(n)) onPick(Math.max(0, Math.min(count - 1, Math.round(n) - 1)));
        }}
        data-testid="run-details-iteration"
      />
      <span>{t('details.of', { count })}</span>
      <button type="button" className="fb-button fb-small" onClick={() => onPick(Math.min(count - 1, index + 1))} disabled={index === count - 1} aria-label={t('details.next')}>
        ›
      </button>
      {record.key && <span className="fb-muted">{t('details.iteration', { key: record.key })}</span>}
      {failedAt >= 0 && failedAt !== index && (
        <button type="button" className="fb-link" onClick={() => onPick(failedAt)} data-testid="run-details-first-failed">
          {t('details.firstFailed')}
        </button>
      )}
    </div>
  );
}

/** Tokens and cost of one execution (Dify `execution_metadata`), when the engine reports them. */
function MetadataLine({ metadata }: { metadata: StepMetadata }) {
  const { t, i18n } = useTranslation('runs');
  const parts: string[] = [];
  if (typeof metadata.tokens === 'number') parts.push(t('details.tokens', { count: metadata.tokens }));
  if (typeof metadata.cost === 'number') {
    parts.push(
      metadata.currency
        ? new Intl.NumberFormat(i18n.language, { style: 'currency', currency: metadata.currency, maximumFractionDigits: 6 }).format(metadata.cost)
        : String(metadata.cost),
    );
  }
  if (parts.length === 0) return null;
  return (
    <p className="fb-details-meta fb-muted" data-testid="run-details-metadata">
      {parts.join(' · ')}
    </p>
  );
}
