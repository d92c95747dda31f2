import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JsonField } from '../model/types';
import { FieldShell, describedByFor } from './FieldShell';
import { useFormSettings } from './context';
import type { WidgetProps } from './types';
import { useDraft } from './useDraft';

function toDraft(value: unknown): string {
  return value === undefined ? '' : JSON.stringify(value, null, 2);
}

export function JsonWidget({ field, id, value, onChange, shell, invalid }: WidgetProps<JsonField>) {
  const { t } = useTranslation('forms');
  const { disabled } = useFormSettings();
  const [draft, commit] = useDraft(value, toDraft);
  const [parseError, setParseError] = useState<string | null>(null);
  const error = parseError ? t('json.invalid', { message: parseError }) : shell.error;
  const set = (text: string) => {
    if (text.trim() === '') {
      setParseError(null);
      commit(text, undefined);
      onChange(undefined);
      return;
    }
    try {
      const parsed: unknown = JSON.parse(text);
      setParseError(null);
      commit(text, parsed);
      onChange(parsed);
    } catch (e) {
      // Keep the text (and the last valid value) while the user is mid-edit.
      setParseError(e instanceof Error ? e.message : String(e));
      commit(text, value);
    }
  };
  return (
    <FieldShell {...shell} error={error}>
      <textarea
        id={id}
        className="fb-input fb-code"
        rows={6}
        spellCheck={false}
        disabled={disabled}
        required={field.required}
        value={draft}
        aria-describedby={describedByFor(id, !!shell.description, !!error)}
        aria-invalid={invalid || !!parseError || undefined}
        onChange={(e) => set(e.target.value)}
      />
    </FieldShell>
  );
}
