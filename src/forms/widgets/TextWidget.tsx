import { pickText, type TextField } from '../model/types';
import { ReferenceInput } from '../references/ReferenceInput';
import { FieldShell } from './FieldShell';
import { useFormSettings } from './context';
import type { WidgetProps } from './types';

function inputType(field: TextField, withReferences: boolean): string {
  if (field.secret) return 'password';
  if (withReferences) return 'text';
  switch (field.format) {
    case 'email':
      return 'email';
    case 'uri':
      return 'url';
    case 'date':
      return 'date';
    default:
      return 'text';
  }
}

export function TextWidget({ field, id, value, onChange, shell, describedBy, invalid }: WidgetProps<TextField>) {
  const { language, referenceContext, disabled } = useFormSettings();
  const text = typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value);
  const placeholder = pickText(field.placeholder, language) || undefined;
  const refs = field.allowReferences && referenceContext && !field.secret ? referenceContext : undefined;
  const common = {
    id,
    placeholder,
    disabled,
    required: field.required,
    'aria-describedby': describedBy,
    'aria-invalid': invalid || undefined,
    maxLength: field.maxLength,
  };
  return (
    <FieldShell {...shell}>
      {refs ? (
        <ReferenceInput
          {...common}
          value={text}
          onChange={onChange}
          multiline={field.multiline}
          label={shell.label}
          references={refs}
          language={language}
        />
      ) : field.multiline ? (
        <textarea {...common} className="fb-input fb-input--multiline" rows={4} value={text} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} className="fb-input" type={inputType(field, false)} value={text} onChange={(e) => onChange(e.target.value)} />
      )}
    </FieldShell>
  );
}
