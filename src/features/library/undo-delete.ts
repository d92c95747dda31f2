/**
 * Undo for deletes in the library. Adapters have no "undelete", so before a delete the library takes a
 * snapshot of what is about to go (folders, flows with their flags, which contents were moved where), and
 * undo re-creates it through the ordinary adapter calls.
 *
 * What comes back: the folders (under new ids: adapters pick folder ids), the flows (same ids, same
 * documents, folder, favourite and enabled flags) and, where the backend has versions, each flow's versions
 * re-created in order (with new dates; the published one published again). Run history does not come back.
 */
import type { BackendAdapter, FlowSummary, FlowVersion, Folder } from '../../backends/types';
import type { Flow } from '../../model/flow';
import type { FolderIndex } from './folder-tree';
import { subtreeIds } from './folder-tree';

interface FlowSnapshot {
  summary: FlowSummary;
  flow: Flow;
  /** Oldest first. */
  versions: Array<{ version: FlowVersion; flow: Flow }>;
}

export type DeleteSnapshot =
  | { kind: 'flows'; flows: FlowSnapshot[] }
  | {
      kind: 'folder-delete';
      /** The folder and every folder below it, parents before children. */
      folders: Folder[];
      flows: FlowSnapshot[];
    }
  | {
      kind: 'folder-move';
      folder: Folder;
      /** What moved out to `folder.parentId` when the folder went. */
      childFolderIds: string[];
      childFlowIds: string[];
    };

async function snapshotFlow(backend: BackendAdapter, summary: FlowSummary): Promise<FlowSnapshot> {
  const { flow } = await backend.getFlow(summary.id);
  const versions: FlowSnapshot['versions'] = [];
  if (backend.capabilities.versions && backend.listVersions && backend.getVersion) {
    const list = await backend.listVersions(summary.id);
    for (const v of [...list].sort((a, b) => a.createdAt - b.createdAt)) versions.push(await backend.getVersion(summary.id, v.id));
  }
  return { summary, flow, versions };
}

export async function snapshotFlows(backend: BackendAdapter, flows: FlowSummary[]): Promise<DeleteSnapshot> {
  return { kind: 'flows', flows: await Promise.all(flows.map((f) => snapshotFlow(backend, f))) };
}

export async function snapshotFolder(
  backend: BackendAdapter,
  index: FolderIndex,
  allFlows: FlowSummary[],
  folderId: string,
  mode: 'move' | 'delete',
): Promise<DeleteSnapshot> {
  const folder = index.byId.get(folderId);
  if (!folder) throw new Error(`No folder ${folderId}`);
  if (mode === 'move') {
    return {
      kind: 'folder-move',
      folder,
      childFolderIds: (index.children.get(folderId) ?? []).map((f) => f.id),
      childFlowIds: allFlows.filter((f) => f.folderId === folderId).map((f) => f.id),
    };
  }
  // subtreeIds is depth-first from the root: every parent comes before its children.
  const ids = subtreeIds(index, folderId);
  const inTree = new Set(ids);
  const folders = ids.map((id) => index.byId.get(id)!).filter(Boolean);
  const flows = await Promise.all(allFlows.filter((f) => f.folderId !== null && inTree.has(f.folderId)).map((f) => snapshotFlow(backend, f)));
  return { kind: 'folder-delete', folders, flows };
}

async function recreateFlow(backend: BackendAdapter, snap: FlowSnapshot, folderId: string | null): Promise<void> {
  const { summary, flow } = snap;
  const withFolder = backend.capabilities.folders ? { folderId } : {};
  let saved = await backend.saveFlow({ flow: snap.versions[0]?.flow ? { ...snap.versions[0].flow, id: flow.id } : flow, baseRevision: null, ...withFolder });
  // Replay the versions: make the draft each version's document, then snapshot (or publish) it.
  for (const [i, v] of snap.versions.entries()) {
    if (i > 0) saved = await backend.saveFlow({ flow: { ...v.flow, id: flow.id }, baseRevision: saved.summary.revision });
    if (v.version.published && backend.publish) await backend.publish(flow.id, { note: v.version.note });
    else if (backend.createVersion) {
      const opts: { note: string; name?: string } = { note: v.version.note };
      if (v.version.name !== undefined) opts.name = v.version.name;
      await backend.createVersion(flow.id, opts);
    }
  }
  if (snap.versions.length > 0) await backend.saveFlow({ flow, baseRevision: saved.summary.revision });
  if (backend.setFlowFavourite && summary.favourite) await backend.setFlowFavourite(flow.id, true);
  if (backend.setFlowEnabled && !summary.enabled) await backend.setFlowEnabled(flow.id, false);
}

/** Re-creates what the snapshot describes. Returns the ids of the flows that came back. */
export async function restoreSnapshot(backend: BackendAdapter, snap: DeleteSnapshot): Promise<string[]> {
  if (snap.kind === 'flows') {
    for (const f of snap.flows) await recreateFlow(backend, f, f.summary.folderId);
    return snap.flows.map((f) => f.flow.id);
  }
  if (!backend.createFolder) throw new Error('This backend cannot create folders');
  if (snap.kind === 'folder-move') {
    const again = await backend.createFolder(snap.folder.name, snap.folder.parentId);
    for (const id of snap.childFolderIds) await backend.updateFolder?.(id, { parentId: again.id });
    for (const id of snap.childFlowIds) await backend.moveFlow?.(id, again.id);
    return snap.childFlowIds;
  }
  const newIds = new Map<string, string>();
  for (const f of snap.folders) {
    const parent = f.parentId !== null ? (newIds.get(f.parentId) ?? f.parentId) : null;
    newIds.set(f.id, (await backend.createFolder(f.name, parent)).id);
  }
  for (const f of snap.flows) await recreateFlow(backend, f, f.summary.folderId !== null ? (newIds.get(f.summary.folderId) ?? null) : null);
  return snap.flows.map((f) => f.flow.id);
}
