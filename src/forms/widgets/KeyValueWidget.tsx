import { useTranslation } from 'react-i18next';
import { pickText, type KeyValueField } from '../model/types';
import { ReferenceInput } from '../references/ReferenceInput';
import { FieldShell } from './FieldShell';
import { useFormSettings } from './context';
import type { WidgetProps } from './types';
import { useDraft } from './useDraft';

interface Row {
  key: string;
  value: unknown;
}

function toRows(value: unknown): Row[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.entries(value).map(([key, v]) => ({ key, value: v }));
}

/** Rows with a key become the object; blank and duplicate keys stay as rows while the user edits them. */
function toObject(rows: Row[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const r of rows) if (r.key.trim() !== '') out[r.key] = r.value;
  return out;
}

function show(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v);
}

export function KeyValueWidget({ field, id, value, onChange, shell }: WidgetProps<KeyValueField>) {
  const { t } = useTranslation('forms');
  const { language, referenceContext, disabled } = useFormSettings();
  const [rows, commit] = useDraft(value, toRows);
  const update = (next: Row[]) => {
    const obj = toObject(next);
    commit(next, obj);
    onChange(obj);
  };
  const setRow = (i: number, patch: Partial<Row>) => update(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const keyPh = pickText(field.keyPlaceholder, language) || undefined;
  const valuePh = pickText(field.valuePlaceholder, language) || undefined;
  const refs = field.allowReferences && referenceContext ? referenceContext : undefined;

  if (typeof value === 'string' && value !== '') {
    // The whole dictionary comes from elsewhere (`{{step-1.headers}}`): edit that text rather than drop it.
    return (
      <FieldShell {...shell}>
        {refs ? (
          <ReferenceInput id={id} value={value} onChange={onChange} label={shell.label} references={refs} language={language} disabled={disabled} />
        ) : (
          <input id={id} className="fb-input" value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)} />
        )}
      </FieldShell>
    );
  }

  return (
    <FieldShell {...shell} variant="group">
      {rows.length === 0 ? <p className="fb-muted">{t('keyValue.empty')}</p> : null}
      <ul className="fb-kv">
        {rows.map((row, i) => {
          const n = i + 1;
          const rowId = `${id}-${i}`;
          return (
            <li key={i} className="fb-kv__row">
              <input
                id={`${rowId}-key`}
                className="fb-input fb-kv__key"
                aria-label={t('keyValue.key', { index: n })}
                placeholder={keyPh}
                disabled={disabled}
                value={row.key}
                onChange={(e) => setRow(i, { key: e.target.value })}
              />
              {refs ? (
                <ReferenceInput
                  id={`${rowId}-value`}
                  className="fb-kv__value"
                  aria-label={t('keyValue.value', { index: n })}
                  placeholder={valuePh}
                  disabled={disabled}
                  value={show(row.value)}
                  onChange={(v) => setRow(i, { value: v })}
                  label={t('keyValue.value', { index: n })}
                  references={refs}
                  language={language}
                />
              ) : (
                <input
                  id={`${rowId}-value`}
                  className="fb-input fb-kv__value"
                  aria-label={t('keyValue.value', { index: n })}
                  placeholder={valuePh}
                  disabled={disabled}
                  value={show(row.value)}
                  onChange={(e) => setRow(i, { value: e.target.value })}
                />
              )}
              <button
                type="button"
                className="fb-button fb-button--icon"
                aria-label={t('keyValue.remove', { index: n })}
                disabled={disabled}
                onClick={() => update(rows.filter((_, j) => j !== i))}
              >
                ×
              </button>
            </li>
          );
        })}
      </ul>
      <button type="button" className="fb-button" disabled={disabled} onClick={() => update([...rows, { key: '', value: '' }])}>
        {t('keyValue.add')}
      </button>
    </FieldShell>
  );
}
