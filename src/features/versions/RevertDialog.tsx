/**
 * "Revert…" on a backend that reverts the draft to the published copy without keeping a version list
 * (viaSocket): first the difference between the published definition and the draft (what the revert throws
 * away), then the revert itself. The reverted draft lands in the editor as one undoable `replaceFlow`.
 */
import * as Dialog from '@radix-ui/react-dialog';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useBackend } from '../../shell/backend-context';
import { noticeStore } from '../../shell/notices';
import { useCommands, useEditor, useEditorStore } from '../../editor/context';
import { useRevertDraft } from '../../queries/library';
import { DiffView } from './DiffView';
import { saveEditorFirst } from './save-first';

export function RevertDialog({ open, onOpenChange, flowId }: { open: boolean; onOpenChange(o: boolean): void; flowId: string }) {
  const { t } = useTranslation('versions');
  const backend = useBackend();
  const { services } = useCommands();
  const store = useEditorStore();
  const draft = useEditor((s) => s.flow);
  const revert = useRevertDraft();
  const published = useQuery({
    queryKey: [backend.id, 'published-flow', flowId],
    queryFn: () => backend.getPublishedFlow!(flowId),
    enabled: open && !!backend.getPublishedFlow,
    staleTime: 0,
  });
  const confirm = async () => {
    if (!(await saveEditorFirst(services, store))) return;
    try {
      const saved = await revert.mutateAsync({ flowId });
      store.getState().replaceFlow(saved.flow, 'versions.revert', saved.summary.revision);
      noticeStore.getState().push({ key: 'versions:notices.revertedNoVersions', tone: 'info' });
      onOpenChange(false);
    } catch (e) {
      noticeStore.getState().push({ key: 'versions:errors.failed', values: { message: e instanceof Error ? e.message : String(e) }, tone: 'error' });
    }
  };
  const error = published.error ?? revert.error;
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fb-overlay" />
        <Dialog.Content className="fb-dialog fb-dialog-versions" data-testid="revert-dialog">
          <div className="fb-versions-head">
            <Dialog.Title>{t('revert.title')}</Dialog.Title>
            <Dialog.Close className="fb-icon-button fb-versions-close" aria-label={t('close')}>
              ×
            </Dialog.Close>
          </div>
          <Dialog.Description>{t('revert.body')}</Dialog.Description>
          {published.isPending && backend.getPublishedFlow ? (
            <p className="fb-muted" aria-busy="true">
              {t('loading')}
            </p>
          ) : published.data ? (
            <DiffView before={draft} after={published.data} beforeLabel={t('draft')} afterLabel={t('publishedCurrent')} testId="revert-diff" />
          ) : !published.error ? (
            <p className="fb-muted">{t('revert.noPreview')}</p>
          ) : null}
          {error && (
            <p role="alert" className="fb-danger">
              {t('errors.failed', { message: error instanceof Error ? error.message : String(error) })}
            </p>
          )}
          <div className="fb-dialog-actions">
            <Dialog.Close className="fb-button" type="button">
              {t('cancel')}
            </Dialog.Close>
            <button type="button" className="fb-button fb-danger-button" disabled={revert.isPending} onClick={() => void confirm()} data-testid="revert-confirm">
              {t('revert.confirm')}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
