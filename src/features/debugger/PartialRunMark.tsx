/** In run history: a partial run (run from / one / to a step) says so, and from which run it reused outputs. */
import { useTranslation } from 'react-i18next';
import type { RunSummary } from '../../backends/types';

export function PartialRunMark({ run }: { run: RunSummary }) {
  const { t } = useTranslation('debugger');
  if (!run.partial) return null;
  const p = run.partial;
  const title = p.sourceRunId ? t('history.reusedFrom', { run: p.sourceRunId }) : t(`history.mode.${p.mode ?? 'from'}`);
  return (
    <span className="fb-dbg-badge fb-dbg-badge--reused" title={title} data-testid="run-partial">
      {t('history.partial')}
    </span>
  );
}
