/**
 * Live states: every step of the run on screen in the flow's reading order (not the order steps started: a
 * skipped else step reported first would read as if the else ran), with its state and time. Running
 * steps tick from one interval for the whole tab (`useRunClock`; frozen at the scrubber's event in a replay); rows are memoised on their step record, so a
 * tick re-renders the running rows only.
 */
import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { StepRunState } from '../../backends/run-state';
import { useEditor, useEditorStore } from '../../editor/context';
import { formatDuration } from './format';
import { elapsedAt, useRunClock } from './run-clock';
import { runViewOf, selectRunStep } from './run-view';
import { inFlowOrder } from './step-order';
import { useStepLabels } from './use-step-labels';
import { VirtualListbox } from './VirtualListbox';

export function StepsTab() {
  const { t } = useTranslation('runs');
  const store = useEditorStore();
  const run = useEditor((s) => s.run);
  const labels = useStepLabels();
  const focused = useEditor((s) => s.focused);
  const clock = useRunClock(run?.status === 'running');
  const order = useMemo(() => inFlowOrder(run?.stepOrder ?? [], labels.order), [run?.stepOrder, labels.order]);
  if (!run || order.length === 0) return <p className="fb-runs-empty">{t('stepsTab.empty')}</p>;
  return (
    <VirtualListbox
      label={t('steps')}
      count={order.length}
      rowHeight={28}
      active={focused ? order.indexOf(focused) : -1}
      onActiveChange={(i) => selectRunStep(store, order[i]!)}
      onActivate={(i) => {
        selectRunStep(store, order[i]!);
        runViewOf(store).setState({ tab: 'details' });
      }}
      rowProps={(i) => {
        const s = run.steps[order[i]!];
        return { 'data-testid': 'run-step', 'data-step-id': order[i]!, 'data-status': s?.status };
      }}
      renderRow={(i) => {
        const s = run.steps[order[i]!]!;
        return <StepRow step={s} title={labels.label(s.stepId)} now={s.status === 'running' ? clock : null} />;
      }}
      data-testid="run-steps"
    />
  );
}

const StepRow = memo(function StepRow({ step, title, now }: { step: StepRunState; title: string; now: number | null }) {
  const { t } = useTranslation('runs');
  const elapsed = step.status === 'running' ? elapsedAt(step.startedAt, now) : null;
  return (
    <div className="fb-step-row">
      <span className={`fb-dot fb-bg-${step.status}`} aria-hidden="true" />
      <span className="fb-step-title">{title}</span>
      <span className={`fb-step-status fb-status-${step.status}`}>{t(`stepStatus.${step.status}`)}</span>
      <span className="fb-step-time" data-testid={elapsed !== null ? 'run-step-elapsed' : 'run-step-duration'}>
        {elapsed !== null ? t('stepsTab.elapsed', { time: formatDuration(elapsed) }) : formatDuration(step.durationMs)}
      </span>
      {step.runCount > 1 && (
        <span className="fb-step-count">
          {t('iterations', { count: step.runCount })} · {t('stepsTab.total', { time: formatDuration(step.totalDurationMs) })}
        </span>
      )}
      {step.lastError && <span className="fb-danger fb-step-error">{step.lastError.message}</span>}
    </div>
  );
});
