/** Says plainly that the canvas and list show a past run, with the way back to the live (latest) run. */
import { useTranslation } from 'react-i18next';
import { useEditorStore } from '../../editor/context';
import { formatTime } from './format';
import { showLive, useRunView } from './run-view';

export function PastRunBanner() {
  const { t, i18n } = useTranslation('runs');
  const store = useEditorStore();
  const past = useRunView((s) => s.past);
  const liveStatus = useRunView((s) => s.live?.status ?? null);
  if (!past) return null;
  const started = past.summary?.startedAt ?? past.state.startedAt;
  return (
    <div className="fb-past-banner" role="status" data-testid="viewing-past-run" data-run-id={past.runId}>
      <span>
        {t('past.viewing', { time: formatTime(started, i18n.language), status: t(`status.${past.state.status}`) })}
        {liveStatus === 'running' && ` · ${t('past.liveRunning')}`}
      </span>
      <button type="button" className="fb-button fb-small" onClick={() => showLive(store)} data-testid="back-to-live">
        {liveStatus ? t('past.backToLive') : t('past.close')}
      </button>
    </div>
  );
}
