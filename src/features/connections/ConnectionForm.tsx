/**
 * Add or edit a connection: the kind (for a new one), a name, and the kind's settings rendered from its
 * descriptor's JSON Schema through SchemaForm (secret settings masked). "Test connection" tries the typed
 * values before saving, with secrets in memory only.
 */
import { useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackendDescriptor, ConnectionSettings, SettingsSchema } from '../../backends/descriptor';
import { BACKEND_KINDS, requireDescriptor } from '../../backends/kinds';
import { fieldDomId, fromJsonSchema, SchemaForm } from '../../forms';
import { testDraftConnection } from './adapters';
import { describeTest, errorText, type Message } from './describe';
import { validateConnection, type ConnectionInput, type SavedConnection } from './model';
import { sessionSecretStore } from './secret-store';
import { textResolver, useDescriptorText, type TextOf } from './texts';

interface Props {
  /** The connection being edited, or null to add one. */
  connection: SavedConnection | null;
  onSave(kind: string, input: ConnectionInput): Promise<void>;
  onCancel(): void;
}

/** Kinds a user can add a connection of (built-in ones need none). */
export const connectableKinds = (): BackendDescriptor[] => BACKEND_KINDS.filter((d) => !d.builtIn);

/** The settings schema with texts resolved and secret settings masked, for the JSON Schema converter. */
function formSchema(d: BackendDescriptor, text: TextOf): SettingsSchema {
  const properties: SettingsSchema['properties'] = {};
  for (const [k, p] of Object.entries(d.settings.properties)) {
    const q: Record<string, unknown> = { ...p, 'x-allow-references': false };
    for (const f of ['title', 'description', 'x-placeholder'] as const) {
      if (typeof p[f] === 'string') q[f] = text(p[f]);
    }
    if (d.secretSettings.includes(k)) q.format = 'password';
    properties[k] = q;
  }
  return { ...d.settings, properties };
}

function initialSettings(d: BackendDescriptor, conn: SavedConnection | null): ConnectionSettings {
  if (!conn) return d.defaults?.() ?? {};
  const secrets = sessionSecretStore(conn.id);
  const out: ConnectionSettings = { ...conn.settings };
  for (const k of d.secretSettings) {
    const v = secrets.get(k);
    if (v !== null) out[k] = v;
  }
  return out;
}

export function ConnectionForm({ connection, onSave, onCancel }: Props) {
  const { t, i18n } = useTranslation('connections');
  const id = useId();
  const kinds = connectableKinds();
  const [kind, setKind] = useState(() => connection?.kind ?? kinds[0]?.kind ?? '');
  const descriptor = requireDescriptor(kind);
  const text = useDescriptorText(kind);
  const [name, setName] = useState(connection?.name ?? '');
  const [settings, setSettings] = useState<ConnectionSettings>(() => initialSettings(descriptor, connection));
  const [showErrors, setShowErrors] = useState(false);
  const [testing, setTesting] = useState(false);
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<(Message & { ok: boolean }) | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const nameInput = useRef<HTMLInputElement | null>(null);
  const formRef = useRef<HTMLFormElement | null>(null);
  const input: ConnectionInput = { name, settings };
  const problems = validateConnection(descriptor, input);
  const language = i18n.language?.startsWith('zh') ? 'zh' : 'en';
  const fields = useMemo(
    () => fromJsonSchema(formSchema(descriptor, textResolver(kind, t, language)), { allowReferences: false }),
    [descriptor, kind, t, language],
  );
  const fieldErrors = useMemo(() => {
    if (!showErrors) return {};
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(problems)) if (k !== 'name') out[k] = text(v);
    return out;
  }, [showErrors, problems, text]);
  const idPrefix = `${id}-settings`;

  const changeKind = (next: string) => {
    setKind(next);
    setSettings(requireDescriptor(next).defaults?.() ?? {});
    setResult(null);
    setShowErrors(false);
  };

  const check = (): boolean => {
    const keys = Object.keys(problems);
    if (keys.length === 0) return true;
    setShowErrors(true);
    if (problems.name) nameInput.current?.focus();
    else {
      const first = fields.find((f) => problems[f.key]);
      const el = first ? formRef.current?.querySelector<HTMLElement>(`#${CSS.escape(fieldDomId(idPrefix, first.key))}`) : null;
      el?.focus();
    }
    return false;
  };

  const test = async () => {
    if (!check()) return;
    setTesting(true);
    setResult(null);
    try {
      const r = await testDraftConnection(kind, settings);
      setResult({ ...describeTest(r, kind), ok: r.ok });
    } catch (e) {
      setResult({ key: 'connections:test.failed.reach', values: { message: errorText(e) }, ok: false });
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
      await onSave(kind, input);
    } catch (err) {
      setSaveError(errorText(err));
      setSaving(false);
    }
  };

  const nameProblem = showErrors ? problems.name : undefined;
  return (
    <form
      ref={formRef}
      className="fb-form fb-conn-form"
      onSubmit={(e) => void submit(e)}
      noValidate
      data-testid="connection-form"
      data-kind={kind}
      aria-labelledby={`${id}-title`}
    >
      <h3 id={`${id}-title`} className="fb-conn-heading">
        {connection ? t('form.editTitle', { name: connection.name }) : t('form.addTitle', { kind: text(descriptor.label) })}
      </h3>
      {!connection && (
        <div className="fb-field">
          <label htmlFor={`${id}-kind`}>{t('form.kind')}</label>
          <select
            id={`${id}-kind`}
            className="fb-select"
            value={kind}
            onChange={(e) => changeKind(e.target.value)}
            data-testid="connection-kind"
          >
            {kinds.map((d) => (
              <option key={d.kind} value={d.kind}>
                {textResolver(d.kind, t, language)(d.label)}
              </option>
            ))}
          </select>
          {descriptor.description && <span className="fb-muted fb-small">{text(descriptor.description)}</span>}
        </div>
      )}
      <div className="fb-field">
        <label htmlFor={`${id}-name`}>{t('form.name')}</label>
        <input
          id={`${id}-name`}
          ref={nameInput}
          className="fb-input"
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setResult(null);
          }}
          autoComplete="off"
          spellCheck={false}
          placeholder={t('form.namePlaceholder')}
          aria-invalid={nameProblem ? true : undefined}
          aria-describedby={nameProblem ? `${id}-name-error` : undefined}
          data-testid="connection-name"
        />
        {nameProblem && (
          <span id={`${id}-name-error`} className="fb-danger fb-small" data-testid="connection-name-error">
            {text(nameProblem)}
          </span>
        )}
      </div>
      <SchemaForm
        key={kind}
        fields={fields}
        values={settings}
        errors={fieldErrors}
        idPrefix={idPrefix}
        language={language}
        onChange={(next) => {
          setSettings(next);
          setResult(null);
        }}
      />
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
        <button type="submit" className="fb-button fb-primary" disabled={saving} data-testid="connection-form-save">
          {t('form.save')}
        </button>
      </div>
    </form>
  );
}
