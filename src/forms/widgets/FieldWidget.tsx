import { useTranslation } from 'react-i18next';
import { pickText, type FieldSpec } from '../model/types';
import { translateMessage } from '../validation/messages';
import { BooleanWidget } from './BooleanWidget';
import { CodeWidget } from './CodeWidget';
import { describedByFor } from './FieldShell';
import { FileWidget } from './FileWidget';
import { JsonWidget } from './JsonWidget';
import { KeyValueWidget } from './KeyValueWidget';
import { ListWidget } from './ListWidget';
import { NumberWidget } from './NumberWidget';
import { ObjectWidget } from './ObjectWidget';
import { SelectWidget } from './SelectWidget';
import { TextWidget } from './TextWidget';
import { UnsupportedWidget } from './UnsupportedWidget';
import { fieldDomId, useFormSettings } from './context';
import type { ShellInfo } from './types';

interface FieldWidgetProps {
  field: FieldSpec;
  path: string;
  value: unknown;
  onChange: (value: unknown) => void;
}

/** One field: works out its id, label, description and error, then renders the widget for its kind. */
export function FieldWidget({ field, path, value, onChange }: FieldWidgetProps) {
  const { t } = useTranslation('forms');
  const { idPrefix, language, errors } = useFormSettings();
  const id = fieldDomId(idPrefix, path);
  const raw = errors[path];
  const error = raw === undefined ? undefined : translateMessage(raw, t, language);
  const description = pickText(field.description, language) || undefined;
  const shell: ShellInfo = {
    id,
    kind: field.kind,
    label: pickText(field.label, language) || field.key,
    required: !!field.required,
    description,
    error,
  };
  const common = { path, id, value, onChange, shell, describedBy: describedByFor(id, !!description, !!error), invalid: !!error };
  switch (field.kind) {
    case 'text':
      return <TextWidget {...common} field={field} />;
    case 'number':
      return <NumberWidget {...common} field={field} />;
    case 'boolean':
      return <BooleanWidget {...common} field={field} />;
    case 'select':
      return <SelectWidget {...common} field={field} />;
    case 'key-value':
      return <KeyValueWidget {...common} field={field} />;
    case 'code':
      return <CodeWidget {...common} field={field} />;
    case 'json':
      return <JsonWidget {...common} field={field} />;
    case 'file':
      return <FileWidget {...common} field={field} />;
    case 'object':
      return <ObjectWidget {...common} field={field} />;
    case 'list':
      return <ListWidget {...common} field={field} />;
    case 'unsupported':
      return <UnsupportedWidget {...common} field={field} />;
    default: {
      // A FieldSpec built by hand with a kind this version does not know.
      const unknown = field as { kind?: unknown; key: string };
      return <UnsupportedWidget {...common} field={{ kind: 'unsupported', key: unknown.key, label: { text: unknown.key }, reason: `unknown-kind:${String(unknown.kind)}`, raw: field }} />;
    }
  }
}
