/**
 * Two runs side by side, step by step: status, time, and the output paths that differ (run-diff.ts).
 * The runs are picked here or ticked in the history tab.
 */
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBackend } from '../../shell/backend-context';
import { runStateFrom, type RunState } from '../../backends/run-state';
import type { RunSummary } from '../../backends/types';
import { useEditor, useEditorStore } from '../../editor/context';
import { formatDuration, formatTime } from './format';
import { historyAvailable, useRunEvents, useRunHistory } from './history-queries';
import { previewValue } from './json/json-preview';
import { compareRuns, type JsonDiffEntry, type StepSide } from './run-diff';
import { runViewOf, selectRunStep, useRunView } from './run-view';
import { useStepLabels } from './use-step-labels';
import { errorText } from '../../shell/error-text';

export function CompareTab() {
  const { t } = useTranslation('runs');
  const adapter = useBackend();
  if (!historyAvailable(adapter) || !adapter.getRunEvents) return <p className="fb-runs-empty">{t('history.unsupported', { backend: adapter.label })}</p>;
  return <Compare />;
}

function useRunState(runId: string | null): { state: RunState | null; loading: boolean; error: unknown } {
  const q = useRunEvents(runId);
  const state = useMemo(() => (q.data && runId ? runStateFrom(q.data, runId) : null), [q.data, runId]);
  return { state, loading: q.isFetching, error: q.error };
}

function Compare() {
  const { t, i18n } = useTranslation('runs');
  const store = useEditorStore();
  const flowId = useEditor((s) => s.flow.id);
  const labels = useStepLabels();
  const [leftId, rightId] = useRunView((s) => s.compare);
  const [onlyDiff, setOnlyDiff] = useState(false);
  const runs = useRunHistory(flowId, { status: null, offset: 0, limit: 50 }).data?.items ?? [];
  const left = useRunState(leftId);
  const right = useRunState(rightId);
  const rows = useMemo(
    () => (left.state && right.state ? compareRuns(left.state, right.state, { order: labels.order }) : null),
    [left.state, right.state, labels.order],
  );
  const ids = { left: useId(), right: useId() };

  const pick = (side: 0 | 1, id: string) => {
    const next = [...runViewOf(store).getState().compare] as [string | null, string | null];
    next[side] = id || null;
    runViewOf(store).setState({ compare: next });
  };
  const label = (r: RunSummary) => `${formatTime(r.startedAt, i18n.language)} · ${t(`status.${r.status}`)}`;
  const picker = (side: 0 | 1, value: string | null) => (
    <>
      <label htmlFor={side === 0 ? ids.left : ids.right}>{side === 0 ? t('compare.left') : t('compare.right')}</label>
      <select
        id={side === 0 ? ids.left : ids.right}
        className="fb-select"
        value={value ?? ''}
        onChange={(e) => pick(side, e.target.value)}
        data-testid={side === 0 ? 'compare-left' : 'compare-right'}
      >
        <option value="">{t('compare.choose')}</option>
        {value && !runs.some((r) => r.id === value) && <option value={value}>{value}</option>}
        {runs.map((r) => (
          <option key={r.id} value={r.id}>
            {label(r)}
          </option>
        ))}
      </select>
    </>
  );

  const err = left.error ?? right.error;
  return (
    <div className="fb-compare">
      <div className="fb-runs-toolbar">
        {picker(0, leftId)}
        {picker(1, rightId)}
        <label className="fb-check">
          <input type="checkbox" checked={onlyDiff} onChange={(e) => setOnlyDiff(e.target.checked)} data-testid="compare-only-diff" />
          {t('compare.onlyDifferences')}
        </label>
      </div>
      {err != null && (
        <p role="alert" className="fb-danger">
          {t('errors.openFailed', { message: errorText(err) })}
        </p>
      )}
      {!leftId || !rightId ? (
        <p className="fb-runs-empty">{t('compare.pickTwo')}</p>
      ) : !rows || !left.state || !right.state ? (
        <p className="fb-runs-empty">{t('history.loading')}</p>
      ) : (
        <div className="fb-table-scroll">
          <table className="fb-table fb-compare-table" data-testid="compare-table">
            <caption className="fb-visually-hidden">{t('compare.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('compare.step')}</th>
                <th scope="col">{t('compare.leftStatus')}</th>
                <th scope="col">{t('compare.rightStatus')}</th>
                <th scope="col">{t('compare.leftTime')}</th>
                <th scope="col">{t('compare.rightTime')}</th>
                <th scope="col">{t('compare.outputs')}</th>
              </tr>
            </thead>
            <tbody>
              <tr data-testid="compare-run-row" className={left.state.status !== right.state.status ? 'fb-differs' : undefined}>
                <th scope="row">{t('compare.wholeRun')}</th>
                <td className={`fb-status-${left.state.status}`}>{t(`status.${left.state.status}`)}</td>
                <td className={`fb-status-${right.state.status}`}>{t(`status.${right.state.status}`)}</td>
                <td>{formatDuration(left.state.durationMs)}</td>
                <td>{formatDuration(right.state.durationMs)}</td>
                <td />
              </tr>
              {rows
                .filter((r) => !onlyDiff || r.differs)
                .map((r) => (
                  <tr key={r.stepId} data-testid="compare-row" data-step-id={r.stepId} data-differs={r.differs} className={r.differs ? 'fb-differs' : undefined}>
                    <th scope="row">
                      <button type="button" className="fb-link" onClick={() => selectRunStep(store, r.stepId)}>
                        {labels.label(r.stepId)}
                      </button>
                    </th>
                    <StatusCell side={r.left} />
                    <StatusCell side={r.right} />
                    <td>{r.left ? timeText(r.left, t) : '–'}</td>
                    <td>{r.right ? timeText(r.right, t) : '–'}</td>
                    <td>
                      {r.outputs.entries.length === 0 ? (
                        <span className="fb-muted">{t('compare.same')}</span>
                      ) : (
                        <ul className="fb-diff-list">
                          {r.outputs.entries.map((d) => (
                            <DiffEntry key={d.path} entry={d} />
                          ))}
                          {r.outputs.truncated && <li className="fb-muted">{t('compare.more')}</li>}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function timeText(s: StepSide, t: (k: string, v?: Record<string, unknown>) => string): string {
  return s.runCount > 1 ? `${formatDuration(s.durationMs)} (${t('iterations', { count: s.runCount })})` : formatDuration(s.durationMs);
}

function StatusCell({ side }: { side: StepSide | undefined }) {
  const { t } = useTranslation('runs');
  if (!side) return <td className="fb-muted">{t('compare.notRun')}</td>;
  return (
    <td className={`fb-status-${side.status}`} title={side.error}>
      {t(`stepStatus.${side.status}`)}
    </td>
  );
}

function DiffEntry({ entry }: { entry: JsonDiffEntry }) {
  const { t } = useTranslation('runs');
  return (
    <li className={`fb-diff fb-diff-${entry.kind}`} data-testid="compare-diff" data-path={entry.path}>
      <code className="fb-diff-path">{entry.path}</code>{' '}
      <span className="fb-diff-left" aria-label={t('compare.leftValue')}>
        {entry.kind === 'added' ? '∅' : previewValue(entry.left, 40)}
      </span>
      {' → '}
      <span className="fb-diff-right" aria-label={t('compare.rightValue')}>
        {entry.kind === 'removed' ? '∅' : previewValue(entry.right, 40)}
      </span>
    </li>
  );
}
