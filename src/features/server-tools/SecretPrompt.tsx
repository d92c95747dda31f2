/**
 * Asks for a secret a connection does not keep (a password left empty in its settings), when its adapter
 * signs in: the first time and at each renewal. One request at a time, oldest first; Cancel answers null
 * (the adapter then fails with its "needs the password" error). The answer goes to the adapter only.
 */
import * as Dialog from '@radix-ui/react-dialog';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { secretPromptStore, type PendingSecret } from '../../shell/secret-prompt';
import { kindLabel, useDescriptorText } from '../connections/texts';

export function SecretPrompt() {
  const { t } = useTranslation('serverTools');
  const current = useStore(secretPromptStore, (s) => s.pending[0]);
  return (
    <Dialog.Root open={!!current} onOpenChange={(open) => !open && current?.answer(null)}>
      <Dialog.Portal>
        <Dialog.Overlay className="fb-overlay" />
        <Dialog.Content className="fb-dialog fb-dialog-narrow" data-testid="secret-prompt" aria-describedby="fb-secret-prompt-body">
          <Dialog.Title>{t('secret.title', { name: current ? current.connection || kindLabel(current.kind) : '' })}</Dialog.Title>
          {current && <SecretForm key={current.id} pending={current} />}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function SecretForm({ pending }: { pending: PendingSecret }) {
  const { t } = useTranslation('serverTools');
  const text = useDescriptorText(pending.kind);
  const [value, setValue] = useState('');
  const { request } = pending;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    pending.answer(value);
  };
  return (
    <form className="fb-form" onSubmit={submit}>
      <p id="fb-secret-prompt-body" className="fb-muted">
        {request.account ? t('secret.bodyAccount', { account: request.account }) : t('secret.body')}
      </p>
      {request.problem && (
        <p className="fb-danger" role="alert" data-testid="secret-prompt-problem">
          {t('secret.refused', { message: request.problem })}
        </p>
      )}
      <label className="fb-field-label">
        {text(request.label)}
        <input
          className="fb-input"
          type="password"
          autoComplete="current-password"
          autoFocus
          value={value}
          onChange={(e) => setValue(e.target.value)}
          data-testid="secret-prompt-input"
        />
      </label>
      <div className="fb-dialog-actions">
        <button type="button" className="fb-button" onClick={() => pending.answer(null)} data-testid="secret-prompt-cancel">
          {t('secret.cancel')}
        </button>
        <button type="submit" className="fb-button fb-primary" disabled={value === ''} data-testid="secret-prompt-submit">
          {t('secret.submit')}
        </button>
      </div>
    </form>
  );
}
