/**
 * A row's run status: an icon, the status as text for assistive tech and tooltips, and the elapsed time.
 * Only a running step of the live run ticks (its own timer), so a long run re-renders nothing but the running rows' badges.
 */
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { StepRunState } from '../../backends/run-state';
import { elapsedAt, useRunClock } from '../runs/run-clock';

const ICONS: Record<StepRunState['status'], string> = {
  queued: '…',
  running: '◌',
  succeeded: '✓',
  failed: '✕',
  skipped: '↷',
  cancelled: '⊘',
};

export function formatElapsed(ms: number, t: TFunction<'stepList'>): string {
  const safe = Math.max(0, ms);
  if (safe < 1000) return t('duration.ms', { value: Math.round(safe) });
  if (safe < 60_000) return t('duration.s', { value: (safe / 1000).toFixed(safe < 10_000 ? 1 : 0) });
  const total = Math.floor(safe / 1000);
  return t('duration.min', { min: Math.floor(total / 60), s: String(total % 60).padStart(2, '0') });
}

export const RunBadge = memo(function RunBadge({ run }: { run: StepRunState }) {
  const { t } = useTranslation('stepList');
  const running = run.status === 'running';
  // Wall clock for a live run; in a replay, the time of the scrubber's event (never "minutes since the run").
  const clock = useRunClock(running);
  const elapsed = running
    ? elapsedAt(run.startedAt, clock)
    : (run.durationMs ??
      (run.startedAt !== null && run.finishedAt !== null ? run.finishedAt - run.startedAt : null));
  const label = t(`status.${run.status}`);
  return (
    <span className={`fb-sl-badge fb-sl-badge-${run.status}`} title={label} data-status={run.status}>
      <span aria-hidden="true" className="fb-sl-badge-icon">
        {ICONS[run.status]}
      </span>
      <span className="fb-sl-sr">{label}</span>
      {elapsed !== null && <span className="fb-sl-badge-time">{formatElapsed(elapsed, t)}</span>}
      {run.runCount > 1 && (
        <span className="fb-sl-badge-count" title={t('runs', { count: run.runCount })}>
          <span aria-hidden="true">{t('runCount', { count: run.runCount })}</span>
          <span className="fb-sl-sr">{t('runs', { count: run.runCount })}</span>
        </span>
      )}
    </span>
  );
});
