import type { ObjectField } from '../model/types';
import { FieldShell } from './FieldShell';
import { FieldWidget } from './FieldWidget';
import type { WidgetProps } from './types';

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function ObjectWidget({ field, path, value, onChange, shell }: WidgetProps<ObjectField>) {
  const obj = asRecord(value);
  return (
    <FieldShell {...shell} variant="group">
      <div className="fb-object">
        {field.fields
          .filter((f) => !f.hidden)
          .map((child) => (
            <FieldWidget
              key={child.key}
              field={child}
              path={`${path}.${child.key}`}
              value={obj[child.key]}
              onChange={(v) => onChange({ ...asRecord(value), [child.key]: v })}
            />
          ))}
      </div>
    </FieldShell>
  );
}
