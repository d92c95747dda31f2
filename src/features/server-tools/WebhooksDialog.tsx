/**
 * The server's webhook registrations (`adapter.webhooks`): the list, a form to add one (URL, events, an
 * optional signing secret; left empty, the adapter makes one), and delete. The signing secret is shown once,
 * right after the webhook is created, and lives only in this dialog's state: the server never shows it again.
 */
import * as Dialog from '@radix-ui/react-dialog';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Webhook, WebhookService } from '../../backends/types';
import { useBackend } from '../../shell/backend-context';
import { errorText } from '../../shell/error-text';
import { closeWebhooks, useServerTools } from './store';
import './server-tools.css';

export default function WebhooksDialog() {
  const { t } = useTranslation('serverTools');
  const open = useServerTools((s) => s.webhooks);
  const backend = useBackend();
  return (
    <Dialog.Root open={open && !!backend.webhooks} onOpenChange={(o) => !o && closeWebhooks()}>
      <Dialog.Portal>
        <Dialog.Overlay className="fb-overlay" />
        <Dialog.Content className="fb-dialog fb-st-dialog-wide" data-testid="webhooks-dialog" aria-describedby="fb-webhooks-intro">
          <Dialog.Title>{t('webhooks.title', { name: backend.label })}</Dialog.Title>
          <p id="fb-webhooks-intro" className="fb-muted">
            {t('webhooks.intro')}
          </p>
          {open && backend.webhooks && <Webhooks service={backend.webhooks} backendId={backend.id} />}
          <div className="fb-dialog-actions">
            <Dialog.Close className="fb-button" type="button" data-testid="webhooks-close">
              {t('webhooks.close')}
            </Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function Webhooks({ service, backendId }: { service: WebhookService; backendId: string }) {
  const { t } = useTranslation('serverTools');
  const queryClient = useQueryClient();
  const key = ['server-tools', 'webhooks', backendId];
  const list = useQuery({ queryKey: key, queryFn: () => service.list(), retry: false });
  const [created, setCreated] = useState<{ webhook: Webhook; secret: string } | null>(null);
  const remove = useMutation({
    mutationFn: (id: string) => service.delete(id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });
  return (
    <div className="fb-st-webhooks">
      {created && <SecretOnce created={created} onDone={() => setCreated(null)} />}
      <section aria-labelledby="fb-webhooks-list">
        <h3 id="fb-webhooks-list" className="fb-st-heading">
          {t('webhooks.registered')}
        </h3>
        {list.isPending && <p className="fb-muted">{t('webhooks.loading')}</p>}
        {list.isError && (
          <p className="fb-danger" role="alert" data-testid="webhooks-error">
            {t('webhooks.loadFailed', { message: errorText(list.error) })}{' '}
            <button type="button" className="fb-button fb-small" onClick={() => void list.refetch()}>
              {t('webhooks.retry')}
            </button>
          </p>
        )}
        {list.data && list.data.length === 0 && (
          <p className="fb-muted" data-testid="webhooks-empty">
            {t('webhooks.none')}
          </p>
        )}
        {list.data && list.data.length > 0 && (
          <ul className="fb-st-webhook-list">
            {list.data.map((w) => (
              <li key={w.id} className="fb-st-webhook" data-testid="webhook-row" data-webhook-id={w.id}>
                <span className="fb-st-webhook-url">{w.url}</span>
                <span className="fb-muted fb-small">{w.events.join(', ')}</span>
                {w.createdAt && <span className="fb-muted fb-small">{w.createdAt}</span>}
                <button
                  type="button"
                  className="fb-button fb-small"
                  disabled={remove.isPending}
                  onClick={() => remove.mutate(w.id)}
                  aria-label={t('webhooks.deleteFor', { url: w.url })}
                  data-testid="webhook-delete"
                >
                  {t('webhooks.delete')}
                </button>
              </li>
            ))}
          </ul>
        )}
        {remove.isError && (
          <p className="fb-danger" role="alert">
            {t('webhooks.deleteFailed', { message: errorText(remove.error) })}
          </p>
        )}
      </section>
      <AddWebhook
        service={service}
        onCreated={(c) => {
          setCreated(c);
          void queryClient.invalidateQueries({ queryKey: key });
        }}
      />
    </div>
  );
}

function AddWebhook({ service, onCreated }: { service: WebhookService; onCreated(c: { webhook: Webhook; secret: string }): void }) {
  const { t } = useTranslation('serverTools');
  const id = useId();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>([...service.events]);
  const [secret, setSecret] = useState('');
  const create = useMutation({
    mutationFn: () => service.create({ url: url.trim(), events, ...(secret ? { secret } : {}) }),
    onSuccess: (c) => {
      setUrl('');
      setSecret('');
      onCreated(c);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const toggle = (ev: string, on: boolean) => setEvents((cur) => (on ? [...cur, ev] : cur.filter((x) => x !== ev)));
  return (
    <form className="fb-form fb-st-add" onSubmit={submit} aria-labelledby={`${id}-h`} data-testid="webhook-form">
      <h3 id={`${id}-h`} className="fb-st-heading">
        {t('webhooks.add')}
      </h3>
      <label className="fb-field-label">
        {t('webhooks.url')}
        <input
          className="fb-input"
          type="url"
          required
          value={url}
          placeholder="https://example.com/callback"
          onChange={(e) => setUrl(e.target.value)}
          data-testid="webhook-url"
        />
      </label>
      <fieldset className="fb-st-events">
        <legend>{t('webhooks.events')}</legend>
        {service.events.map((ev) => (
          <label key={ev} className="fb-inline-label">
            <input type="checkbox" checked={events.includes(ev)} onChange={(e) => toggle(ev, e.target.checked)} data-testid={`webhook-event-${ev}`} />
            <code>{ev}</code>
          </label>
        ))}
      </fieldset>
      <label className="fb-field-label">
        {t('webhooks.secret')}
        <input
          className="fb-input"
          type="password"
          autoComplete="new-password"
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
          aria-describedby={`${id}-secret-hint`}
          data-testid="webhook-secret-input"
        />
        <span id={`${id}-secret-hint`} className="fb-muted fb-small">
          {t('webhooks.secretHint')}
        </span>
      </label>
      {create.isError && (
        <p className="fb-danger" role="alert" data-testid="webhook-create-error">
          {t('webhooks.createFailed', { message: errorText(create.error) })}
        </p>
      )}
      <div className="fb-dialog-actions">
        <button type="submit" className="fb-button fb-primary" disabled={create.isPending || url.trim() === '' || events.length === 0} data-testid="webhook-create">
          {t('webhooks.create')}
        </button>
      </div>
    </form>
  );
}

function SecretOnce({ created, onDone }: { created: { webhook: Webhook; secret: string }; onDone(): void }) {
  const { t } = useTranslation('serverTools');
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.secret);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <div className="fb-st-secret" role="status" data-testid="webhook-secret-once">
      <p>
        <strong>{t('webhooks.secretOnceTitle')}</strong> {t('webhooks.secretOnceBody', { url: created.webhook.url })}
      </p>
      <code className="fb-st-secret-value" data-testid="webhook-secret">
        {created.secret}
      </code>
      <div className="fb-st-secret-actions">
        <button type="button" className="fb-button fb-small" onClick={() => void copy()} data-testid="webhook-secret-copy">
          {copied ? t('webhooks.copied') : t('webhooks.copy')}
        </button>
        <button type="button" className="fb-button fb-small" onClick={onDone} data-testid="webhook-secret-done">
          {t('webhooks.secretDone')}
        </button>
      </div>
    </div>
  );
}
