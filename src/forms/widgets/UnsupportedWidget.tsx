import { useTranslation } from 'react-i18next';
import type { UnsupportedField } from '../model/types';
import { FieldShell } from './FieldShell';
import type { WidgetProps } from './types';

/** Never hide a field the editor does not understand: say so, and show the value that will be kept. */
export function UnsupportedWidget({ field, value, shell }: WidgetProps<UnsupportedField>) {
  const { t } = useTranslation('forms');
  return (
    <FieldShell {...shell} variant="static">
      <div className="fb-unsupported" role="note">
        <strong>{t('unsupported.title')}</strong>
        <p>{t('unsupported.reason', { reason: field.reason })}</p>
        {value !== undefined ? (
          <>
            <span className="fb-muted">{t('unsupported.value')}</span>
            <pre className="fb-unsupported__value">{typeof value === 'string' ? value : JSON.stringify(value, null, 2)}</pre>
          </>
        ) : null}
      </div>
    </FieldShell>
  );
}
