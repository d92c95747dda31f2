import { createContext, useContext, type ReactNode } from 'react';
import type { FieldLanguage } from '../model/types';
import type { ReferenceContext } from '../references/types';
import type { FieldMessage } from '../validation/messages';

/** What the Monaco engineer's code editor receives; the default is a plain textarea. */
export interface CodeRenderProps {
  id: string;
  /** Dotted path of the field in the params (`code`, `func`): a step may have several code fields. */
  field: string;
  value: string;
  onChange: (value: string) => void;
  language: string;
  label: string;
  describedBy?: string;
  invalid: boolean;
  required: boolean;
  disabled: boolean;
  referenceContext?: ReferenceContext;
}

export interface UploadedFile {
  /** Backend file id (Dify `upload_file_id`) or path (Langflow `file_path`). */
  id: string;
  name: string;
}

export type FormErrors = Record<string, FieldMessage | string>;

/** Form-wide settings every widget reads; provided by SchemaForm from its props (no store). */
export interface FormSettings {
  idPrefix: string;
  language: FieldLanguage;
  errors: FormErrors;
  referenceContext?: ReferenceContext;
  renderCode?: (props: CodeRenderProps) => ReactNode;
  uploadFile?: (file: File) => Promise<UploadedFile>;
  disabled: boolean;
}

export const FormSettingsContext = createContext<FormSettings | null>(null);

export function useFormSettings(): FormSettings {
  const ctx = useContext(FormSettingsContext);
  if (!ctx) throw new Error('Form widgets must be rendered inside <SchemaForm>.');
  return ctx;
}

/** A DOM id for a field path; ids stay unique per form through the prefix. */
export function fieldDomId(idPrefix: string, path: string): string {
  return `${idPrefix}-${path.replace(/[^\w.-]/g, '_')}`;
}
