import type { FieldSpec } from '../model/types';

/** What FieldShell needs, computed once by FieldWidget. */
export interface ShellInfo {
  id: string;
  kind: string;
  label: string;
  required: boolean;
  description?: string;
  error?: string;
}

export interface WidgetProps<F extends FieldSpec = FieldSpec> {
  field: F;
  /** Dotted path of this field in the params (`headers`, `target.host`, `rows.2`). */
  path: string;
  /** DOM id of the field's main control. */
  id: string;
  value: unknown;
  onChange: (value: unknown) => void;
  shell: ShellInfo;
  /** aria-describedby for the main control (description and error ids), or undefined. */
  describedBy?: string;
  invalid: boolean;
}
