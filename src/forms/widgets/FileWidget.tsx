import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DifyFileValue, FileField } from '../model/types';
import { FieldShell } from './FieldShell';
import { useFormSettings } from './context';
import type { WidgetProps } from './types';

type Item = DifyFileValue | string;

const TYPE_BY_EXT: Record<string, string> = {
  png: 'image', jpg: 'image', jpeg: 'image', gif: 'image', webp: 'image', svg: 'image',
  pdf: 'document', txt: 'document', md: 'document', doc: 'document', docx: 'document', csv: 'document', xlsx: 'document', html: 'document',
  mp3: 'audio', wav: 'audio', m4a: 'audio', mp4: 'video', mov: 'video', webm: 'video',
};

/** Dify wants a file category with each file: the only allowed one, or a guess from the extension. */
function difyType(field: FileField, name: string): string {
  if (field.allowedTypes?.length === 1) return field.allowedTypes[0] ?? 'custom';
  const ext = /\.([\w]+)(?:[?#].*)?$/.exec(name)?.[1]?.toLowerCase() ?? '';
  const guess = TYPE_BY_EXT[ext] ?? 'custom';
  return field.allowedTypes && !field.allowedTypes.includes(guess) && field.allowedTypes.includes('custom') ? 'custom' : guess;
}

function itemsOf(value: unknown): Item[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null || value === '' ? [] : [value];
  return list.filter((v): v is Item => typeof v === 'string' || (typeof v === 'object' && v !== null));
}

function nameOf(item: Item): string {
  if (typeof item === 'string') return item;
  return item.name ?? item.url ?? item.upload_file_id ?? '?';
}

export function FileWidget({ field, id, value, onChange, shell }: WidgetProps<FileField>) {
  const { t } = useTranslation('forms');
  const { uploadFile, disabled } = useFormSettings();
  const [url, setUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const items = itemsOf(value);
  const limit = field.multiple ? (field.numberLimit ?? Infinity) : 1;
  const room = items.length < limit;
  const emit = (next: Item[]) => onChange(field.multiple ? next : next[0]);
  const add = (more: Item[]) => emit(field.multiple ? [...items, ...more].slice(0, limit) : more.slice(-1));
  const remote = field.transferMethods.includes('remote_url');
  const local = field.transferMethods.includes('local_file');
  const accept = field.allowedExtensions?.length ? field.allowedExtensions.join(',') : field.allowedTypes?.includes('image') ? 'image/*' : undefined;

  const addUrl = () => {
    const u = url.trim();
    if (!u) return;
    add([field.valueFormat === 'path' ? u : { type: difyType(field, u), transfer_method: 'remote_url', url: u }]);
    setUrl('');
  };
  const upload = async (files: FileList | null) => {
    if (!files || !uploadFile) return;
    setBusy(true);
    setUploadError(null);
    try {
      const done: Item[] = [];
      for (const file of Array.from(files).slice(0, Math.max(0, limit - (field.multiple ? items.length : 0)))) {
        const up = await uploadFile(file);
        done.push(field.valueFormat === 'path' ? up.id : { type: difyType(field, file.name), transfer_method: 'local_file', upload_file_id: up.id, name: up.name });
      }
      add(done);
    } catch (e) {
      setUploadError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const hints = [
    field.multiple && field.numberLimit ? t('file.limit', { count: field.numberLimit }) : '',
    field.allowedExtensions?.length || field.allowedTypes?.length
      ? t('file.accept', { types: (field.allowedExtensions?.length ? field.allowedExtensions : (field.allowedTypes ?? [])).join(', ') })
      : '',
  ].filter(Boolean);
  // Paths (Langflow) can always be typed; Dify files need a URL or an uploader.
  const canType = remote || field.valueFormat === 'path';

  return (
    <FieldShell
      {...shell}
      variant="group"
      after={
        <>
          {hints.length > 0 ? <p className="fb-field__hint">{hints.join(' ')}</p> : null}
          {uploadError ? (
            <p className="fb-field__error" role="alert">
              {t('file.uploadFailed', { message: uploadError })}
            </p>
          ) : null}
        </>
      }
    >
      {items.length === 0 ? <p className="fb-muted">{t('file.empty')}</p> : null}
      <ul className="fb-files">
        {items.map((item, i) => (
          <li key={i} className="fb-files__item">
            <span className="fb-files__name">{nameOf(item)}</span>
            <button
              type="button"
              className="fb-button fb-button--icon"
              disabled={disabled}
              aria-label={t('file.remove', { name: nameOf(item) })}
              onClick={() => emit(items.filter((_, j) => j !== i))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      {room && canType ? (
        <div className="fb-files__add">
          <label htmlFor={`${id}-url`} className="fb-visually-hidden">
            {field.valueFormat === 'path' ? t('file.path') : t('file.url')}
          </label>
          <input
            id={`${id}-url`}
            className="fb-input"
            type={field.valueFormat === 'path' ? 'text' : 'url'}
            placeholder={field.valueFormat === 'path' ? t('file.path') : t('file.url')}
            value={url}
            disabled={disabled}
            onChange={(e) => setUrl(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                addUrl();
              }
            }}
          />
          <button type="button" className="fb-button" disabled={disabled || url.trim() === ''} onClick={addUrl}>
            {t('file.addUrl')}
          </button>
        </div>
      ) : null}
      {room && local && uploadFile ? (
        <div className="fb-files__upload">
          <label htmlFor={`${id}-upload`}>{busy ? t('file.uploading') : t('file.upload')}</label>
          <input
            id={`${id}-upload`}
            type="file"
            accept={accept}
            multiple={field.multiple}
            disabled={disabled || busy}
            onChange={(e) => {
              void upload(e.target.files);
              e.target.value = '';
            }}
          />
        </div>
      ) : null}
      {room && local && !uploadFile && !canType ? <p className="fb-muted">{t('file.noUploader')}</p> : null}
    </FieldShell>
  );
}
