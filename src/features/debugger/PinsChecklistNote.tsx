/**
 * In the checklist: pinned steps on a backend that cannot honour pins. Runs there ignore the pins and run
 * those steps for real, so a flow that only worked on pinned data is noticed before it ships.
 */
import { useTranslation } from 'react-i18next';
import { debugCapabilitiesOf } from '../../backends/debug';
import { useEditor } from '../../editor/context';
import { useOptionalBackend } from '../../shell/backend-context';
import { useStepLabels } from '../runs/use-step-labels';
import { useDebugger } from './debugger-store';

export function PinsChecklistNote() {
  const adapter = useOptionalBackend();
  const pins = useDebugger((s) => s.pins);
  const steps = useEditor((s) => s.flow.steps);
  if (!adapter || debugCapabilitiesOf(adapter.capabilities).pins) return null;
  const pinned = Object.keys(pins).filter((id) => id in steps);
  if (pinned.length === 0) return null;
  return <PinnedList pinned={pinned} backend={adapter.label} />;
}

function PinnedList({ pinned, backend }: { pinned: string[]; backend: string }) {
  const { t } = useTranslation('debugger');
  const labels = useStepLabels();
  return (
    <div className="fb-checklist__item fb-checklist__item--flow" data-testid="checklist-pins">
      <span className="fb-checklist__title">{t('checklist.title', { count: pinned.length })}</span>
      <span className="fb-checklist__problems">
        {pinned.map((id) => (
          <span key={id} className="fb-checklist__problem fb-checklist__problem--warning" data-severity="warning" data-step-id={id}>
            <span className="fb-checklist__severity">{t('checklist.severity')}</span>
            <span className="fb-checklist__text">{t('checklist.pinIgnored', { step: labels.label(id), backend })}</span>
          </span>
        ))}
      </span>
    </div>
  );
}
