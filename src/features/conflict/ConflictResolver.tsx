/**
 * Concurrent saves. Autosave sends every save with the revision it was based on; when the backend answers
 * "conflict" (another tab, another user), autosave pauses and fires `flowbench:conflict` with the server's
 * current copy. This dialog shows what differs between theirs and mine and lets the user choose:
 * - Keep mine: my document is saved on top of theirs (based on their revision, so a third change made in
 *   the meantime conflicts again instead of being overwritten);
 * - Take theirs: the editor takes their document and revision (one undoable step);
 * - Save as copy: mine is saved as a new flow and opened, and this flow takes theirs.
 * Nothing is written until the user chooses; closing the dialog leaves autosave paused and a
 * "Resolve conflict" button in the toolbar.
 *
 * When done it fires `flowbench:conflict-resolved` (`{ flowId }`): the editor resumes autosave.
 */
import * as Dialog from '@radix-ui/react-dialog';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBackend } from '../../shell/backend-context';
import { noticeStore } from '../../shell/notices';
import { isBackendError, type SavedFlow } from '../../backends/types';
import { useEditor, useEditorStore } from '../../editor/context';
import { newId } from '../../model/ids';
import { useInvalidate } from '../../queries/hooks';
import './conflict.css';
import { errorText } from '../../shell/error-text';

const DiffView = lazy(() => import('../versions/DiffView').then((m) => ({ default: m.DiffView })));

export const CONFLICT_EVENT = 'flowbench:conflict';
export const CONFLICT_RESOLVED_EVENT = 'flowbench:conflict-resolved';

interface ConflictDetail {
  error: unknown;
  flowId: string;
}

export function ConflictResolver() {
  const { t } = useTranslation('conflict');
  const flowId = useEditor((s) => s.flow.id);
  const [theirs, setTheirs] = useState<SavedFlow | null>(null);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const onConflict = (e: Event) => {
      const detail = (e as CustomEvent<ConflictDetail>).detail;
      if (!detail || detail.flowId !== flowId) return;
      const current = isBackendError(detail.error) ? detail.error.current : undefined;
      if (!current) {
        noticeStore.getState().push({ key: 'conflict:noCopy', tone: 'error' });
        return;
      }
      setTheirs(current);
      setOpen(true);
    };
    window.addEventListener(CONFLICT_EVENT, onConflict);
    return () => window.removeEventListener(CONFLICT_EVENT, onConflict);
  }, [flowId]);

  if (!theirs) return null;
  return (
    <>
      <button type="button" className="fb-button fb-conflict-button" onClick={() => setOpen(true)} data-testid="conflict-reopen">
        ⚠ {t('reopen')}
      </button>
      <Dialog.Root open={open} onOpenChange={setOpen}>
        <Dialog.Portal>
          <Dialog.Overlay className="fb-overlay" />
          <Dialog.Content className="fb-dialog fb-dialog-conflict" data-testid="conflict-dialog">
            <ConflictBody
              theirs={theirs}
              onResolved={() => {
                setTheirs(null);
                setOpen(false);
              }}
            />
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
    </>
  );
}

function ConflictBody({ theirs, onResolved }: { theirs: SavedFlow; onResolved(): void }) {
  const { t } = useTranslation('conflict');
  const backend = useBackend();
  const store = useEditorStore();
  const mine = useEditor((s) => s.flow);
  const invalidate = useInvalidate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const resume = () => {
    window.dispatchEvent(new CustomEvent(CONFLICT_RESOLVED_EVENT, { detail: { flowId: mine.id } }));
    onResolved();
  };

  const keepMine = () => {
    // Same document, their revision as the base: autosave writes mine on top of exactly what they saved.
    store.getState().replaceFlow(store.getState().flow, 'conflict.keepMine', theirs.summary.revision);
    noticeStore.getState().push({ key: 'conflict:notices.keptMine', tone: 'info' });
    resume();
  };

  const takeTheirs = () => {
    store.getState().replaceFlow(theirs.flow, 'conflict.takeTheirs', theirs.summary.revision);
    noticeStore.getState().push({ key: 'conflict:notices.tookTheirs', tone: 'info' });
    resume();
  };

  const saveCopy = async () => {
    setBusy(true);
    setError(null);
    try {
      const copy = { ...store.getState().flow, id: newId('flow'), name: t('copyName', { name: store.getState().flow.name }) };
      const folder = backend.capabilities.folders ? { folderId: theirs.summary.folderId } : {};
      const saved = await backend.saveFlow({ flow: copy, baseRevision: null, ...folder });
      store.getState().replaceFlow(theirs.flow, 'conflict.takeTheirs', theirs.summary.revision);
      noticeStore.getState().push({ key: 'conflict:notices.savedCopy', values: { name: copy.name }, tone: 'info' });
      resume();
      await invalidate.flows();
      window.location.hash = `#/flow/${encodeURIComponent(saved.flow.id)}`;
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const when = new Date(theirs.summary.modifiedAt).toLocaleString();
  return (
    <>
      <Dialog.Title>{t('title', { name: theirs.flow.name })}</Dialog.Title>
      <Dialog.Description>{t('body', { when })}</Dialog.Description>
      <Suspense fallback={<p aria-busy="true">{t('loading')}</p>}>
        <DiffView before={theirs.flow} after={mine} beforeLabel={t('theirs')} afterLabel={t('mine')} testId="conflict-diff" />
      </Suspense>
      {error && (
        <p role="alert" className="fb-danger">
          {t('failed', { message: error })}
        </p>
      )}
      <div className="fb-dialog-actions fb-conflict-actions">
        <button type="button" className="fb-button" disabled={busy} onClick={() => void saveCopy()} data-testid="conflict-save-copy">
          {t('saveCopy')}
        </button>
        <button type="button" className="fb-button" disabled={busy} onClick={takeTheirs} data-testid="conflict-take-theirs">
          {t('takeTheirs')}
        </button>
        <button type="button" className="fb-button fb-primary" disabled={busy} onClick={keepMine} data-testid="conflict-keep-mine">
          {t('keepMine')}
        </button>
      </div>
      <p className="fb-muted fb-conflict-hint">{t('hint')}</p>
    </>
  );
}
