/**
 * Runs of this flow: status, start, duration, trigger and version; filter by status; open one to see it on
 * canvas and list as it ended; tick two to compare; delete.
 */
import { PartialRunMark } from '../debugger/PartialRunMark';
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { i18next } from '../../i18n';
import { useBackend } from '../../shell/backend-context';
import { noticeStore } from '../../shell/notices';
import type { RunStatus, RunSummary } from '../../backends/types';
import { useEditor, useEditorStore } from '../../editor/context';
import { formatDuration, formatTime } from './format';
import { HISTORY_PAGE, historyAvailable, openPastRun, useDeleteRun, useRunHistory } from './history-queries';
import { runViewOf, useRunView } from './run-view';
import { errorText } from '../../shell/error-text';

const STATUSES: RunStatus[] = ['succeeded', 'failed', 'cancelled', 'timeout', 'running', 'queued'];

export function HistoryTab() {
  const { t } = useTranslation('runs');
  const adapter = useBackend();
  if (!historyAvailable(adapter)) return <p className="fb-runs-empty">{t('history.unsupported', { backend: adapter.label })}</p>;
  return <History />;
}

function History() {
  const { t, i18n } = useTranslation('runs');
  const adapter = useBackend();
  const client = useQueryClient();
  const store = useEditorStore();
  const flowId = useEditor((s) => s.flow.id);
  const shownId = useEditor((s) => s.run?.runId ?? null);
  const compare = useRunView((s) => s.compare);
  const [status, setStatus] = useState<RunStatus | null>(null);
  const [page, setPage] = useState(0);
  const [opening, setOpening] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const history = useRunHistory(flowId, { status, offset: page * HISTORY_PAGE });
  const remove = useDeleteRun(flowId, store);
  const filterId = useId();

  const open = async (run: RunSummary) => {
    setOpening(run.id);
    try {
      await openPastRun(adapter, client, store, run);
    } catch (e) {
      noticeStore.getState().push({ key: 'runs:errors.openFailed', values: { message: errorText(e) }, tone: 'error' });
    } finally {
      setOpening(null);
    }
  };
  const toggleCompare = (id: string) => {
    const [a, b] = compare;
    const next: [string | null, string | null] = a === id ? [b, null] : b === id ? [a, null] : a === null ? [id, null] : b === null ? [a, id] : [b, id];
    runViewOf(store).setState({ compare: next });
  };
  const del = (id: string) => {
    if (confirming !== id) return setConfirming(id);
    setConfirming(null);
    remove.mutate(id, {
      onError: (e) => noticeStore.getState().push({ key: 'runs:errors.deleteFailed', values: { message: errorText(e) }, tone: 'error' }),
    });
  };

  const triggerLabel = useTriggerLabel();
  const items = history.data?.items ?? [];
  // Which version ran means something only where there are versions or a published copy beside the draft.
  const showVersion = adapter.capabilities.versions || adapter.capabilities.publish || items.some((r) => r.versionId !== undefined);
  const total = history.data?.total ?? 0;
  const canCompare = compare[0] !== null && compare[1] !== null;
  return (
    <div className="fb-history">
      <div className="fb-runs-toolbar">
        <label htmlFor={filterId}>{t('history.statusFilter')}</label>
        <select
          id={filterId}
          className="fb-select"
          value={status ?? ''}
          onChange={(e) => {
            setStatus((e.target.value || null) as RunStatus | null);
            setPage(0);
          }}
          data-testid="history-status-filter"
        >
          <option value="">{t('history.allStatuses')}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
        <button className="fb-button" type="button" onClick={() => void history.refetch()} data-testid="history-refresh">
          {t('history.refresh')}
        </button>
        <span className="fb-spacer" />
        <button className="fb-button" type="button" disabled={!canCompare} onClick={() => runViewOf(store).setState({ tab: 'compare' })} data-testid="history-compare-open">
          {t('history.compareSelected')}
        </button>
      </div>
      {history.isError && (
        <p role="alert" className="fb-danger">
          {t('history.loadFailed', { message: errorText(history.error) })}
        </p>
      )}
      {history.isPending ? (
        <p className="fb-runs-empty">{t('history.loading')}</p>
      ) : items.length === 0 ? (
        <p className="fb-runs-empty">{t('history.empty')}</p>
      ) : (
        <div className="fb-table-scroll">
          <table className="fb-table" data-testid="history-list">
            <caption className="fb-visually-hidden">{t('history.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('history.compare')}</th>
                <th scope="col">{t('history.status')}</th>
                <th scope="col">{t('history.started')}</th>
                <th scope="col">{t('history.duration')}</th>
                <th scope="col">{t('history.trigger')}</th>
                {showVersion && <th scope="col">{t('history.version')}</th>}
                <th scope="col">
                  <span className="fb-visually-hidden">{t('history.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((run) => (
                <tr key={run.id} data-testid="history-row" data-run-id={run.id} data-status={run.status} aria-current={run.id === shownId ? 'true' : undefined}>
                  <td>
                    <input
                      type="checkbox"
                      checked={compare.includes(run.id)}
                      onChange={() => toggleCompare(run.id)}
                      aria-label={t('history.pickForCompare', { time: formatTime(run.startedAt, i18n.language) })}
                      data-testid="history-compare"
                    />
                  </td>
                  <td className={`fb-status-${run.status}`}>{t(`status.${run.status}`)}</td>
                  <td>{formatTime(run.startedAt, i18n.language)}</td>
                  <td>{formatDuration(run.finishedAt !== null ? run.finishedAt - run.startedAt : null)}</td>
                  <td>
                    {triggerLabel(run.trigger)} <PartialRunMark run={run} />
                  </td>
                  {showVersion && <td>{run.versionId ?? t('history.draft')}</td>}
                  <td className="fb-row-actions">
                    <button className="fb-button fb-small" type="button" onClick={() => void open(run)} disabled={opening === run.id} data-testid="history-open">
                      {run.id === shownId ? t('history.shown') : t('history.open')}
                    </button>
                    {adapter.deleteRun && (
                      <button
                        className={`fb-button fb-small${confirming === run.id ? ' fb-danger-button' : ''}`}
                        type="button"
                        onClick={() => del(run.id)}
                        onBlur={() => confirming === run.id && setConfirming(null)}
                        data-testid="history-delete"
                      >
                        {confirming === run.id ? t('history.confirmDelete') : t('history.delete')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {total > HISTORY_PAGE && (
        <div className="fb-pager">
          <button className="fb-button fb-small" type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
            {t('history.newer')}
          </button>
          <span>{t('history.page', { from: page * HISTORY_PAGE + 1, to: Math.min(total, (page + 1) * HISTORY_PAGE), total })}</span>
          <button className="fb-button fb-small" type="button" disabled={(page + 1) * HISTORY_PAGE >= total} onClick={() => setPage(page + 1)}>
            {t('history.older')}
          </button>
        </div>
      )}
    </div>
  );
}

/**
 * How a run was started, readably: the backend's own words first (`history.triggers.<trigger>` in its
 * `backend-<kind>` namespace, non-word characters of the trigger as `_`: Dify's `dify:service-api` is
 * `dify_service-api`), then the shared ones (manual, webhook...), else the trigger as the backend gave it.
 */
function useTriggerLabel(): (trigger: string) => string {
  const { t } = useTranslation('runs');
  const adapter = useBackend();
  const ns = `backend-${adapter.id.split(':')[0] ?? ''}`;
  return (trigger) => {
    const key = `history.triggers.${trigger.replace(/[^\w-]/g, '_')}`;
    if (i18next.exists(`${ns}:${key}`)) return t(`${ns}:${key}`);
    return i18next.exists(`runs:${key}`) ? t(key) : trigger;
  };
}
