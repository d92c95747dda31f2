/** The run-inputs form of a flow, asked before a run when the flow declares inputs. */
import * as Dialog from '@radix-ui/react-dialog';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEditor } from '../../editor/context';

export function RunInputsDialog(props: { open: boolean; onOpenChange(o: boolean): void; onSubmit(values: Record<string, unknown>): void }) {
  const { t } = useTranslation('runs');
  const inputs = useEditor((s) => s.flow.inputs);
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const out: Record<string, unknown> = {};
    for (const def of inputs) {
      const raw = values[def.id] ?? (def.defaultValue === undefined ? '' : String(def.defaultValue));
      if (def.required && raw === '') return setError(t('inputs.required', { name: def.label }));
      if (def.type === 'number') {
        if (raw !== '' && Number.isNaN(Number(raw))) return setError(t('inputs.notNumber', { name: def.label }));
        out[def.id] = raw === '' ? undefined : Number(raw);
      } else if (def.type === 'boolean') out[def.id] = raw === 'true';
      else if (def.type === 'json') {
        try {
          out[def.id] = raw === '' ? undefined : JSON.parse(raw);
        } catch {
          return setError(t('inputs.notJson', { name: def.label }));
        }
      } else out[def.id] = raw;
    }
    setError(null);
    props.onSubmit(out);
  };

  return (
    <Dialog.Root open={props.open} onOpenChange={props.onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fb-overlay" />
        <Dialog.Content className="fb-dialog" aria-describedby={undefined}>
          <Dialog.Title>{t('inputs.title')}</Dialog.Title>
          <form onSubmit={submit} className="fb-form">
            {inputs.map((def) => (
              <label key={def.id} className="fb-field">
                <span>
                  {def.label}
                  {def.required && ' *'}
                </span>
                {def.type === 'boolean' ? (
                  <select className="fb-select" value={values[def.id] ?? String(def.defaultValue ?? false)} onChange={(e) => setValues({ ...values, [def.id]: e.target.value })}>
                    <option value="true">true</option>
                    <option value="false">false</option>
                  </select>
                ) : (
                  <input
                    className="fb-input"
                    name={def.id}
                    value={values[def.id] ?? (def.defaultValue === undefined ? '' : String(def.defaultValue))}
                    onChange={(e) => setValues({ ...values, [def.id]: e.target.value })}
                  />
                )}
                {def.description && <small>{def.description}</small>}
              </label>
            ))}
            {error && <p role="alert" className="fb-danger">{error}</p>}
            <div className="fb-dialog-actions">
              <Dialog.Close className="fb-button" type="button">{t('inputs.cancel')}</Dialog.Close>
              <button className="fb-button fb-primary" type="submit" data-testid="run-with-inputs">
                {t('inputs.run')}
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
