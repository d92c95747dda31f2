/**
 * The library: folders (nested) and flows of the active backend. Selecting a flow opens it (the flow id
 * lives in the URL hash, so a reload reopens it).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBackend } from '../../app/backend-context';
import { noticeStore } from '../../app/notices';
import { emptyFlow } from '../../model/flow';
import { newId } from '../../model';
import { useCreateFolder, useFlowList, useFolders, useInvalidate } from '../../queries/hooks';
import type { Folder, FlowSummary } from '../../backends/types';

interface Props {
  activeFlowId: string | null;
  onOpenFlow(id: string): void;
}

export function LibrarySidebar({ activeFlowId, onOpenFlow }: Props) {
  const { t } = useTranslation('library');
  const backend = useBackend();
  const flows = useFlowList({ sortBy: 'name', order: 'asc', limit: 1000 });
  const folders = useFolders();
  const createFolder = useCreateFolder();
  const invalidate = useInvalidate();
  const [activeFolder, setActiveFolder] = useState<string | null>(null);
  const [search, setSearch] = useState('');

  const newFlow = async () => {
    const flow = emptyFlow(newId('flow'), t('untitledFlow'), backend.referenceSyntax.dialect);
    try {
      const saved = await backend.saveFlow({ flow, folderId: activeFolder, baseRevision: null });
      await invalidate.flows();
      onOpenFlow(saved.flow.id);
    } catch (e) {
      noticeStore.getState().push({ key: 'library:errors.createFailed', values: { message: (e as Error).message }, tone: 'error' });
    }
  };

  const newFolder = () => {
    const name = window.prompt(t('folderNamePrompt'), t('newFolderDefault'));
    if (!name) return;
    createFolder.mutate(
      { name, parentId: activeFolder },
      { onError: (e) => noticeStore.getState().push({ key: 'library:errors.createFailed', values: { message: e.message }, tone: 'error' }) },
    );
  };

  const items = (flows.data?.items ?? []).filter((f) => !search || f.name.toLowerCase().includes(search.toLowerCase()));
  const allFolders = folders.data ?? [];

  return (
    <nav className="fb-library" aria-label={t('title')}>
      <div className="fb-library-actions">
        <button className="fb-button fb-primary" onClick={() => void newFlow()} data-testid="new-flow">
          + {t('newFlow')}
        </button>
        {backend.capabilities.folders && (
          <button className="fb-button" onClick={newFolder} data-testid="new-folder">
            + {t('newFolder')}
          </button>
        )}
      </div>
      <input
        className="fb-input"
        type="search"
        placeholder={t('search')}
        aria-label={t('search')}
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      {backend.capabilities.folders && (
        <FolderTree folders={allFolders} parentId={null} active={activeFolder} onSelect={setActiveFolder} depth={0} allLabel={t('allFlows')} />
      )}
      <ul className="fb-flow-list" aria-label={t('flows')}>
        {items
          .filter((f) => activeFolder === null || f.folderId === activeFolder)
          .map((f: FlowSummary) => (
            <li key={f.id}>
              <button
                className="fb-flow-item"
                aria-current={f.id === activeFlowId ? 'page' : undefined}
                onClick={() => onOpenFlow(f.id)}
                data-testid="flow-item"
              >
                <span>{f.name}</span>
                <small>{t('stepCount', { count: f.stepCount })}</small>
              </button>
            </li>
          ))}
        {flows.isSuccess && items.length === 0 && <li className="fb-muted">{t('noFlows')}</li>}
      </ul>
    </nav>
  );
}

function FolderTree(props: {
  folders: Folder[];
  parentId: string | null;
  active: string | null;
  onSelect(id: string | null): void;
  depth: number;
  allLabel: string;
}) {
  const children = props.folders.filter((f) => f.parentId === props.parentId);
  return (
    <ul className="fb-folder-tree" role={props.depth === 0 ? 'list' : undefined}>
      {props.depth === 0 && (
        <li>
          <button className="fb-folder-item" aria-current={props.active === null ? 'true' : undefined} onClick={() => props.onSelect(null)}>
            {props.allLabel}
          </button>
        </li>
      )}
      {children.map((f) => (
        <li key={f.id}>
          <button
            className="fb-folder-item"
            style={{ paddingInlineStart: `${0.5 + props.depth}rem` }}
            aria-current={props.active === f.id ? 'true' : undefined}
            onClick={() => props.onSelect(f.id)}
            data-testid="folder-item"
          >
            📁 {f.name}
          </button>
          <FolderTree {...props} parentId={f.id} depth={props.depth + 1} />
        </li>
      ))}
    </ul>
  );
}
