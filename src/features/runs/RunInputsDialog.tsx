/**
 * The run-inputs form of a flow, asked before a run when the flow declares inputs. Built like a step's
 * settings: the inputs become fields (`fieldsForRunInputs`) rendered by `<SchemaForm>` and validated by the
 * same validation path (required, numbers), plus JSON parsing; errors show inline once the user tries to run.
 */
import * as Dialog from '@radix-ui/react-dialog';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEditor } from '../../editor/context';
import { fieldDomId, SchemaForm, type FormErrors } from '../../forms';
import { fieldsForRunInputs, initialRunInputValues, readRunInputs } from '../checklist/run-inputs';

const ID_PREFIX = 'run-input';

export function RunInputsDialog(props: {
  open: boolean;
  onOpenChange(o: boolean): void;
  onSubmit(values: Record<string, unknown>): void;
}) {
  const { t } = useTranslation('runs');
  const { t: tc } = useTranslation('checklist');
  const inputs = useEditor((s) => s.flow.inputs);
  const fields = fieldsForRunInputs(inputs);
  const [values, setValues] = useState<Record<string, unknown> | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const [openFor, setOpenFor] = useState(props.open);

  // Each opening starts from the defaults (the previous run's typing is not kept across flows' input changes).
  if (openFor !== props.open) {
    setOpenFor(props.open);
    if (props.open) {
      setValues(null);
      setSubmitted(false);
    }
  }
  const current = values ?? initialRunInputValues(inputs);
  const result = readRunInputs(inputs, current, (message) => tc('runInputs.invalidJson', { message }));
  const errors: FormErrors = submitted && !result.ok ? result.errors : {};

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (!result.ok) {
      const first = fields.find((f) => f.key in result.errors);
      if (first)
        requestAnimationFrame(() => document.getElementById(fieldDomId(ID_PREFIX, first.key))?.focus());
      return;
    }
    props.onSubmit(result.values);
  };

  return (
    <Dialog.Root open={props.open} onOpenChange={props.onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fb-overlay" />
        <Dialog.Content className="fb-dialog" aria-describedby={undefined} data-testid="run-inputs-dialog">
          <Dialog.Title>{t('inputs.title')}</Dialog.Title>
          <form onSubmit={submit} className="fb-form" noValidate>
            <SchemaForm
              fields={fields}
              values={current}
              errors={errors}
              idPrefix={ID_PREFIX}
              onChange={(next) => setValues(next)}
            />
            {submitted && !result.ok && (
              <p role="alert" className="fb-danger">
                {tc('runInputs.fix')}
              </p>
            )}
            <div className="fb-dialog-actions">
              <Dialog.Close className="fb-button" type="button">
                {t('inputs.cancel')}
              </Dialog.Close>
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
