/**
 * The library: the active backend's folders (nested) and flows. Selecting a flow opens it (the flow id lives
 * in the URL hash, so a reload reopens it). Search, favourites, sort, drag and drop, a "Move to…" dialog for
 * the keyboard, batch actions, import and export; every part shows only when the backend declares it.
 *
 * State and writes live in `controller.tsx`; this file lays the parts out.
 */
import { useRef, useState, type DragEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateFolder } from '../../queries/hooks';
import { openNewFlow } from '../examples/gallery-store';
import { useBackend } from '../../shell/backend-context';
import { openWebhooks } from '../server-tools/store';
import { BatchBar } from './BatchBar';
import { NewFlowDialog } from './NewFlowDialog';
import { LibraryProvider, useLibrary, useLibraryController, type SortBy } from './controller';
import { dragKind, endDrag, readDrop } from './dnd';
import { FlowList } from './FlowList';
import { FolderMenu } from './FolderMenu';
import { FolderTree } from './FolderTree';
import { ImportDialog } from './ImportDialog';
import { DeleteFlowsDialog, DeleteFolderDialog, MoveDialog, UndoBar } from './LibraryDialogs';
import './library.css';
import { errorText } from '../../shell/error-text';

interface Props {
  activeFlowId: string | null;
  onOpenFlow(id: string): void;
}

export function LibrarySidebar({ activeFlowId, onOpenFlow }: Props) {
  const { t } = useTranslation('library');
  const fileInput = useRef<HTMLInputElement>(null);
  /** The folder the file picker imports into; unset: the selected folder. */
  const importTarget = useRef<string | null | undefined>(undefined);
  const lib = useLibraryController({
    activeFlowId,
    onOpenFlow,
    topLabel: t('topLevel'),
    onPickImport: (folderId) => {
      importTarget.current = folderId;
      fileInput.current?.click();
    },
  });
  const [fileOver, setFileOver] = useState(false);

  // Files dropped anywhere on the library (not on a folder) go into the selected folder.
  const onDragOver = (e: DragEvent) => {
    if (dragKind(e) !== 'files' || !lib.caps.importExport) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    setFileOver(true);
  };
  const onDrop = (e: DragEvent) => {
    setFileOver(false);
    const payload = readDrop(e);
    endDrag();
    if (payload?.kind !== 'files' || !lib.caps.importExport) return;
    e.preventDefault();
    lib.askImport({ files: payload.files, folderId: lib.folderSel });
  };

  return (
    <LibraryProvider value={lib}>
      <nav
        className={`fb-library fb-library-full${fileOver ? ' fb-file-over' : ''}`}
        aria-label={t('title')}
        onDragOver={onDragOver}
        onDragLeave={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setFileOver(false);
        }}
        onDrop={onDrop}
        data-testid="library"
      >
        <Actions onImport={() => lib.pickImport(lib.folderSel)} />
        {lib.newFolderParent !== undefined && <NewFolderField parentId={lib.newFolderParent} />}
        <Filters />
        {lib.caps.folders && <FolderTree />}
        <section className="fb-lib-flows" aria-labelledby="fb-lib-flows-heading">
          <div className="fb-lib-flows-head">
            <h2 id="fb-lib-flows-heading" className="fb-lib-heading" data-testid="flows-heading">
              {lib.searching ? t('searchResults') : lib.folderSel === null ? t('allFlows') : lib.folderLabel(lib.folderSel)}
            </h2>
            {lib.folderSel !== null && lib.index.byId.get(lib.folderSel) && (
              <FolderMenu
                folder={lib.index.byId.get(lib.folderSel)!}
                testId="current-folder-menu"
                triggerLabel={t('folder.actionsFor', { name: lib.index.byId.get(lib.folderSel)!.name })}
              />
            )}
          </div>
          <BatchBar />
          <FlowList />
        </section>
        {lib.caps.importExport && <p className="fb-muted fb-lib-drop-hint">{t('import.dropHint')}</p>}
        <input
          ref={fileInput}
          type="file"
          multiple
          accept=".json,.zip,application/json,application/zip"
          className="fb-visually-hidden"
          tabIndex={-1}
          aria-hidden="true"
          data-testid="import-input"
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = '';
            const folderId = importTarget.current === undefined ? lib.folderSel : importTarget.current;
            importTarget.current = undefined;
            if (files.length > 0) lib.askImport({ files, folderId });
          }}
        />
        <UndoBar />
        <MoveDialog />
        <DeleteFolderDialog />
        <DeleteFlowsDialog />
        <ImportDialog />
        <NewFlowDialog />
      </nav>
    </LibraryProvider>
  );
}

function Actions({ onImport }: { onImport(): void }) {
  const { t } = useTranslation(['library', 'serverTools']);
  const lib = useLibrary();
  const hasWebhooks = !!useBackend().webhooks;
  return (
    <div className="fb-library-actions">
      <button type="button" className="fb-button fb-primary" onClick={openNewFlow} aria-haspopup="dialog" data-testid="new-flow">
        + {t('newFlow')}
      </button>
      {lib.caps.folders && (
        <button
          type="button"
          className="fb-button"
          onClick={() => lib.startNewFolder(lib.caps.nestedFolders ? lib.folderSel : null)}
          aria-expanded={lib.newFolderParent !== undefined}
          data-testid="new-folder"
        >
          + {t('newFolder')}
        </button>
      )}
      {lib.caps.importExport && (
        <button type="button" className="fb-button" onClick={onImport} data-testid="import-button">
          {t('import.button')}
        </button>
      )}
      {hasWebhooks && (
        <button type="button" className="fb-button" onClick={openWebhooks} aria-haspopup="dialog" data-testid="webhooks-button">
          {t('serverTools:webhooks.button')}
        </button>
      )}
    </div>
  );
}

function NewFolderField({ parentId }: { parentId: string | null }) {
  const { t } = useTranslation('library');
  const lib = useLibrary();
  const create = useCreateFolder();
  const [name, setName] = useState(t('newFolderDefault'));
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setError(t('errors.nameRequired'));
      return;
    }
    create.mutate(
      { name: name.trim(), parentId },
      {
        onSuccess: (folder) => {
          lib.startNewFolder(undefined);
          if (parentId !== null) lib.setExpanded(parentId, true);
          lib.selectFolder(folder.id);
        },
        onError: (err) => setError(errorText(err)),
      },
    );
  };
  return (
    <form className="fb-new-folder" onSubmit={submit} data-testid="new-folder-form">
      <label className="fb-field">
        <span>{parentId === null ? t('folderNamePrompt') : t('subfolderNamePrompt', { parent: lib.folderLabel(parentId) })}</span>
        <input
          className="fb-input"
          value={name}
          autoFocus
          onFocus={(e) => e.target.select()}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => e.key === 'Escape' && lib.startNewFolder(undefined)}
          aria-invalid={error !== null}
          aria-describedby={error ? 'fb-new-folder-error' : undefined}
          data-testid="new-folder-name"
        />
      </label>
      {error && (
        <p id="fb-new-folder-error" role="alert" className="fb-danger">
          {error}
        </p>
      )}
      <div className="fb-lib-row">
        <button type="submit" className="fb-button fb-primary fb-small" disabled={create.isPending} data-testid="new-folder-create">
          {t('create')}
        </button>
        <button type="button" className="fb-button fb-small" onClick={() => lib.startNewFolder(undefined)}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}

function Filters() {
  const { t } = useTranslation('library');
  const lib = useLibrary();
  return (
    <div className="fb-lib-filters">
      <input
        className="fb-input"
        type="search"
        placeholder={lib.caps.tags ? t('searchPlaceholder') : t('search')}
        aria-label={t('search')}
        value={lib.search}
        onChange={(e) => lib.setSearch(e.target.value)}
        data-testid="library-search"
      />
      <div className="fb-lib-row">
        {lib.caps.favourites && (
          <button
            type="button"
            className="fb-button fb-small"
            aria-pressed={lib.favouritesOnly}
            onClick={() => lib.setFavouritesOnly(!lib.favouritesOnly)}
            data-testid="favourites-only"
          >
            ★ {t('favouritesOnly')}
          </button>
        )}
        <label className="fb-inline-label">
          <span>{t('sort.label')}</span>
          <select className="fb-select" value={lib.sortBy} onChange={(e) => lib.setSortBy(e.target.value as SortBy)} data-testid="library-sort">
            <option value="name">{t('sort.name')}</option>
            <option value="modifiedAt">{t('sort.modified')}</option>
          </select>
        </label>
      </div>
    </div>
  );
}
