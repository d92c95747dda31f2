/** Log lines of a run, virtualised and filtered incrementally (log-filter.ts); a line selects its step. */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { iterationKey, listAt, type RunState } from '../../backends/run-state';
import { useEditor, useEditorStore } from '../../editor/context';
import { formatOffset } from './format';
import { createLogIndex, type LogFilter } from './log-filter';
import { selectRunStep } from './run-view';
import { VirtualListbox } from './VirtualListbox';

export function LogList({ run, filter, label, follow = true }: { run: RunState; filter: LogFilter; label: string; follow?: boolean }) {
  const { t } = useTranslation('runs');
  const store = useEditorStore();
  const steps = useEditor((s) => s.flow.steps);
  // One incremental index per mounted list.
  const [index] = useState(createLogIndex);
  const { indices } = useMemo(() => index(run.logs, filter), [index, run.logs, filter]);
  const [active, setActive] = useState(-1);
  const entry = (i: number) => listAt(run.logs, indices[i]!)!;
  if (indices.length === 0) return <p className="fb-runs-empty">{t('logsTab.empty')}</p>;
  return (
    <VirtualListbox
      label={label}
      count={indices.length}
      rowHeight={22}
      active={Math.min(active, indices.length - 1)}
      onActiveChange={setActive}
      follow={follow}
      onActivate={(i) => {
        const e = entry(i);
        if (e.stepId) selectRunStep(store, e.stepId, e.iteration ? iterationKey(e.iteration) : undefined);
      }}
      rowProps={(i) => {
        const e = entry(i);
        return { 'data-testid': 'log-line', 'data-level': e.level, 'data-step-id': e.stepId };
      }}
      renderRow={(i) => {
        const e = entry(i);
        return (
          <div className={`fb-log-line fb-log-${e.level}`}>
            <span className="fb-log-time">{formatOffset(e.at, run.startedAt)}</span>
            <span className="fb-log-level">{t(`logsTab.level.${e.level}`)}</span>
            {e.stepId && (
              <span className="fb-log-step">
                {steps[e.stepId]?.title ?? e.stepId}
                {e.iteration && e.iteration.length > 0 ? ` [${e.iteration.join('.')}]` : ''}
              </span>
            )}
            <span className="fb-log-message">{e.message}</span>
          </div>
        );
      }}
      data-testid="logs-list"
    />
  );
}
