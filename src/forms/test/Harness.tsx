import { useState } from 'react';
import { SchemaForm, type SchemaFormProps } from '../SchemaForm';

type HarnessProps = Omit<SchemaFormProps, 'values' | 'onChange' | 'idPrefix'> & {
  initial?: Record<string, unknown>;
  onValues?: (values: Record<string, unknown>) => void;
  idPrefix?: string;
};

/** SchemaForm with its values in local state, as an inspector would hold them. */
export function Harness({ initial, onValues, idPrefix = 't', ...rest }: HarnessProps) {
  const [values, setValues] = useState<Record<string, unknown>>(initial ?? {});
  return (
    <SchemaForm
      {...rest}
      idPrefix={idPrefix}
      values={values}
      onChange={(next) => {
        setValues(next);
        onValues?.(next);
      }}
    />
  );
}
