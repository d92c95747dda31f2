/**
 * The run panel: run the flow (with its run-inputs form), cancel, and follow the run step by step.
 * Steps' live states show on the canvas and the list too; this panel adds the order, timing, outputs and logs.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { useBackend } from '../../app/backend-context';
import { noticeStore } from '../../app/notices';
import { useCommands, useEditor, useEditorStore } from '../../editor/context';
import { listSlice } from '../../backends/run-state';
import { queryKeys } from '../../queries/keys';
import { startEditorRun, type RunControl } from './run-controller';
import { RunInputsDialog } from './RunInputsDialog';

export function RunPanel() {
  const { t } = useTranslation('runs');
  const adapter = useBackend();
  const store = useEditorStore();
  const { services } = useCommands();
  const queryClient = useQueryClient();
  const run = useEditor((s) => s.run);
  const inputs = useEditor((s) => s.flow.inputs);
  const [askInputs, setAskInputs] = useState(false);
  const control = useRef<RunControl | null>(null);

  const start = (values: Record<string, unknown>) => {
    try {
      control.current = startEditorRun(adapter, store, values, {
        onFinished: () => void queryClient.invalidateQueries({ queryKey: queryKeys.runs(adapter.id, store.getState().flow.id) }),
        onError: (e) => noticeStore.getState().push({ key: 'runs:errors.startFailed', values: { message: e instanceof Error ? e.message : String(e) }, tone: 'error' }),
      });
    } catch (e) {
      noticeStore.getState().push({ key: 'runs:errors.startFailed', values: { message: (e as Error).message }, tone: 'error' });
    }
  };
  const requestRun = () => (inputs.length > 0 ? setAskInputs(true) : start({}));

  // Register with the command funnel so Mod+Enter / Mod+. and the palette reach this panel.
  const requestRunRef = useRef(requestRun);
  requestRunRef.current = requestRun;
  useMemo(() => {
    services.run = () => requestRunRef.current();
    services.cancelRun = () => control.current?.cancel();
  }, [services]);
  useEffect(
    () => () => {
      delete services.run;
      delete services.cancelRun;
    },
    [services],
  );

  const running = run?.status === 'running' || run?.status === 'queued';
  const logs = run ? listSlice(run.logs, Math.max(0, run.logs.length - 200)) : [];
  return (
    <section className="fb-run-panel" aria-label={t('title')}>
      <div className="fb-run-bar">
        <button className="fb-button fb-primary" onClick={requestRun} disabled={running || !adapter.capabilities.run} data-testid="run">
          ▶ {t('run')}
        </button>
        <button className="fb-button" onClick={() => control.current?.cancel()} disabled={!running} data-testid="cancel-run">
          ■ {t('cancel')}
        </button>
        {run && (
          <span className={`fb-run-status fb-status-${run.status}`} role="status" data-testid="run-status">
            {t(`status.${run.status}`)}
            {run.durationMs !== null && ` · ${t('duration', { ms: Math.round(run.durationMs) })}`}
          </span>
        )}
        {run?.error && (
          <span className="fb-run-error" role="alert" data-testid="run-error">
            {run.error.message}
          </span>
        )}
      </div>
      {run && (
        <div className="fb-run-body">
          <ol className="fb-run-steps" aria-label={t('steps')}>
            {run.stepOrder.map((id) => {
              const s = run.steps[id];
              if (!s) return null;
              return (
                <li key={id} className={`fb-status-${s.status}`} data-testid="run-step" data-step-id={id} data-status={s.status}>
                  <button className="fb-link" onClick={() => store.getState().select([id], id)}>
                    {store.getState().flow.steps[id]?.title ?? id}
                  </button>
                  <span>{t(`stepStatus.${s.status}`)}</span>
                  {s.durationMs !== null && <span>{t('duration', { ms: Math.round(s.durationMs) })}</span>}
                  {s.runCount > 1 && <span>{t('iterations', { count: s.runCount })}</span>}
                  {s.lastError && <span className="fb-danger">{s.lastError.message}</span>}
                </li>
              );
            })}
          </ol>
          <ol className="fb-run-logs" aria-label={t('logs')}>
            {logs.map((l) => (
              <li key={l.seq} className={`fb-log-${l.level}`}>
                <span className="fb-log-level">{l.level}</span> {l.message}
              </li>
            ))}
          </ol>
        </div>
      )}
      <RunInputsDialog open={askInputs} onOpenChange={setAskInputs} onSubmit={(v) => (setAskInputs(false), start(v))} />
    </section>
  );
}
