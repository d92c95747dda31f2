/**
 * A flow as the server renders it (AutoMaticWorker's generated Python), shown read-only in Monaco before it
 * is downloaded under the server's own file name (`Content-Disposition`). Nothing is saved until Download.
 */
import * as Dialog from '@radix-ui/react-dialog';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useBackend } from '../../shell/backend-context';
import { CodeView } from '../code-editor/CodeView';
import { errorText } from '../../shell/error-text';
import { useDescriptorText } from '../connections/texts';
import { downloadFile } from '../library/download';
import { closeExportPreview, useServerTools, type ExportPreviewTarget } from './store';
import { kindOfAdapter } from './kind';
import './server-tools.css';

export default function ExportPreviewDialog() {
  const { t } = useTranslation('serverTools');
  const target = useServerTools((s) => s.exportPreview);
  const backend = useBackend();
  const text = useDescriptorText(kindOfAdapter(backend));
  return (
    <Dialog.Root open={!!target} onOpenChange={(open) => !open && closeExportPreview()}>
      <Dialog.Portal>
        <Dialog.Overlay className="fb-overlay" />
        <Dialog.Content className="fb-dialog fb-st-dialog-wide" data-testid="export-preview" aria-describedby={undefined}>
          <Dialog.Title>{target ? t('export.title', { format: text(target.format.label), name: target.flowName }) : ''}</Dialog.Title>
          {target && <ExportPreview key={`${target.flowId}:${target.format.id}`} target={target} />}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function ExportPreview({ target }: { target: ExportPreviewTarget }) {
  const { t } = useTranslation('serverTools');
  const backend = useBackend();
  const file = useQuery({
    queryKey: ['server-tools', 'export', backend.id, target.flowId, target.format.id],
    queryFn: () => backend.flowExports!.exportFlow(target.flowId, target.format.id),
    // Always the server's current rendering; not kept after the dialog closes.
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });
  const body = file.data ? new TextDecoder().decode(file.data.data) : '';
  return (
    <div className="fb-st-export">
      {file.isPending && (
        <p className="fb-muted" aria-busy="true" data-testid="export-preview-loading">
          {t('export.loading')}
        </p>
      )}
      {file.isError && (
        <p className="fb-danger" role="alert" data-testid="export-preview-error">
          {t('export.failed', { message: errorText(file.error) })}
        </p>
      )}
      {file.data && (
        <>
          <p className="fb-muted fb-small">
            {t('export.fileName')} <code data-testid="export-preview-file">{file.data.name}</code>
          </p>
          <CodeView value={body} language={target.format.language} ariaLabel={t('export.codeLabel', { name: file.data.name })} />
        </>
      )}
      <div className="fb-dialog-actions">
        {file.isError && (
          <button type="button" className="fb-button" onClick={() => void file.refetch()} data-testid="export-preview-retry">
            {t('export.retry')}
          </button>
        )}
        <Dialog.Close className="fb-button" type="button">
          {t('export.close')}
        </Dialog.Close>
        <button
          type="button"
          className="fb-button fb-primary"
          disabled={!file.data}
          onClick={() => file.data && downloadFile(file.data)}
          data-testid="export-preview-download"
        >
          {t('export.download')}
        </button>
      </div>
    </div>
  );
}
