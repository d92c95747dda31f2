/**
 * A function step with several JavaScript fields (a Node-RED function's On Start / On Message / On Stop) shows
 * them as tabs over one editor area, as Node-RED's own editor does, instead of three editors stacked in the
 * form. Each tab is the ordinary one-field form, so a field keeps its validation, label and Monaco model (one
 * model per field); switching tabs sends the pending text of the one left first (the editor flushes on
 * unmount).
 */
import { useId, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldSpec } from '../../forms';
import { isJavaScript } from './CodeEditorField';

/** The JavaScript code fields of a form, when there are several (else none: they stay in the form). */
export function codeTabFields(fields: readonly FieldSpec[]): FieldSpec[] {
  const code = fields.filter((f) => f.kind === 'code' && isJavaScript(f.language) && !f.hidden);
  return code.length > 1 ? code : [];
}

export function CodeFieldTabs({
  fields,
  label,
  renderField,
}: {
  fields: readonly FieldSpec[];
  /** The field label in the UI language. */
  label: (field: FieldSpec) => string;
  /** The form of one field (keyed by the caller's tab, so each tab mounts its own editor). */
  renderField: (field: FieldSpec) => ReactNode;
}) {
  const { t } = useTranslation('codeEditor');
  const [selected, setSelected] = useState(0);
  const base = useId();
  const index = Math.min(selected, fields.length - 1);
  const current = fields[index];
  if (!current) return null;
  const tabId = (i: number) => `${base}-tab-${i}`;
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = (index + step + fields.length) % fields.length;
    setSelected(next);
    document.getElementById(tabId(next))?.focus();
  };
  return (
    <section className="fb-ce-tabs" data-testid="code-tabs">
      <div role="tablist" aria-label={t('codeTabs')} className="fb-ce-tabs__list">
        {fields.map((f, i) => (
          <button
            key={f.key}
            id={tabId(i)}
            type="button"
            role="tab"
            className="fb-ce-tabs__tab"
            aria-selected={i === index}
            aria-controls={`${base}-panel`}
            tabIndex={i === index ? 0 : -1}
            data-testid={`code-tab-${f.key}`}
            onClick={() => setSelected(i)}
            onKeyDown={onKeyDown}
          >
            {label(f)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${base}-panel`} aria-labelledby={tabId(index)} className="fb-ce-tabs__panel">
        {renderField(current)}
      </div>
    </section>
  );
}
