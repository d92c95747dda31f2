/** Add or edit a connection: name, address, device name; "Test connection" tries the typed values before saving. */
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { testDraftConnection } from './adapters';
import { describeTest, errorText, type Message } from './describe';
import { newDeviceId, validateConnection, type ConnectionInput, type SavedConnection } from './model';

interface Props {
  /** The connection being edited, or null to add one. */
  connection: SavedConnection | null;
  onSave(input: ConnectionInput, deviceId: string): Promise<void>;
  onCancel(): void;
}

const FIELDS: Array<keyof ConnectionInput> = ['name', 'baseUrl', 'deviceName'];

export function ConnectionForm({ connection, onSave, onCancel }: Props) {
  const { t } = useTranslation('connections');
  const id = useId();
  const [values, setValues] = useState<ConnectionInput>(() =>
    connection
      ? { name: connection.name, baseUrl: connection.baseUrl, deviceName: connection.deviceName }
      : { name: '', baseUrl: 'http://', deviceName: t('form.defaultDeviceName') },
  );
  const [deviceId] = useState(() => connection?.deviceId ?? newDeviceId());
  const [showErrors, setShowErrors] = useState(false);
  const [testing, setTesting] = useState(false);
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<(Message & { ok: boolean }) | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const inputs = useRef<Partial<Record<keyof ConnectionInput, HTMLInputElement | null>>>({});
  const problems = validateConnection(values);

  const set = (k: keyof ConnectionInput, v: string) => {
    setValues((s) => ({ ...s, [k]: v }));
    setResult(null);
  };

  const check = (): boolean => {
    const first = FIELDS.find((f) => problems[f]);
    if (!first) return true;
    setShowErrors(true);
    inputs.current[first]?.focus();
    return false;
  };

  const test = async () => {
    if (!check()) return;
    setTesting(true);
    setResult(null);
    try {
      const r = await testDraftConnection(values, deviceId);
      setResult({ ...describeTest(r), ok: r.ok });
    } catch (e) {
      setResult({ key: 'connections:test.failed.health', values: { message: errorText(e) }, ok: false });
    } finally {
      setTesting(false);
    }
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!check()) return;
    setSaving(true);
    setSaveError(null);
    try {
      await onSave(values, deviceId);
    } catch (err) {
      setSaveError(errorText(err));
      setSaving(false);
    }
  };

  const field = (
    k: keyof ConnectionInput,
    opts: { type?: string; hint?: string; autoComplete?: string; placeholder?: string },
  ) => {
    const problem = showErrors ? problems[k] : undefined;
    const hintId = `${id}-${k}-hint`;
    const errId = `${id}-${k}-error`;
    return (
      <div className="fb-field">
        <label htmlFor={`${id}-${k}`}>{t(`form.${k}`)}</label>
        <input
          id={`${id}-${k}`}
          ref={(el) => {
            inputs.current[k] = el;
          }}
          className="fb-input"
          type={opts.type ?? 'text'}
          value={values[k]}
          onChange={(e) => set(k, e.target.value)}
          autoComplete={opts.autoComplete ?? 'off'}
          spellCheck={false}
          placeholder={opts.placeholder}
          aria-invalid={problem ? true : undefined}
          aria-describedby={
            [opts.hint ? hintId : '', problem ? errId : ''].filter(Boolean).join(' ') || undefined
          }
          data-testid={`connection-${k}`}
        />
        {opts.hint && (
          <span id={hintId} className="fb-muted fb-small">
            {opts.hint}
          </span>
        )}
        {problem && (
          <span id={errId} className="fb-danger fb-small" data-testid={`connection-${k}-error`}>
            {t(`form.problems.${problem}`)}
          </span>
        )}
      </div>
    );
  };

  return (
    <form
      className="fb-form fb-conn-form"
      onSubmit={(e) => void submit(e)}
      noValidate
      data-testid="connection-form"
      aria-labelledby={`${id}-title`}
    >
      <h3 id={`${id}-title`} className="fb-conn-heading">
        {connection ? t('form.editTitle', { name: connection.name }) : t('form.addTitle')}
      </h3>
      {field('name', { placeholder: t('form.namePlaceholder') })}
      {field('baseUrl', {
        type: 'url',
        hint: t('form.baseUrlHint'),
        placeholder: 'http://192.168.1.20:8080',
      })}
      {field('deviceName', { hint: t('form.deviceNameHint') })}
      <p className="fb-muted fb-small">{t('form.tokenNote')}</p>
      <div
        className="fb-conn-result"
        role="status"
        aria-live="polite"
        data-testid="connection-form-test-result"
        data-ok={result ? String(result.ok) : undefined}
      >
        {testing ? (
          t('test.running')
        ) : result ? (
          <span className={result.ok ? 'fb-conn-ok' : 'fb-danger'}>{t(result.key, result.values)}</span>
        ) : null}
      </div>
      {saveError && (
        <p role="alert" className="fb-danger" data-testid="connection-save-error">
          {saveError}
        </p>
      )}
      <div className="fb-dialog-actions">
        <button
          type="button"
          className="fb-button"
          onClick={() => void test()}
          disabled={testing}
          data-testid="connection-form-test"
        >
          {t('test.button')}
        </button>
        <span className="fb-spacer" />
        <button type="button" className="fb-button" onClick={onCancel} data-testid="connection-form-cancel">
          {t('cancel')}
        </button>
        <button
          type="submit"
          className="fb-button fb-primary"
          disabled={saving}
          data-testid="connection-form-save"
        >
          {t('form.save')}
        </button>
      </div>
    </form>
  );
}
