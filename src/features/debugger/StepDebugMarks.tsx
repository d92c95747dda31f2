/**
 * A step's debugger marks, in the canvas node and the list row alike: the breakpoint dot (a toggle), and
 * badges for a pinned output, a run paused before the step, and an output reused from another run.
 */
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { useEditor } from '../../editor/context';
import { toggleBreakpoint, useDebugger, useDebuggerStore } from './debugger-store';
import './debugger.css';

export const StepDebugMarks = memo(function StepDebugMarks({ stepId, title }: { stepId: string; title: string }) {
  const { t } = useTranslation('debugger');
  const store = useDebuggerStore();
  const bp = useDebugger((s) => s.breakpoints[stepId]);
  const pinned = useDebugger((s) => stepId in s.pins);
  const paused = useEditor((s) => s.run?.paused?.stepId === stepId);
  const reused = useEditor((s) => s.run?.steps[stepId]?.reused?.source);
  const reusedRun = useEditor((s) => {
    const r = s.run?.steps[stepId]?.reused;
    return r?.source === 'run' ? r.runId : undefined;
  });
  const label = bp ? t('breakpoint.remove', { title }) : t('breakpoint.add', { title });
  return (
    <span className="fb-dbg-marks">
      <button
        type="button"
        tabIndex={-1}
        className={`fb-dbg-bp nodrag${bp ? ' is-on' : ''}${bp?.condition ? ' is-conditional' : ''}`}
        aria-pressed={!!bp}
        aria-label={label}
        title={bp?.condition ? `${label}: ${bp.condition}` : label}
        data-testid={`breakpoint-${stepId}`}
        onMouseDown={(e) => e.preventDefault()}
        onClick={(e) => {
          e.stopPropagation();
          toggleBreakpoint(store, stepId);
        }}
      >
        <span aria-hidden="true" className="fb-dbg-bp__dot" />
      </button>
      {pinned && (
        <span className="fb-dbg-badge fb-dbg-badge--pin" title={t('pin.badge')} data-testid={`pinned-${stepId}`}>
          <span aria-hidden="true">📌</span> {t('pin.short')}
        </span>
      )}
      {paused && (
        <span className="fb-dbg-badge fb-dbg-badge--paused" role="status" data-testid={`paused-${stepId}`}>
          <span aria-hidden="true">‖</span> {t('paused.badge')}
        </span>
      )}
      {reused && (
        <span className="fb-dbg-badge fb-dbg-badge--reused" title={t(`reused.${reused}`, { run: reusedRun })} data-testid={`reused-${stepId}`}>
          {t(`reused.short.${reused}`)}
        </span>
      )}
    </span>
  );
});
