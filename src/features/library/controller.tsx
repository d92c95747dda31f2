/**
 * The library's state and actions in one place, provided by context to the tree, the list, the menus and
 * the dialogs, so each of them stays a small view. Every write goes through the query hooks (which refresh
 * what they change) and reports failures as notices; deletes take a snapshot first so they can be undone.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useBackend } from '../../shell/backend-context';
import { noticeStore } from '../../shell/notices';
import type { Capabilities, Folder, FlowSummary } from '../../backends/types';
import { useFolders, useInvalidate } from '../../queries/hooks';
import {
  useDeleteFlows,
  useDeleteFolder,
  useDuplicateFlow,
  useExportFlows,
  useLibraryFlows,
  useMoveFlows,
  useSetEnabled,
  useSetFavourite,
  useUpdateFolder,
} from '../../queries/library';
import { downloadFile } from './download';
import { flowsIn, indexFolders, pathOf, wouldCycle, type FolderIndex } from './folder-tree';
import { restoreSnapshot, snapshotFlows, snapshotFolder, type DeleteSnapshot } from './undo-delete';
import { errorText } from '../../shell/error-text';

export type SortBy = 'name' | 'modifiedAt';

export interface MoveRequest {
  flowIds: string[];
  folderIds: string[];
}

export interface UndoOffer {
  id: number;
  key: string;
  values: Record<string, unknown>;
  snapshot: DeleteSnapshot;
}

export interface LibraryController {
  caps: Capabilities;
  index: FolderIndex;
  /** Every flow, whatever the search (folder export and delete need them all). */
  allFlows: FlowSummary[];
  /** The flows the list shows: folder, search and favourites applied. */
  shown: FlowSummary[];
  loaded: boolean;
  searching: boolean;

  folderSel: string | null;
  selectFolder(id: string | null): void;
  expanded: ReadonlySet<string>;
  setExpanded(id: string, open: boolean): void;
  activeFlowId: string | null;
  openFlow(id: string): void;

  search: string;
  setSearch(s: string): void;
  sortBy: SortBy;
  setSortBy(s: SortBy): void;
  favouritesOnly: boolean;
  setFavouritesOnly(on: boolean): void;

  checked: ReadonlySet<string>;
  setChecked(ids: Iterable<string>): void;
  toggleChecked(id: string, on: boolean): void;

  // dialogs and inline fields
  moveRequest: MoveRequest | null;
  askMove(req: MoveRequest | null): void;
  deleteFolderRequest: Folder | null;
  askDeleteFolder(f: Folder | null): void;
  deleteFlowsRequest: FlowSummary[] | null;
  askDeleteFlows(f: FlowSummary[] | null): void;
  /** Where the inline "new folder" field creates (`undefined`: the field is closed). */
  newFolderParent: string | null | undefined;
  startNewFolder(parent: string | null | undefined): void;
  renaming: string | null;
  startRename(id: string | null): void;
  importRequest: { files: File[]; folderId: string | null } | null;
  askImport(req: { files: File[]; folderId: string | null } | null): void;
  /** Opens the file picker; the picked files are imported into `folderId`. */
  pickImport(folderId: string | null): void;
  undo: UndoOffer | null;
  dismissUndo(): void;
  runUndo(): Promise<void>;

  // writes
  move(req: MoveRequest, folderId: string | null): Promise<boolean>;
  renameFolder(id: string, name: string): Promise<void>;
  deleteFolder(folder: Folder, mode: 'move' | 'delete'): Promise<void>;
  deleteFlows(flows: FlowSummary[]): Promise<void>;
  duplicate(flow: FlowSummary): Promise<void>;
  setFavourite(flow: FlowSummary, on: boolean): Promise<void>;
  setEnabled(ids: string[], on: boolean): Promise<void>;
  exportFlows(ids: string[], format: 'json' | 'zip'): Promise<void>;
  exportFolder(id: string, format: 'json' | 'zip'): Promise<void>;
  folderLabel(id: string | null): string;
}

const Ctx = createContext<LibraryController | null>(null);

export function LibraryProvider({ value, children }: { value: LibraryController; children: ReactNode }) {
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useLibrary(): LibraryController {
  const v = useContext(Ctx);
  if (!v) throw new Error('useLibrary must be used inside <LibraryProvider>');
  return v;
}

export function notifyError(key: string, e: unknown): void {
  noticeStore.getState().push({ key: `library:errors.${key}`, values: { message: errorText(e) }, tone: 'error' });
}

export function notifyInfo(key: string, values?: Record<string, unknown>): void {
  noticeStore.getState().push(values ? { key: `library:${key}`, values, tone: 'info' } : { key: `library:${key}`, tone: 'info' });
}

const EXPANDED_KEY = 'flowbench.library.expanded';

function loadExpanded(): Set<string> {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(EXPANDED_KEY) ?? '[]');
    return new Set(Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : []);
  } catch {
    return new Set();
  }
}

let undoCounter = 0;

export function useLibraryController(opts: {
  activeFlowId: string | null;
  onOpenFlow(id: string): void;
  onPickImport(folderId: string | null): void;
  topLabel: string;
}): LibraryController {
  const backend = useBackend();
  const caps = backend.capabilities;
  const invalidate = useInvalidate();
  const [folderSel, setFolderSel] = useState<string | null>(null);
  const [expanded, setExpandedState] = useState<Set<string>>(loadExpanded);
  const [search, setSearch] = useState('');
  const [sortBy, setSortState] = useState<SortBy>(() => (localStorage.getItem('flowbench.library.sort') === 'modifiedAt' ? 'modifiedAt' : 'name'));
  const [favouritesOnly, setFavouritesOnly] = useState(false);
  const [checked, setCheckedState] = useState<Set<string>>(new Set());
  const [moveRequest, askMove] = useState<MoveRequest | null>(null);
  const [deleteFolderRequest, askDeleteFolder] = useState<Folder | null>(null);
  const [deleteFlowsRequest, askDeleteFlows] = useState<FlowSummary[] | null>(null);
  const [newFolderParent, startNewFolder] = useState<string | null | undefined>(undefined);
  const [renaming, startRename] = useState<string | null>(null);
  const [importRequest, askImport] = useState<{ files: File[]; folderId: string | null } | null>(null);
  const [undo, setUndo] = useState<UndoOffer | null>(null);

  const order = sortBy === 'name' ? 'asc' : 'desc';
  const all = useLibraryFlows({ sortBy, order });
  const needle = search.trim();
  // Searching is the backend's job (it knows descriptions and tags); no query while the field is empty.
  const found = useLibraryFlows({ sortBy, order, search: needle }, Boolean(needle));
  const folders = useFolders();
  const index = useMemo(() => indexFolders(caps.folders ? (folders.data ?? []) : []), [caps.folders, folders.data]);
  const allFlows = useMemo(() => all.data?.items ?? [], [all.data]);

  const shown = useMemo(() => {
    const base = needle ? (found.data?.items ?? []) : allFlows;
    let list = folderSel === null ? base : flowsIn(index, base, folderSel, Boolean(needle));
    if (favouritesOnly) list = list.filter((f) => f.favourite);
    return list;
  }, [needle, found.data, allFlows, folderSel, index, favouritesOnly]);

  const moveFlowsM = useMoveFlows();
  const updateFolderM = useUpdateFolder();
  const deleteFolderM = useDeleteFolder();
  const deleteFlowsM = useDeleteFlows();
  const duplicateM = useDuplicateFlow();
  const favouriteM = useSetFavourite();
  const enabledM = useSetEnabled();
  const exportM = useExportFlows();

  const setExpanded = useCallback((id: string, open: boolean) => {
    setExpandedState((prev) => {
      if (prev.has(id) === open) return prev;
      const next = new Set(prev);
      if (open) next.add(id);
      else next.delete(id);
      localStorage.setItem(EXPANDED_KEY, JSON.stringify([...next]));
      return next;
    });
  }, []);

  const folderLabel = (id: string | null) =>
    id === null
      ? opts.topLabel
      : pathOf(index, id)
          .map((f) => f.name)
          .join(' / ');

  /** Leaves a flow that is about to disappear, so its editor flushes and closes first. */
  const leaveIfOpen = async (ids: string[]) => {
    if (opts.activeFlowId && ids.includes(opts.activeFlowId)) {
      window.location.hash = '#/';
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const offerUndo = (key: string, values: Record<string, unknown>, snapshot: DeleteSnapshot) => {
    setUndo({ id: ++undoCounter, key, values, snapshot });
  };

  const controller: LibraryController = {
    caps,
    index,
    allFlows,
    shown,
    loaded: all.isSuccess && (!needle || found.isSuccess),
    searching: Boolean(needle),
    folderSel,
    selectFolder(id) {
      setFolderSel(id);
      setCheckedState(new Set());
      // Show where we are: every ancestor of the selected folder opens.
      if (id !== null) for (const f of pathOf(index, id).slice(0, -1)) setExpanded(f.id, true);
    },
    expanded,
    setExpanded,
    activeFlowId: opts.activeFlowId,
    openFlow: opts.onOpenFlow,
    search,
    setSearch,
    sortBy,
    setSortBy(s) {
      localStorage.setItem('flowbench.library.sort', s);
      setSortState(s);
    },
    favouritesOnly,
    setFavouritesOnly,
    checked,
    setChecked: (ids) => setCheckedState(new Set(ids)),
    toggleChecked(id, on) {
      setCheckedState((prev) => {
        const next = new Set(prev);
        if (on) next.add(id);
        else next.delete(id);
        return next;
      });
    },
    moveRequest,
    askMove,
    deleteFolderRequest,
    askDeleteFolder,
    deleteFlowsRequest,
    askDeleteFlows,
    newFolderParent,
    startNewFolder,
    renaming,
    startRename,
    importRequest,
    askImport,
    pickImport: opts.onPickImport,
    undo,
    dismissUndo: () => setUndo(null),
    async runUndo() {
      const offer = undo;
      if (!offer) return;
      setUndo(null);
      try {
        await restoreSnapshot(backend, offer.snapshot);
        notifyInfo('notices.restored');
      } catch (e) {
        notifyError('undoFailed', e);
      } finally {
        await Promise.all([invalidate.flows(), invalidate.folders()]);
      }
    },

    async move(req, folderId) {
      if (wouldCycle(index, req.folderIds, folderId)) {
        notifyError('moveIntoItself', new Error(folderLabel(folderId)));
        return false;
      }
      try {
        if (req.flowIds.length > 0) await moveFlowsM.mutateAsync({ ids: req.flowIds, folderId });
        for (const id of req.folderIds) await updateFolderM.mutateAsync({ id, parentId: folderId });
        notifyInfo('notices.moved', { count: req.flowIds.length + req.folderIds.length, folder: folderLabel(folderId) });
        setCheckedState(new Set());
        if (folderId !== null) for (const f of pathOf(index, folderId)) setExpanded(f.id, true);
        return true;
      } catch (e) {
        notifyError('moveFailed', e);
        return false;
      }
    },
    async renameFolder(id, name) {
      try {
        await updateFolderM.mutateAsync({ id, name });
      } catch (e) {
        notifyError('renameFailed', e);
      }
    },
    async deleteFolder(folder, mode) {
      try {
        const snapshot = await snapshotFolder(backend, index, allFlows, folder.id, mode);
        if (snapshot.kind === 'folder-delete') await leaveIfOpen(snapshot.flows.map((f) => f.flow.id));
        await deleteFolderM.mutateAsync({ id: folder.id, contents: mode === 'move' ? { mode, moveTo: folder.parentId } : { mode } });
        if (folderSel !== null && (snapshot.kind === 'folder-delete' ? snapshot.folders.some((f) => f.id === folderSel) : folderSel === folder.id)) {
          setFolderSel(folder.parentId);
        }
        offerUndo('undo.folderDeleted', { name: folder.name }, snapshot);
      } catch (e) {
        notifyError('deleteFailed', e);
      }
    },
    async deleteFlows(flows) {
      try {
        const snapshot = await snapshotFlows(backend, flows);
        await leaveIfOpen(flows.map((f) => f.id));
        await deleteFlowsM.mutateAsync({ ids: flows.map((f) => f.id) });
        setCheckedState(new Set());
        offerUndo('undo.flowsDeleted', { count: flows.length, name: flows[0]?.name ?? '' }, snapshot);
      } catch (e) {
        notifyError('deleteFailed', e);
      }
    },
    async duplicate(flow) {
      try {
        const copy = await duplicateM.mutateAsync({ id: flow.id });
        opts.onOpenFlow(copy.flow.id);
      } catch (e) {
        notifyError('duplicateFailed', e);
      }
    },
    async setFavourite(flow, on) {
      try {
        await favouriteM.mutateAsync({ id: flow.id, favourite: on });
      } catch (e) {
        notifyError('updateFailed', e);
      }
    },
    async setEnabled(ids, on) {
      try {
        await enabledM.mutateAsync({ ids, enabled: on });
        notifyInfo(on ? 'notices.enabled' : 'notices.disabled', { count: ids.length });
      } catch (e) {
        notifyError('updateFailed', e);
      }
    },
    async exportFlows(ids, format) {
      if (ids.length === 0) {
        notifyInfo('notices.nothingToExport');
        return;
      }
      try {
        downloadFile(await exportM.mutateAsync({ ids, format }));
        notifyInfo('notices.exported', { count: ids.length });
      } catch (e) {
        notifyError('exportFailed', e);
      }
    },
    async exportFolder(id, format) {
      if (format === 'zip' && backend.exportFolder) {
        try {
          downloadFile(await backend.exportFolder(id));
          notifyInfo('notices.exported', { count: flowsIn(index, allFlows, id, true).length });
        } catch (e) {
          notifyError('exportFailed', e);
        }
        return;
      }
      await controller.exportFlows(
        flowsIn(index, allFlows, id, true).map((f) => f.id),
        format,
      );
    },
    folderLabel,
  };
  return controller;
}
