import { useTranslation } from 'react-i18next';
import { pickText, type OptionValue, type SelectField } from '../model/types';
import { FieldShell } from './FieldShell';
import { useFormSettings } from './context';
import type { WidgetProps } from './types';

function sameValue(a: unknown, b: OptionValue): boolean {
  return a === b || (typeof a === 'string' && typeof b !== 'string' && a === String(b));
}

function MultiSelect({ field, id, value, onChange, shell }: WidgetProps<SelectField>) {
  const { language, disabled } = useFormSettings();
  const selected = Array.isArray(value) ? value : [];
  const toggle = (v: OptionValue, on: boolean) => {
    const rest = selected.filter((s) => !sameValue(s, v));
    // Keep the schema's option order so the stored list is stable whatever the click order.
    const next = on ? field.options.map((o) => o.value).filter((o) => o === v || rest.some((s) => sameValue(s, o))) : rest;
    onChange(next);
  };
  return (
    <FieldShell {...shell} variant="group">
      <div className="fb-choices">
        {field.options.map((o, i) => (
          <label key={i} className="fb-choice" htmlFor={`${id}-${i}`}>
            <input
              id={`${id}-${i}`}
              type="checkbox"
              className="fb-checkbox"
              disabled={disabled}
              checked={selected.some((s) => sameValue(s, o.value))}
              onChange={(e) => toggle(o.value, e.target.checked)}
            />
            {pickText(o.label, language)}
          </label>
        ))}
      </div>
    </FieldShell>
  );
}

export function SelectWidget(props: WidgetProps<SelectField>) {
  const { t } = useTranslation('forms');
  const { language, disabled } = useFormSettings();
  if (props.field.multiple) return <MultiSelect {...props} />;
  const { field, id, value, onChange, shell, describedBy, invalid } = props;
  const index = field.options.findIndex((o) => sameValue(value, o.value));
  // A value the options do not list (a reference, a value from a newer backend) is shown, not silently dropped.
  const foreign = value !== undefined && value !== null && value !== '' && index < 0;
  const current = index >= 0 ? String(index) : foreign ? 'foreign' : '';
  return (
    <FieldShell {...shell}>
      <select
        id={id}
        className="fb-input fb-select"
        value={current}
        disabled={disabled}
        required={field.required}
        aria-describedby={describedBy}
        aria-invalid={invalid || undefined}
        onChange={(e) => {
          const v = e.target.value;
          if (v === 'foreign') return;
          onChange(v === '' ? undefined : field.options[Number(v)]?.value);
        }}
      >
        {index < 0 || !field.required ? <option value="">{t('select.none')}</option> : null}
        {foreign ? <option value="foreign">{typeof value === 'string' ? value : JSON.stringify(value)}</option> : null}
        {field.options.map((o, i) => (
          <option key={i} value={String(i)}>
            {pickText(o.label, language)}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}
