/**
 * The editor toolbar's version controls: draft/published status, "Publish…" (with a note) and "Versions"
 * (history, named versions, read-only previews, diffs, restore, revert). Shown only for backends that
 * declare versions. The history panel loads lazily: it brings the diff and the graph with it.
 */
import * as Dialog from '@radix-ui/react-dialog';
import { lazy, Suspense, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useBackend } from '../../shell/backend-context';
import { noticeStore } from '../../shell/notices';
import { useCommands, useEditor, useEditorStore } from '../../editor/context';
import { usePublish, useSavedFlow } from '../../queries/library';
import { saveEditorFirst } from './save-first';
import type { BackendAdapter } from '../../backends/types';
import type { EditorStore } from '../../editor/store';
import './versions.css';
import { errorText } from '../../shell/error-text';

const VersionsPanel = lazy(() => import('./VersionsPanel').then((m) => ({ default: m.VersionsPanel })));
const RevertDialog = lazy(() => import('./RevertDialog').then((m) => ({ default: m.RevertDialog })));

export type PublishState = 'never' | 'published' | 'changed';

export function VersionsControls() {
  const { t } = useTranslation('versions');
  const backend = useBackend();
  const flowId = useEditor((s) => s.flow.id);
  const dirty = useEditor((s) => s.dirty);
  // Publishing stands on its own (viaSocket publishes without a version list): either capability shows the group.
  const shown = backend.capabilities.versions || backend.capabilities.publish;
  const saved = useSavedFlow(shown ? flowId : null);
  const [panel, setPanel] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const [reverting, setReverting] = useState(false);
  if (!shown) return null;
  const summary = saved.data?.summary;
  const state: PublishState = !summary?.published ? 'never' : summary.draftDiffersFromPublished || dirty ? 'changed' : 'published';
  return (
    <div className="fb-versions-controls" role="group" aria-label={t('controls')}>
      <span className={`fb-publish-state fb-publish-${state}`} data-testid="publish-state" data-state={state}>
        {t(`state.${state}`)}
      </span>
      {backend.capabilities.publish && (
        <button type="button" className="fb-button" onClick={() => setPublishing(true)} data-testid="publish">
          {t('publish.button')}
        </button>
      )}
      {/* With a version list, reverting lives in the versions panel; without one (viaSocket) it has its own button. */}
      {backend.capabilities.revertDraft && !backend.capabilities.versions && (
        <button
          type="button"
          className="fb-button"
          onClick={() => setReverting(true)}
          disabled={state !== 'changed'}
          aria-haspopup="dialog"
          data-testid="revert-button"
        >
          {t('revert.button')}
        </button>
      )}
      {backend.capabilities.versions && (
        <button type="button" className="fb-button" onClick={() => setPanel(true)} aria-haspopup="dialog" data-testid="versions-button">
          {t('versions')}
        </button>
      )}
      <PublishDialog open={publishing} onOpenChange={setPublishing} flowId={flowId} />
      {reverting && (
        <Suspense fallback={null}>
          <RevertDialog open={reverting} onOpenChange={setReverting} flowId={flowId} />
        </Suspense>
      )}
      {panel && (
        <Suspense fallback={null}>
          <VersionsPanel open={panel} onOpenChange={setPanel} flowId={flowId} state={state} publishedVersionId={summary?.published?.versionId ?? null} />
        </Suspense>
      )}
    </div>
  );
}

/** Takes the stored draft's current revision when the editor has nothing unsaved (after a publish). */
async function adoptRevision(backend: BackendAdapter, store: EditorStore, flowId: string): Promise<void> {
  const before = store.getState().changeCounter;
  const saved = await backend.getFlow(flowId).catch(() => null);
  const s = store.getState();
  if (!saved || s.dirty || s.changeCounter !== before || saved.summary.revision === s.baseRevision) return;
  s.markSaved(saved.summary.revision, s.changeCounter);
}

function PublishDialog({ open, onOpenChange, flowId }: { open: boolean; onOpenChange(o: boolean): void; flowId: string }) {
  const { t } = useTranslation('versions');
  const backend = useBackend();
  const { services } = useCommands();
  const store = useEditorStore();
  const publish = usePublish();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    // Publishing snapshots the stored draft: the editor's pending edits go first.
    if (!(await saveEditorFirst(services, store))) return;
    try {
      await publish.mutateAsync({ flowId, note: note.trim() });
      // Publishing may touch the stored draft's revision (viaSocket's `updated_at`): the editor's next save
      // must be based on it, or it reads as a conflict with itself.
      await adoptRevision(backend, store, flowId);
      noticeStore.getState().push({ key: 'versions:notices.published', tone: 'info' });
      setNote('');
      onOpenChange(false);
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fb-overlay" />
        <Dialog.Content className="fb-dialog fb-dialog-narrow" data-testid="publish-dialog">
          <form className="fb-form" onSubmit={(e) => void submit(e)}>
            <Dialog.Title>{t('publish.title')}</Dialog.Title>
            <Dialog.Description>{t('publish.body')}</Dialog.Description>
            <label className="fb-field">
              <span>{t('publish.note')}</span>
              <textarea className="fb-input" rows={3} value={note} onChange={(e) => setNote(e.target.value)} data-testid="publish-note" />
            </label>
            {error && (
              <p role="alert" className="fb-danger">
                {t('errors.failed', { message: error })}
              </p>
            )}
            <div className="fb-dialog-actions">
              <Dialog.Close className="fb-button" type="button">
                {t('cancel')}
              </Dialog.Close>
              <button type="submit" className="fb-button fb-primary" disabled={publish.isPending} data-testid="publish-confirm">
                {t('publish.confirm')}
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
