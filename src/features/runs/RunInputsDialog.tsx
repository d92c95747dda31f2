/**
 * The run-inputs form of a flow, asked before a run when the flow declares inputs. Built like a step's
 * settings: the inputs become fields (`fieldsForRunInputs`) rendered by `<SchemaForm>` and validated by the
 * same validation path (required, numbers), plus JSON parsing; errors show inline once the user tries to run.
 *
 * A backend that describes its run form itself (`adapter.runInputSchema`: Dify's `user_input_form` with file
 * inputs, their limits and image upload) gets that schema through the same SchemaForm path instead, with
 * files uploaded through `adapter.uploadFile` as they are picked.
 */
import * as Dialog from '@radix-ui/react-dialog';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { useEditor } from '../../editor/context';
import { useBackend } from '../../shell/backend-context';
import { defaultValues, fieldDomId, fieldsForSchema, SchemaForm, validateParams, type FieldSpec, type FormErrors, type UploadedFile } from '../../forms';
import { fieldsForRunInputs, initialRunInputValues, readRunInputs } from '../checklist/run-inputs';

const ID_PREFIX = 'run-input';

type Result = { ok: true; values: Record<string, unknown> } | { ok: false; errors: FormErrors };

export function RunInputsDialog(props: {
  open: boolean;
  onOpenChange(o: boolean): void;
  onSubmit(values: Record<string, unknown>): void;
}) {
  const { t } = useTranslation('runs');
  const adapter = useBackend();
  const flowId = useEditor((s) => s.flow.id);
  const [openFor, setOpenFor] = useState(props.open);
  const [session, setSession] = useState(0);
  // Each opening starts from the defaults (the previous run's typing is not kept across flows' input changes).
  if (openFor !== props.open) {
    setOpenFor(props.open);
    if (props.open) setSession((n) => n + 1);
  }
  const schema = useQuery({
    queryKey: [adapter.id, 'run-input-schema', flowId],
    queryFn: () => adapter.runInputSchema!(flowId),
    enabled: props.open && !!adapter.runInputSchema,
    staleTime: 30_000,
  });

  return (
    <Dialog.Root open={props.open} onOpenChange={props.onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fb-overlay" />
        <Dialog.Content className="fb-dialog" aria-describedby={undefined} data-testid="run-inputs-dialog">
          <Dialog.Title>{t('inputs.title')}</Dialog.Title>
          {!adapter.runInputSchema ? (
            <DeclaredInputsForm key={session} onSubmit={props.onSubmit} />
          ) : schema.data ? (
            <BackendSchemaForm key={session} fields={fieldsForSchema(schema.data)} flowId={flowId} onSubmit={props.onSubmit} />
          ) : schema.error ? (
            <>
              <p role="alert" className="fb-danger" data-testid="run-inputs-error">
                {t('inputs.schemaFailed', { message: schema.error instanceof Error ? schema.error.message : String(schema.error) })}
              </p>
              <Actions />
            </>
          ) : (
            <p className="fb-muted" aria-busy="true">
              {t('inputs.loading')}
            </p>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** The flow's own `inputs` as the form. */
function DeclaredInputsForm({ onSubmit }: { onSubmit(values: Record<string, unknown>): void }) {
  const { t: tc } = useTranslation('checklist');
  const inputs = useEditor((s) => s.flow.inputs);
  const fields = fieldsForRunInputs(inputs);
  const [values, setValues] = useState<Record<string, unknown> | null>(null);
  const current = values ?? initialRunInputValues(inputs);
  const read = (): Result => readRunInputs(inputs, current, (message) => tc('runInputs.invalidJson', { message }));
  return <InputsForm fields={fields} values={current} onChange={setValues} read={read} onSubmit={onSubmit} />;
}

/** The backend's own description of the run form (files uploaded to the backend as they are picked). */
function BackendSchemaForm({ fields, flowId, onSubmit }: { fields: FieldSpec[]; flowId: string; onSubmit(values: Record<string, unknown>): void }) {
  const adapter = useBackend();
  const [values, setValues] = useState<Record<string, unknown> | null>(null);
  const initial = useMemo(() => defaultValues(fields), [fields]);
  const current = values ?? initial;
  const read = (): Result => {
    const errors = validateParams(fields, current);
    return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, values: current };
  };
  const upload = useCallback(
    async (file: File): Promise<UploadedFile> => adapter.uploadFile!(flowId, file, file.name),
    [adapter, flowId],
  );
  return (
    <InputsForm fields={fields} values={current} onChange={setValues} read={read} onSubmit={onSubmit} uploadFile={adapter.uploadFile ? upload : undefined} />
  );
}

function InputsForm(props: {
  fields: FieldSpec[];
  values: Record<string, unknown>;
  onChange(values: Record<string, unknown>): void;
  read(): Result;
  onSubmit(values: Record<string, unknown>): void;
  uploadFile?: (file: File) => Promise<UploadedFile>;
}) {
  const { t: tc } = useTranslation('checklist');
  const [submitted, setSubmitted] = useState(false);
  const result = props.read();
  const errors: FormErrors = submitted && !result.ok ? result.errors : {};
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (!result.ok) {
      const first = props.fields.find((f) => f.key in result.errors);
      if (first) requestAnimationFrame(() => document.getElementById(fieldDomId(ID_PREFIX, first.key))?.focus());
      return;
    }
    props.onSubmit(result.values);
  };
  return (
    <form onSubmit={submit} className="fb-form" noValidate>
      <SchemaForm fields={props.fields} values={props.values} errors={errors} idPrefix={ID_PREFIX} onChange={(next) => props.onChange(next)} uploadFile={props.uploadFile} />
      {submitted && !result.ok && (
        <p role="alert" className="fb-danger">
          {tc('runInputs.fix')}
        </p>
      )}
      <Actions submit />
    </form>
  );
}

function Actions({ submit = false }: { submit?: boolean }) {
  const { t } = useTranslation('runs');
  return (
    <div className="fb-dialog-actions">
      <Dialog.Close className="fb-button" type="button">
        {t('inputs.cancel')}
      </Dialog.Close>
      {submit && (
        <button className="fb-button fb-primary" type="submit" data-testid="run-with-inputs">
          {t('inputs.run')}
        </button>
      )}
    </div>
  );
}
