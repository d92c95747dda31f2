/**
 * Live states: every step of the run on screen in the order it started, with its state and time. Running
 * steps tick from one interval for the whole tab (`useNow`); rows are memoised on their step record, so a
 * tick re-renders the running rows only.
 */
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { StepRunState } from '../../backends/run-state';
import { useEditor, useEditorStore } from '../../editor/context';
import type { ModuleDefinition } from '../../model/modules';
import { useModules } from '../../queries/hooks';
import { stepDisplayTitle } from '../../step-types/presentation';
import { formatDuration } from './format';
import { runViewOf, selectRunStep, showingLive, useRunView } from './run-view';
import { useNow } from './use-now';
import { VirtualListbox } from './VirtualListbox';

export function StepsTab() {
  const { t, i18n } = useTranslation('runs');
  const store = useEditorStore();
  const modules = useModules().data;
  const run = useEditor((s) => s.run);
  const steps = useEditor((s) => s.flow.steps);
  const focused = useEditor((s) => s.focused);
  const live = useRunView(showingLive);
  const now = useNow(live && run?.status === 'running');
  if (!run || run.stepOrder.length === 0) return <p className="fb-runs-empty">{t('stepsTab.empty')}</p>;
  const order = run.stepOrder;
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
        const step = steps[s.stepId];
        // Untitled steps (vFlow's carry no titles) go by their module's name, as in the list and on the canvas.
        const module: ModuleDefinition | undefined = step ? modules?.find((m) => m.id === step.type) : undefined;
        const title = step ? stepDisplayTitle(step, module, i18n.language === 'zh' ? 'zh' : 'en') || s.stepId : s.stepId;
        return <StepRow step={s} title={title} now={live && s.status === 'running' ? now : 0} />;
      }}
      data-testid="run-steps"
    />
  );
}

const StepRow = memo(function StepRow({ step, title, now }: { step: StepRunState; title: string; now: number }) {
  const { t } = useTranslation('runs');
  const elapsed = step.status === 'running' && step.startedAt !== null && now > 0 ? Math.max(0, now - step.startedAt) : null;
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
