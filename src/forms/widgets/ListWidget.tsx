import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldSpec, ListField } from '../model/types';
import { FieldShell } from './FieldShell';
import { FieldWidget } from './FieldWidget';
import { useFormSettings } from './context';
import type { WidgetProps } from './types';

/** A fresh item: the item's default, or an empty value of its kind. */
function newItem(item: FieldSpec): unknown {
  if (item.default !== undefined) return structuredClone(item.default);
  switch (item.kind) {
    case 'object':
    case 'key-value':
      return {};
    case 'boolean':
      return false;
    case 'text':
    case 'code':
      return '';
    default:
      return undefined;
  }
}

let nextKey = 0;

export function ListWidget({ field, path, value, onChange, shell }: WidgetProps<ListField>) {
  const { t } = useTranslation('forms');
  const { disabled } = useFormSettings();
  const items = Array.isArray(value) ? value : [];
  // Stable React keys per item, so removing item 2 does not hand its local state (drafts) to item 3.
  const keys = useRef<number[]>([]);
  while (keys.current.length < items.length) keys.current.push(nextKey++);
  if (keys.current.length > items.length) keys.current.length = items.length;
  const full = field.maxItems !== undefined && items.length >= field.maxItems;

  return (
    <FieldShell {...shell} variant="group">
      {items.length === 0 ? <p className="fb-muted">{t('list.empty')}</p> : null}
      <ol className="fb-list">
        {items.map((item, i) => {
          const label = t('list.item', { index: i + 1 });
          return (
            <li key={keys.current[i]} className="fb-list__item">
              <FieldWidget
                field={{ ...field.item, key: String(i), label: { text: label }, required: undefined }}
                path={`${path}.${i}`}
                value={item}
                onChange={(v) => onChange(items.map((x, j) => (j === i ? v : x)))}
              />
              <button
                type="button"
                className="fb-button fb-button--icon"
                disabled={disabled}
                aria-label={t('list.remove', { index: i + 1 })}
                onClick={() => {
                  keys.current.splice(i, 1);
                  onChange(items.filter((_, j) => j !== i));
                }}
              >
                ×
              </button>
            </li>
          );
        })}
      </ol>
      <button type="button" className="fb-button" disabled={disabled || full} onClick={() => onChange([...items, newItem(field.item)])}>
        {t('list.add')}
      </button>
    </FieldShell>
  );
}
