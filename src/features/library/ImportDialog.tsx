/**
 * Import: picked or dropped files are first tried without writing (the adapter's dry run), one file at a
 * time, and the preview says per file what will happen. A file with any invalid part (a bad JSON file, a
 * ZIP with one bad entry) is refused whole: it is left out of the import, so nothing of it is written.
 * Confirming imports the accepted files into the chosen folder, and the report lists every entry.
 */
import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportedFile, ImportReportEntry } from '../../backends/types';
import { useImportFiles } from '../../queries/library';
import { notifyInfo, useLibrary } from './controller';
import { toExportedFiles } from './download';
import { allRows } from './folder-tree';
import { errorText } from '../../shell/error-text';

interface FilePreview {
  file: ExportedFile;
  entries: ImportReportEntry[];
  /** Some part is invalid: the whole file stays out. */
  refused: boolean;
  /** How many flows it would add. */
  adds: number;
}

type Phase = { kind: 'reading' } | { kind: 'preview'; files: FilePreview[] } | { kind: 'importing' } | { kind: 'report'; entries: ImportReportEntry[]; refused: FilePreview[] } | { kind: 'failed'; message: string };

export function ImportDialog() {
  const lib = useLibrary();
  const req = lib.importRequest;
  return (
    <Dialog.Root open={req !== null} onOpenChange={(o) => !o && lib.askImport(null)}>
      <Dialog.Portal>
        <Dialog.Overlay className="fb-overlay" />
        <Dialog.Content className="fb-dialog fb-dialog-wide" data-testid="import-dialog" aria-describedby={undefined}>
          {req && <ImportFlow key={req.files.map((f) => f.name).join('|')} files={req.files} initialFolder={req.folderId} />}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function ImportFlow({ files, initialFolder }: { files: File[]; initialFolder: string | null }) {
  const { t } = useTranslation('library');
  const lib = useLibrary();
  const importer = useImportFiles();
  const [folderId, setFolderId] = useState<string | null>(initialFolder);
  const [phase, setPhase] = useState<Phase>({ kind: 'reading' });
  const run = importer.mutateAsync;

  useEffect(() => {
    let cancelled = false;
    setPhase({ kind: 'reading' });
    void (async () => {
      try {
        const read = await toExportedFiles(files);
        const previews: FilePreview[] = [];
        for (const file of read) {
          const entries = await run({ files: [file], folderId, dryRun: true });
          const refused = entries.some((e) => e.status === 'error');
          previews.push({ file, entries, refused, adds: refused ? 0 : entries.filter((e) => e.status === 'imported').length });
        }
        if (!cancelled) setPhase({ kind: 'preview', files: previews });
      } catch (e) {
        if (!cancelled) setPhase({ kind: 'failed', message: errorText(e) });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [files, folderId, run]);

  const confirm = async (previews: FilePreview[]) => {
    const accepted = previews.filter((p) => !p.refused && p.adds > 0);
    setPhase({ kind: 'importing' });
    try {
      const entries = await run({ files: accepted.map((p) => p.file), folderId, dryRun: false });
      setPhase({ kind: 'report', entries, refused: previews.filter((p) => p.refused) });
      // Show where the flows went.
      if (folderId !== null) lib.setExpanded(folderId, true);
      const count = entries.filter((e) => e.status === 'imported').length;
      notifyInfo('notices.imported', { count });
    } catch (e) {
      setPhase({ kind: 'failed', message: errorText(e) });
    }
  };

  const folderOptions = [{ id: '', label: t('topLevel') }, ...allRows(lib.index).map((r) => ({ id: r.folder.id, label: `${'\u00a0\u00a0'.repeat(r.depth)}${r.folder.name}` }))];
  const total = phase.kind === 'preview' ? phase.files.reduce((n, p) => n + p.adds, 0) : 0;
  const refusedCount = phase.kind === 'preview' ? phase.files.filter((p) => p.refused).length : 0;

  return (
    <>
      <Dialog.Title>{phase.kind === 'report' ? t('import.reportTitle') : t('import.title', { count: files.length })}</Dialog.Title>
      {phase.kind !== 'report' && lib.caps.folders && (
        <label className="fb-field">
          <span>{t('import.target')}</span>
          <select
            className="fb-select"
            value={folderId ?? ''}
            onChange={(e) => setFolderId(e.target.value === '' ? null : e.target.value)}
            disabled={phase.kind === 'importing'}
            data-testid="import-target"
          >
            {folderOptions.map((o) => (
              <option key={o.id || 'top'} value={o.id}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
      )}
      {phase.kind === 'reading' && <p aria-busy="true">{t('import.checking')}</p>}
      {phase.kind === 'importing' && <p aria-busy="true">{t('import.importing')}</p>}
      {phase.kind === 'failed' && (
        <p role="alert" className="fb-danger">
          {t('import.failed', { message: phase.message })}
        </p>
      )}
      {phase.kind === 'preview' && (
        <>
          <p data-testid="import-summary" role="status">
            {refusedCount > 0 ? t('import.summaryRefused', { count: total, refused: refusedCount }) : t('import.summary', { count: total })}
          </p>
          <ul className="fb-import-list" data-testid="import-preview">
            {phase.files.map((p) => (
              <li key={p.file.name} className={p.refused ? 'fb-import-refused' : undefined} data-testid="import-file" data-refused={p.refused}>
                <strong>{p.file.name}</strong>{' '}
                <span>
                  {p.refused
                    ? t('import.fileRefused')
                    : p.adds > 0
                      ? t('import.fileWillImport', { count: p.adds })
                      : t('import.fileNothing')}
                </span>
                <EntryList entries={p.entries} preview />
              </li>
            ))}
          </ul>
        </>
      )}
      {phase.kind === 'report' && (
        <>
          <p role="status" data-testid="import-report-summary">
            {t('import.reportSummary', {
              imported: phase.entries.filter((e) => e.status === 'imported').length,
              skipped: phase.entries.filter((e) => e.status === 'skipped').length,
              refused: phase.refused.length,
            })}
          </p>
          <div data-testid="import-report">
            <EntryList entries={phase.entries} />
            {phase.refused.map((p) => (
              <div key={p.file.name} className="fb-import-refused" data-testid="import-refused">
                <strong>{p.file.name}</strong> {t('import.notImported')}
                <EntryList entries={p.entries.filter((e) => e.status === 'error')} />
              </div>
            ))}
          </div>
        </>
      )}
      <div className="fb-dialog-actions">
        {phase.kind === 'report' ? (
          <Dialog.Close className="fb-button fb-primary" type="button" data-testid="import-done">
            {t('import.done')}
          </Dialog.Close>
        ) : (
          <>
            <Dialog.Close className="fb-button" type="button">
              {t('cancel')}
            </Dialog.Close>
            <button
              className="fb-button fb-primary"
              type="button"
              disabled={phase.kind !== 'preview' || total === 0}
              onClick={() => phase.kind === 'preview' && void confirm(phase.files)}
              data-testid="import-confirm"
            >
              {t('import.confirm', { count: total })}
            </button>
          </>
        )}
      </div>
    </>
  );
}

function EntryList({ entries, preview }: { entries: ImportReportEntry[]; preview?: boolean }) {
  const { t } = useTranslation('library');
  if (entries.length === 0) return null;
  return (
    <ul className="fb-import-entries">
      {entries.map((e, i) => (
        <li key={`${e.file}-${i}`} className={`fb-import-${e.status}`} data-testid="import-entry" data-status={e.status}>
          <span className="fb-import-status">{t(`import.status.${preview ? 'will-' : ''}${e.status}`)}</span> <span className="fb-import-file">{e.file}</span>
          {e.message && <span className="fb-import-message">: {e.message}</span>}
        </li>
      ))}
    </ul>
  );
}
