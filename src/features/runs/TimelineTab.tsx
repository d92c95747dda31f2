/**
 * The waterfall of the run on screen (timeline-layout.ts): one row per step, one bar per execution, coloured
 * by status from the theme. Hovering a bar shows its step and duration; clicking selects the step (and that
 * execution in the details tab). Rows are a keyboard listbox: arrows move, Enter selects the step.
 */
import { useMemo, useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useEditor, useEditorStore } from '../../editor/context';
import { formatDuration } from './format';
import { useRunClock } from './run-clock';
import { selectRunStep } from './run-view';
import { layoutTimeline, timeTicks, type TimelineBar, type TimelineCache } from './timeline-layout';
import { useStepLabels } from './use-step-labels';
import { VirtualListbox } from './VirtualListbox';

interface Tip {
  x: number;
  y: number;
  text: string;
}

export function TimelineTab() {
  const { t } = useTranslation('runs');
  const store = useEditorStore();
  const run = useEditor((s) => s.run);
  const labels = useStepLabels();
  const focused = useEditor((s) => s.focused);
  const clock = useRunClock(run?.status === 'running', 500);
  const now = clock ?? run?.startedAt ?? 0;
  const [cache] = useState<TimelineCache>(() => new Map());
  const layout = useMemo(() => (run ? layoutTimeline(run, now, { cache }) : null), [run, now, cache]);
  const [tip, setTip] = useState<Tip | null>(null);
  if (!run || !layout || layout.rows.length === 0) return <p className="fb-runs-empty">{t('stepsTab.empty')}</p>;
  const titleOf = labels.label;
  const pct = (ms: number) => `${(ms / layout.span) * 100}%`;

  const describe = (bar: TimelineBar) => {
    const name = bar.key ? t('timeline.iterationOf', { step: titleOf(bar.stepId), key: bar.key }) : titleOf(bar.stepId);
    const duration = formatDuration(bar.end - bar.start);
    return bar.count > 1
      ? t('timeline.tipMerged', { step: titleOf(bar.stepId), count: bar.count, duration })
      : t('timeline.tip', { step: name, status: t(`stepStatus.${bar.status}`), duration });
  };
  const showTip = (e: MouseEvent, bar: TimelineBar) => {
    const box = (e.currentTarget.closest('.fb-timeline') as HTMLElement | null)?.getBoundingClientRect();
    setTip({ x: e.clientX - (box?.left ?? 0) + 12, y: e.clientY - (box?.top ?? 0) + 12, text: describe(bar) });
  };

  const header = (
    <div className="fb-tl-axis" aria-hidden="true">
      <span className="fb-tl-label" />
      <span className="fb-tl-track">
        {timeTicks(layout.span).map((tick) => (
          <span key={tick} className="fb-tl-tick" style={{ left: pct(tick) }}>
            {formatDuration(tick)}
          </span>
        ))}
      </span>
    </div>
  );

  return (
    <div className="fb-timeline" data-testid="timeline" onMouseLeave={() => setTip(null)}>
      <VirtualListbox
        label={t('timeline.label')}
        header={header}
        count={layout.rows.length}
        rowHeight={24}
        active={focused ? layout.rows.findIndex((r) => r.stepId === focused) : -1}
        onActiveChange={(i) => selectRunStep(store, layout.rows[i]!.stepId)}
        rowProps={(i) => ({ 'data-testid': 'timeline-row', 'data-step-id': layout.rows[i]!.stepId })}
        renderRow={(i) => {
          const row = layout.rows[i]!;
          const step = run.steps[row.stepId];
          return (
            <div className="fb-tl-row">
              <span className="fb-tl-label" title={titleOf(row.stepId)}>
                {titleOf(row.stepId)}
              </span>
              <span className="fb-tl-track" aria-label={t('timeline.rowSummary', { count: step?.runCount ?? 0, duration: formatDuration(step?.totalDurationMs) })}>
                {row.bars.map((bar) => (
                  <span
                    key={bar.index}
                    className={`fb-tl-bar fb-bg-${bar.status}`}
                    style={{ left: pct(bar.start), width: pct(bar.end - bar.start) }}
                    data-testid="timeline-bar"
                    data-step-id={bar.stepId}
                    data-iteration={bar.key}
                    data-status={bar.status}
                    data-count={bar.count}
                    onMouseEnter={(e) => showTip(e, bar)}
                    onMouseMove={(e) => showTip(e, bar)}
                    onClick={(e) => {
                      e.stopPropagation();
                      selectRunStep(store, bar.stepId, bar.key);
                    }}
                  />
                ))}
              </span>
            </div>
          );
        }}
      />
      {tip && (
        <div className="fb-tl-tip" role="tooltip" style={{ left: tip.x, top: tip.y }} data-testid="timeline-tooltip">
          {tip.text}
        </div>
      )}
    </div>
  );
}
