/** All log lines of the run on screen, filtered by level (checkboxes) and by step (a select). */
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEditor } from '../../editor/context';
import { LOG_LEVELS, type LogFilter, type LogLevel } from './log-filter';
import { LogList } from './LogList';
import { inFlowOrder } from './step-order';
import { useStepLabels } from './use-step-labels';

export function LogsTab() {
  const { t } = useTranslation('runs');
  const run = useEditor((s) => s.run);
  const labels = useStepLabels();
  const [levels, setLevels] = useState<ReadonlySet<LogLevel>>(() => new Set(LOG_LEVELS));
  const [stepId, setStepId] = useState<string | null>(null);
  const filter = useMemo<LogFilter>(() => ({ levels, stepId }), [levels, stepId]);
  const selectId = useId();
  if (!run) return <p className="fb-runs-empty">{t('stepsTab.empty')}</p>;
  const toggle = (level: LogLevel) =>
    setLevels((prev) => {
      const next = new Set(prev);
      if (!next.delete(level)) next.add(level);
      return next;
    });
  return (
    <div className="fb-logs-tab">
      <div className="fb-runs-toolbar" role="group" aria-label={t('logsTab.filters')}>
        <fieldset className="fb-log-levels">
          <legend className="fb-visually-hidden">{t('logsTab.levels')}</legend>
          {LOG_LEVELS.map((level) => (
            <label key={level} className={`fb-check fb-log-${level}`}>
              <input type="checkbox" checked={levels.has(level)} onChange={() => toggle(level)} data-testid={`logs-level-${level}`} />
              {t(`logsTab.level.${level}`)} <span className="fb-count">({run.logCounts[level]})</span>
            </label>
          ))}
        </fieldset>
        <label htmlFor={selectId}>{t('logsTab.step')}</label>
        <select id={selectId} className="fb-select" value={stepId ?? ''} onChange={(e) => setStepId(e.target.value || null)} data-testid="logs-step-filter">
          <option value="">{t('logsTab.allSteps')}</option>
          {inFlowOrder(run.stepOrder, labels.order).map((id) => (
            <option key={id} value={id}>
              {labels.label(id)}
            </option>
          ))}
        </select>
      </div>
      <LogList run={run} filter={filter} label={t('logs')} />
    </div>
  );
}
