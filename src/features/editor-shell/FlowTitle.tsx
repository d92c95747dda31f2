/** The flow's name, editable in place; a rename is one undoable edit. */
import { useTranslation } from 'react-i18next';
import { useEditor } from '../../editor/context';

export function FlowTitle() {
  const { t } = useTranslation('editor');
  const name = useEditor((s) => s.flow.name);
  const edit = useEditor((s) => s.edit);
  const readOnly = useEditor((s) => s.readOnly);
  return (
    <input
      className="fb-flow-title"
      aria-label={t('flowName')}
      value={name}
      readOnly={readOnly}
      onChange={(e) => {
        const value = e.target.value;
        edit('flow.rename', (f) => ({ ...f, name: value }), { mergeKey: 'flow.rename' });
      }}
    />
  );
}
