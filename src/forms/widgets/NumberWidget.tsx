import { useTranslation } from 'react-i18next';
import { pickText, type NumberField } from '../model/types';
import { ReferenceInput } from '../references/ReferenceInput';
import { FieldShell } from './FieldShell';
import { useFormSettings } from './context';
import type { WidgetProps } from './types';
import { useDraft } from './useDraft';

function toDraft(value: unknown): string {
  return typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
}

/** Numbers become numbers; anything else (a reference, a half-typed value) stays text for validation to judge. */
export function parseNumber(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const n = Number(trimmed);
  return Number.isFinite(n) && !/^[+-]?$/.test(trimmed) ? n : text;
}

export function NumberWidget({ field, id, value, onChange, shell, describedBy, invalid }: WidgetProps<NumberField>) {
  const { t } = useTranslation('forms');
  const { language, referenceContext, disabled } = useFormSettings();
  const [draft, commit] = useDraft(value, toDraft);
  const unit = pickText(field.unit, language);
  const unitId = `${id}-unit`;
  const described = [unit ? unitId : '', describedBy ?? ''].filter(Boolean).join(' ') || undefined;
  const refs = field.allowReferences && referenceContext ? referenceContext : undefined;
  const set = (text: string) => {
    const parsed = parseNumber(text);
    commit(text, parsed);
    onChange(parsed);
  };
  const step = field.step ?? (field.integer ? 1 : 'any');
  const common = {
    id,
    disabled,
    required: field.required,
    placeholder: pickText(field.placeholder, language) || undefined,
    'aria-describedby': described,
    'aria-invalid': invalid || undefined,
  };
  // A stored value that is not a number (a reference where the schema allows none) must stay visible:
  // a type="number" input would show it as empty.
  const foreignText = !refs && typeof value === 'string' && value.trim() !== '' && !Number.isFinite(Number(value));
  const showSlider = field.slider && field.min !== undefined && field.max !== undefined;
  const sliderValue = typeof value === 'number' ? value : (field.min ?? 0);

  return (
    <FieldShell
      {...shell}
      after={
        unit ? (
          <span id={unitId} className="fb-field__unit">
            {unit}
          </span>
        ) : null
      }
    >
      <div className="fb-number">
        {showSlider ? (
          <input
            type="range"
            className="fb-number__slider"
            min={field.min}
            max={field.max}
            step={step}
            value={sliderValue}
            disabled={disabled || (typeof value === 'string' && value !== '')}
            aria-label={t('number.slider', { label: shell.label })}
            aria-describedby={described}
            onChange={(e) => set(e.target.value)}
          />
        ) : null}
        {refs ? (
          <ReferenceInput
            {...common}
            className="fb-number__input"
            inputMode={field.integer ? 'numeric' : 'decimal'}
            value={draft}
            onChange={set}
            label={shell.label}
            references={refs}
            language={language}
          />
        ) : foreignText ? (
          <input {...common} className="fb-input fb-number__input" type="text" inputMode="decimal" value={draft} onChange={(e) => set(e.target.value)} />
        ) : (
          <input
            {...common}
            className="fb-input fb-number__input"
            type="number"
            min={field.min}
            max={field.max}
            step={step}
            value={draft}
            onChange={(e) => set(e.target.value)}
          />
        )}
      </div>
    </FieldShell>
  );
}
