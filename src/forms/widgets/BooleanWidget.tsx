import type { BooleanField } from '../model/types';
import { FieldShell } from './FieldShell';
import { useFormSettings } from './context';
import type { WidgetProps } from './types';

export function BooleanWidget({ field, id, value, onChange, shell, describedBy, invalid }: WidgetProps<BooleanField>) {
  const { disabled } = useFormSettings();
  const isSwitch = field.display !== 'checkbox';
  return (
    <FieldShell {...shell} variant="inline">
      <input
        id={id}
        type="checkbox"
        role={isSwitch ? 'switch' : undefined}
        className={isSwitch ? 'fb-switch' : 'fb-checkbox'}
        checked={value === true}
        disabled={disabled}
        aria-describedby={describedBy}
        aria-invalid={invalid || undefined}
        onChange={(e) => onChange(e.target.checked)}
      />
    </FieldShell>
  );
}
