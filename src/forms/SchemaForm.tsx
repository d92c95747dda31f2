import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldLanguage, FieldSpec } from './model/types';
import type { ReferenceContext } from './references/types';
import { FieldWidget } from './widgets/FieldWidget';
import { FormSettingsContext, type CodeRenderProps, type FormErrors, type FormSettings, type UploadedFile } from './widgets/context';
import './forms.css';

export interface SchemaFormProps {
  fields: FieldSpec[];
  values: Record<string, unknown>;
  /** The whole next params object (immutably updated) and the top-level key that changed. */
  onChange: (values: Record<string, unknown>, changedKey: string) => void;
  /** By field path (`url`, `target.host`, `rows.1.name`); from `validateParams`, or plain strings. */
  errors?: FormErrors;
  /** Which of a label's languages to show; defaults to the UI language. */
  language?: FieldLanguage;
  /** Enables the picker, autocomplete and chips on fields that allow references. */
  referenceContext?: ReferenceContext;
  /** Prefix for every DOM id; unique per form on the page (e.g. `step-<id>`). */
  idPrefix: string;
  /** Renders code fields (the Monaco editor plugs in here); a textarea otherwise. */
  renderCode?: (props: CodeRenderProps) => ReactNode;
  /** Uploads a file for file fields that allow `local_file`; without it only URLs/paths can be added. */
  uploadFile?: (file: File) => Promise<UploadedFile>;
  disabled?: boolean;
}

const NO_ERRORS: FormErrors = {};

function hasErrorUnder(errors: FormErrors, key: string): boolean {
  return Object.keys(errors).some((p) => p === key || p.startsWith(`${key}.`));
}

/**
 * A step's settings form, generated from its fields. Controlled and props-driven: it holds no params of its
 * own and knows nothing of steps or modules.
 */
export function SchemaForm({
  fields,
  values,
  onChange,
  errors = NO_ERRORS,
  language,
  referenceContext,
  idPrefix,
  renderCode,
  uploadFile,
  disabled = false,
}: SchemaFormProps) {
  const { t, i18n } = useTranslation('forms');
  const lang: FieldLanguage = language ?? (i18n.language?.toLowerCase().startsWith('zh') ? 'zh' : 'en');
  const [advancedOpen, setAdvancedOpen] = useState(false);

  // Latest props in refs so per-field callbacks stay stable across keystrokes.
  const latest = useRef({ values, onChange });
  latest.current = { values, onChange };
  const setField = useCallback((key: string, value: unknown) => {
    const { values: current, onChange: emit } = latest.current;
    emit({ ...current, [key]: value }, key);
  }, []);

  const settings = useMemo<FormSettings>(
    () => ({ idPrefix, language: lang, errors, referenceContext, renderCode, uploadFile, disabled }),
    [idPrefix, lang, errors, referenceContext, renderCode, uploadFile, disabled],
  );

  const visible = fields.filter((f) => !f.hidden);
  const basic = visible.filter((f) => !f.advanced);
  const advanced = visible.filter((f) => f.advanced);
  const advancedHasError = advanced.some((f) => hasErrorUnder(errors, f.key));
  const render = (f: FieldSpec) => (
    <FieldWidget key={f.key} field={f} path={f.key} value={values[f.key]} onChange={(v) => setField(f.key, v)} />
  );

  return (
    <FormSettingsContext.Provider value={settings}>
      <div className="fb-form">
        {visible.length === 0 ? <p className="fb-muted">{t('empty')}</p> : null}
        {basic.map(render)}
        {advanced.length > 0 ? (
          <details
            className="fb-form__advanced"
            open={advancedOpen || advancedHasError}
            onToggle={(e) => setAdvancedOpen(e.currentTarget.open)}
          >
            <summary>{t('advanced')}</summary>
            {advanced.map(render)}
          </details>
        ) : null}
      </div>
    </FormSettingsContext.Provider>
  );
}
