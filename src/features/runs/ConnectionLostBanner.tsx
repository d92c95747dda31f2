/**
 * Says that a run's trace broke off and the run may still be going on the backend, with the ways on:
 * Reconnect (read the trace back and follow it to its end) and Check (one look). See connection-lost.ts.
 */
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useBackend } from '../../shell/backend-context';
import { useEditorStore } from '../../editor/context';
import { errorText } from '../../shell/error-text';
import { reconnectRun, useLostRun } from './connection-lost';

export function ConnectionLostBanner({ onFinished }: { onFinished?(runId: string): void }) {
  const { t: tAll } = useTranslation();
  const { t } = useTranslation('runs-connection');
  const store = useEditorStore();
  const adapter = useBackend();
  const lost = useLostRun();
  const busy = useRef(false);
  if (!lost) return null;
  const go = (follow: boolean) => {
    if (busy.current) return;
    busy.current = true;
    void reconnectRun(store, adapter, { follow, onFinished }).finally(() => (busy.current = false));
  };
  const checking = lost.phase === 'checking';
  return (
    <div className="fb-past-banner fb-lost-banner" role="alert" data-testid="run-connection-lost" data-phase={lost.phase}>
      <span>
        <strong>{t('title')}</strong> {lost.phase === 'still-running' ? t('stillRunning') : checking ? t('checking') : t('body')}
        {lost.error !== undefined && lost.phase === 'lost' && <span className="fb-muted"> ({errorText(lost.error, tAll)})</span>}
        {!lost.canReconnect && ` ${t('noHistory', { backend: adapter.label })}`}
      </span>
      {lost.canReconnect && (
        <>
          <button type="button" className="fb-button fb-small fb-primary" disabled={checking} onClick={() => go(true)} data-testid="run-reconnect">
            {t('reconnect')}
          </button>
          <button type="button" className="fb-button fb-small" disabled={checking} onClick={() => go(false)} data-testid="run-check">
            {t('check')}
          </button>
        </>
      )}
    </div>
  );
}
