/**
 * The inspector: the focused step's settings form, generated from its module's input schema (no step type
 * has a hand-written form), or the flow's own settings when nothing is selected.
 */
import { useTranslation } from 'react-i18next';
import { useEditor } from '../../editor/context';
import { FlowSettings } from './FlowSettings';
import { StepInspector } from './StepInspector';
import './inspector.css';

export function Inspector() {
  const { t } = useTranslation('inspector');
  const focused = useEditor((s) => s.focused);
  const count = useEditor((s) => s.selection.length);
  const exists = useEditor((s) => (s.focused ? s.focused in s.flow.steps : false));
  if (count > 1) return <p className="fb-muted">{t('multiple', { count })}</p>;
  if (!focused || !exists) return <FlowSettings />;
  return <StepInspector key={focused} stepId={focused} />;
}
