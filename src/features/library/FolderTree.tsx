/**
 * The folder tree: an ARIA tree with one tab stop (roving focus). Arrows move and open/close, Home/End jump,
 * Enter selects, F2 renames, Delete deletes, Shift+F10 (or the context-menu key, or a right click) opens the
 * folder's actions. Folders and flows dropped on a folder move into it; files dropped on it are imported
 * into it. "All flows" is the top level: dropping there moves to the top.
 */
import { useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Folder } from '../../backends/types';
import { useLibrary } from './controller';
import { currentDrag, dragKind, endDrag, readDrop, startDrag } from './dnd';
import { FolderMenu } from './FolderMenu';
import { AllFlowsIcon, FolderIcon } from './icons';
import { subtreeIds, visibleRows, type TreeRow } from './folder-tree';

const ALL = '__all__';

interface Row {
  key: string;
  row: TreeRow | null;
}

export function FolderTree() {
  const { t } = useTranslation('library');
  const lib = useLibrary();
  const rows: Row[] = useMemo(
    () => [{ key: ALL, row: null }, ...visibleRows(lib.index, lib.expanded).map((r) => ({ key: r.folder.id, row: r }))],
    [lib.index, lib.expanded],
  );
  const selectedKey = lib.folderSel ?? ALL;
  const [focusKey, setFocusKey] = useState<string>(selectedKey);
  const [menuFor, setMenuFor] = useState<string | null>(null);
  const [dropKey, setDropKey] = useState<string | null>(null);
  const refs = useRef(new Map<string, HTMLDivElement>());
  const activeKey = rows.some((r) => r.key === focusKey) ? focusKey : selectedKey;

  const focusRow = (key: string) => {
    setFocusKey(key);
    refs.current.get(key)?.focus();
  };

  // After a rename or a menu closes, the tree item gets its focus back.
  useEffect(() => {
    if (lib.renaming === null && document.activeElement === document.body) refs.current.get(activeKey)?.focus();
  }, [lib.renaming, activeKey]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>, i: number) => {
    if (e.target !== e.currentTarget) return; // keys typed in the rename field
    const entry = rows[i]!;
    const row = entry.row;
    const go = (j: number) => {
      const next = rows[Math.max(0, Math.min(rows.length - 1, j))];
      if (next) focusRow(next.key);
    };
    switch (e.key) {
      case 'ArrowDown':
        go(i + 1);
        break;
      case 'ArrowUp':
        go(i - 1);
        break;
      case 'Home':
        go(0);
        break;
      case 'End':
        go(rows.length - 1);
        break;
      case 'ArrowRight':
        if (row?.hasChildren && !row.expanded) lib.setExpanded(row.folder.id, true);
        else if (row?.expanded) go(i + 1);
        else return;
        break;
      case 'ArrowLeft':
        if (row?.expanded) lib.setExpanded(row.folder.id, false);
        else if (row) focusRow(row.folder.parentId ?? ALL);
        else return;
        break;
      case 'Enter':
      case ' ':
        lib.selectFolder(row ? row.folder.id : null);
        break;
      case 'F2':
        if (!row) return;
        lib.startRename(row.folder.id);
        break;
      case 'Delete':
        if (!row || !lib.caps.folders) return;
        lib.askDeleteFolder(row.folder);
        break;
      case 'F10':
        if (!e.shiftKey || !row) return;
        setMenuFor(row.folder.id);
        break;
      case 'ContextMenu':
        if (!row) return;
        setMenuFor(row.folder.id);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  const canDrop = (e: DragEvent, target: string | null): boolean => {
    const kind = dragKind(e);
    if (kind === 'files') return lib.caps.importExport;
    if (!lib.caps.move && kind === 'flows') return false;
    const drag = currentDrag();
    if (kind === 'folder') {
      if (!lib.caps.nestedFolders && target !== null) return false;
      // A folder cannot go into itself or below itself.
      if (drag?.kind === 'folder' && target !== null && subtreeIds(lib.index, drag.id).includes(target)) return false;
      return true;
    }
    return kind === 'flows';
  };

  const onDrop = (e: DragEvent, target: string | null) => {
    e.preventDefault();
    setDropKey(null);
    const payload = readDrop(e);
    endDrag();
    if (!payload) return;
    if (payload.kind === 'files') lib.askImport({ files: payload.files, folderId: target });
    else if (payload.kind === 'flows') void lib.move({ flowIds: payload.ids, folderIds: [] }, target);
    else if (payload.id !== target) void lib.move({ flowIds: [], folderIds: [payload.id] }, target);
  };

  const dropProps = (key: string, target: string | null) => ({
    onDragOver: (e: DragEvent) => {
      if (!canDrop(e, target)) return;
      e.preventDefault();
      e.stopPropagation();
      e.dataTransfer.dropEffect = dragKind(e) === 'files' ? 'copy' : 'move';
      if (dropKey !== key) setDropKey(key);
    },
    onDragLeave: () => setDropKey((k) => (k === key ? null : k)),
    onDrop: (e: DragEvent) => {
      e.stopPropagation();
      onDrop(e, target);
    },
  });

  return (
    <div className="fb-folder-tree" role="tree" aria-label={t('folders')} data-testid="folder-tree">
      {rows.map((entry, i) => {
        const { key, row } = entry;
        const folder = row?.folder ?? null;
        const selected = key === selectedKey;
        return (
          <div
            key={key}
            ref={(el) => {
              if (el) refs.current.set(key, el);
              else refs.current.delete(key);
            }}
            role="treeitem"
            aria-level={row ? row.depth + 1 : 1}
            aria-setsize={row ? row.siblings : undefined}
            aria-posinset={row ? row.position : undefined}
            aria-expanded={row?.hasChildren ? row.expanded : undefined}
            aria-selected={selected}
            aria-label={folder ? folder.name : t('allFlows')}
            tabIndex={key === activeKey ? 0 : -1}
            className={`fb-tree-row${selected ? ' fb-selected' : ''}${dropKey === key ? ' fb-drop-target' : ''}`}
            style={{ paddingInlineStart: `${0.25 + (row?.depth ?? 0) * 0.9}rem` }}
            data-testid={folder ? 'folder-item' : 'folder-all'}
            data-folder-id={folder?.id}
            draggable={Boolean(folder && lib.caps.nestedFolders && lib.renaming !== folder.id)}
            onDragStart={folder ? (e) => startDrag(e, { kind: 'folder', id: folder.id }) : undefined}
            onDragEnd={endDrag}
            {...dropProps(key, folder?.id ?? null)}
            onFocus={(e) => e.target === e.currentTarget && setFocusKey(key)}
            onClick={() => {
              setFocusKey(key);
              lib.selectFolder(folder?.id ?? null);
            }}
            onContextMenu={
              folder
                ? (e) => {
                    e.preventDefault();
                    setMenuFor(folder.id);
                  }
                : undefined
            }
            onKeyDown={(e) => onKeyDown(e, i)}
          >
            <span
              className="fb-tree-twisty"
              aria-hidden="true"
              onClick={(e) => {
                if (!row?.hasChildren) return;
                e.stopPropagation();
                lib.setExpanded(row.folder.id, !row.expanded);
              }}
            >
              {row?.hasChildren ? (row.expanded ? '▾' : '▸') : ''}
            </span>
            {folder && lib.renaming === folder.id ? (
              <RenameField folder={folder} />
            ) : (
              <span className="fb-tree-label">
                {folder ? <FolderIcon /> : <AllFlowsIcon />} {folder ? folder.name : t('allFlows')}
              </span>
            )}
            {folder && (
              <FolderMenu
                folder={folder}
                open={menuFor === folder.id}
                onOpenChange={(o) => setMenuFor(o ? folder.id : null)}
                onCloseFocus={() => refs.current.get(key)?.focus()}
                triggerTabIndex={-1}
              />
            )}
          </div>
        );
      })}
    </div>
  );
}

function RenameField({ folder }: { folder: Folder }) {
  const { t } = useTranslation('library');
  const lib = useLibrary();
  const [name, setName] = useState(folder.name);
  const done = useRef(false);
  const finish = (commit: boolean) => {
    if (done.current) return;
    done.current = true;
    lib.startRename(null);
    if (commit && name.trim() && name.trim() !== folder.name) void lib.renameFolder(folder.id, name.trim());
  };
  return (
    <input
      className="fb-input fb-tree-rename"
      aria-label={t('folder.renameLabel', { name: folder.name })}
      value={name}
      autoFocus
      onFocus={(e) => e.target.select()}
      onChange={(e) => setName(e.target.value)}
      onClick={(e) => e.stopPropagation()}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Enter') finish(true);
        if (e.key === 'Escape') finish(false);
      }}
      onBlur={() => finish(true)}
      data-testid="folder-rename"
    />
  );
}
