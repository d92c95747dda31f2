import type { CodeField } from '../model/types';
import { ReferenceInput } from '../references/ReferenceInput';
import { FieldShell } from './FieldShell';
import { useFormSettings } from './context';
import type { WidgetProps } from './types';

export function CodeWidget({ field, path, id, value, onChange, shell, describedBy, invalid }: WidgetProps<CodeField>) {
  const { language, referenceContext, renderCode, disabled } = useFormSettings();
  const text = typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value, null, 2);
  const refs = field.allowReferences && referenceContext ? referenceContext : undefined;
  if (renderCode) {
    return (
      <FieldShell {...shell}>
        {renderCode({
          id,
          field: path,
          value: text,
          onChange,
          language: field.language,
          label: shell.label,
          describedBy,
          invalid,
          required: !!field.required,
          disabled,
          referenceContext: refs,
        })}
      </FieldShell>
    );
  }
  const common = {
    id,
    disabled,
    required: field.required,
    spellCheck: false,
    'aria-describedby': describedBy,
    'aria-invalid': invalid || undefined,
  };
  return (
    <FieldShell {...shell}>
      {refs ? (
        <ReferenceInput
          {...common}
          className="fb-code"
          multiline
          rows={8}
          value={text}
          onChange={onChange}
          label={shell.label}
          references={refs}
          language={language}
        />
      ) : (
        <textarea {...common} className="fb-input fb-code" rows={8} value={text} onChange={(e) => onChange(e.target.value)} />
      )}
    </FieldShell>
  );
}
