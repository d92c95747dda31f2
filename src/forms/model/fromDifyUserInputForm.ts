/**
 * Dify `GET /parameters`: `user_input_form` is a list of one-key objects (`{"text-input": {label, variable,
 * required, default, max_length}}`, `paragraph`, `select` with string `options`, and in newer Dify `number`,
 * `file`, `file-list`). The image upload settings live beside it in `file_upload.image`; they become one
 * `files` field, which is what `POST /workflows/run` takes. An adapter may pass them either through
 * `fromDifyParameters`, or as a `{"file_upload": {...}}` entry inside the form list.
 */
import { bool, compact, dedupeKeys, isRecord, localized, num, strings, text, unsupported } from './read';
import type { FieldSpec, FileTransferMethod } from './types';

/** Image types Dify accepts when `file_upload.image` is enabled. */
export const DIFY_IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.webp', '.gif'];

function transferMethods(raw: unknown): FileTransferMethod[] {
  const list = strings(raw) ?? [];
  const out = list.filter((m): m is FileTransferMethod => m === 'remote_url' || m === 'local_file');
  return out.length > 0 ? out : ['local_file', 'remote_url'];
}

/** `file_upload` (`{image: {enabled, number_limits, transfer_methods}}`) to a `files` field, or nothing when disabled. */
export function fromDifyFileUpload(raw: unknown): FieldSpec | undefined {
  if (!isRecord(raw)) return undefined;
  const image = isRecord(raw.image) ? raw.image : undefined;
  if (!image || image.enabled !== true) return undefined;
  return compact({
    kind: 'file' as const,
    key: 'files',
    label: { text: '图片', en: 'Images' },
    multiple: true,
    allowedTypes: ['image'],
    allowedExtensions: DIFY_IMAGE_EXTENSIONS,
    numberLimit: num(image.number_limits) ?? 3,
    transferMethods: transferMethods(image.transfer_methods),
    valueFormat: 'dify' as const,
  });
}

function fromEntry(raw: unknown): FieldSpec | undefined {
  if (!isRecord(raw)) return unsupported('', 'malformed', raw);
  const [kind, ...more] = Object.keys(raw);
  if (kind === undefined || more.length > 0) return unsupported('', 'malformed', raw);
  const body = raw[kind];
  if (kind === 'file_upload') return fromDifyFileUpload(body);
  if (!isRecord(body)) return unsupported(kind, 'malformed', raw);
  const key = text(body.variable);
  if (!key) return unsupported('', 'missing-key', raw, localized(body.label));
  const b = {
    key,
    label: localized(body.label) ?? { text: key },
    description: localized(body.description ?? body.hint),
    required: bool(body.required),
    default: body.default === '' || body.default === null ? undefined : body.default,
    hidden: bool(body.hide),
  };
  switch (kind) {
    case 'text-input':
    case 'paragraph':
      return compact({
        kind: 'text' as const,
        ...b,
        multiline: kind === 'paragraph' || undefined,
        maxLength: num(body.max_length) || undefined,
        placeholder: localized(body.placeholder),
      });
    case 'select': {
      const options = (strings(body.options) ?? []).map((o) => ({ value: o, label: { text: o } }));
      if (options.length === 0) return unsupported(key, 'select-without-options', raw, b.label);
      return compact({ kind: 'select' as const, ...b, options });
    }
    case 'number':
      return compact({ kind: 'number' as const, ...b, default: num(body.default) });
    case 'checkbox':
      return compact({ kind: 'boolean' as const, ...b, display: 'checkbox' as const });
    case 'json_object':
      return compact({ kind: 'json' as const, ...b });
    case 'file':
    case 'file-list':
      return compact({
        kind: 'file' as const,
        ...b,
        multiple: kind === 'file-list',
        allowedTypes: strings(body.allowed_file_types),
        allowedExtensions: strings(body.allowed_file_extensions),
        numberLimit: kind === 'file-list' ? num(body.max_length) : undefined,
        transferMethods: transferMethods(body.allowed_file_upload_methods ?? body.transfer_methods),
        valueFormat: 'dify' as const,
      });
    default:
      return unsupported(key, `unknown-type:${kind}`, raw, b.label);
  }
}

export function fromDifyUserInputForm(form: unknown): FieldSpec[] {
  if (!Array.isArray(form)) return [unsupported('user_input_form', 'malformed', form)];
  return dedupeKeys(form.map(fromEntry).filter((f): f is FieldSpec => f !== undefined));
}

/** The whole `/parameters` response: form fields, then the image upload field when enabled. */
export function fromDifyParameters(parameters: unknown): FieldSpec[] {
  if (!isRecord(parameters)) return [unsupported('parameters', 'malformed', parameters)];
  const fields = fromDifyUserInputForm(parameters.user_input_form ?? []);
  const files = fromDifyFileUpload(parameters.file_upload);
  return files && !fields.some((f) => f.key === files.key) ? [...fields, files] : fields;
}
