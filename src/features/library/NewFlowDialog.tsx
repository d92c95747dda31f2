/**
 * "+ New flow" asks for the flow's name first (empty: the usual "Untitled flow"), then creates it in the
 * selected folder, from the backend's template when it has one (`newFlowTemplate`), and opens it. Opened from the library and from the empty state (`openNewFlow`).
 */
import * as Dialog from '@radix-ui/react-dialog';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useBackend } from '../../shell/backend-context';
import { newId } from '../../model/ids';
import { emptyFlow } from '../../model/flow';
import { useInvalidate } from '../../queries/hooks';
import { startDialogs, useStartDialogs } from '../examples/gallery-store';
import { notifyError, useLibrary } from './controller';

export function NewFlowDialog() {
  const { t } = useTranslation('examples');
  const open = useStartDialogs((s) => s.newFlow);
  return (
    <Dialog.Root open={open} onOpenChange={(o) => startDialogs.setState({ newFlow: o })}>
      <Dialog.Portal>
        <Dialog.Overlay className="fb-overlay" />
        <Dialog.Content className="fb-dialog fb-dialog-narrow" data-testid="new-flow-dialog" aria-describedby={undefined}>
          <Dialog.Title>{t('newFlow.title')}</Dialog.Title>
          {open && <NewFlowForm />}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function NewFlowForm() {
  const { t } = useTranslation(['examples', 'library']);
  const lib = useLibrary();
  const backend = useBackend();
  const invalidate = useInvalidate();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const init = { id: newId('flow'), name: name.trim() || t('library:untitledFlow') };
    try {
      // The backend's own start (a server that refuses an empty flow gives its required nodes).
      const flow = backend.newFlowTemplate ? await backend.newFlowTemplate(init) : emptyFlow(init.id, init.name, backend.referenceSyntax.dialect);
      const saved = await backend.saveFlow({ flow, baseRevision: null, ...(lib.caps.folders ? { folderId: lib.folderSel } : {}) });
      await invalidate.flows();
      startDialogs.setState({ newFlow: false });
      lib.openFlow(saved.flow.id);
    } catch (err) {
      notifyError('createFailed', err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="fb-form" onSubmit={(e) => void submit(e)}>
      <label className="fb-field-label">
        {t('newFlow.name')}
        <input
          className="fb-input"
          autoFocus
          value={name}
          placeholder={t('newFlow.placeholder')}
          onChange={(e) => setName(e.target.value)}
          data-testid="new-flow-name"
        />
      </label>
      <div className="fb-dialog-actions">
        <Dialog.Close className="fb-button" type="button">
          {t('newFlow.cancel')}
        </Dialog.Close>
        <button className="fb-button fb-primary" type="submit" disabled={busy} data-testid="new-flow-create">
          {t('newFlow.create')}
        </button>
      </div>
    </form>
  );
}
