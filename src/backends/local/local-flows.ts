/**
 * Flows and folders in the local database. Every write that reads before it writes (conflict check, folder
 * tree changes) runs in one Dexie transaction, so two tabs can never interleave half of each.
 */
import type { Flow } from '../../model/flow';
import { deepEqual } from '../../model/equal';
import { newId } from '../../model/ids';
import {
  BackendError,
  type Folder,
  type FlowSummary,
  type ListFlowsQuery,
  type Page,
  type SaveFlowRequest,
  type SavedFlow,
} from '../types';
import { fingerprint, type FlowbenchDb, type FlowRow, type FolderRow } from './db';
import { folderOf, nextRevision, notFound, restoreOrThrow, savedOf, summaryOf, toFolderKey } from './rows';

/** A new row for `flow`, or the next state of `existing`. The caller checks revisions. */
export function flowRowFor(flow: Flow, existing: FlowRow | undefined, folderKey: string, now: number): FlowRow {
  const { revision, revisionNumber } = nextRevision(existing?.revisionNumber ?? 0);
  const publishedFingerprint = existing?.publishedFingerprint ?? null;
  return {
    id: flow.id,
    folderKey,
    name: flow.name,
    tags: [...flow.tags],
    favourite: existing?.favourite ?? 0,
    enabled: existing?.enabled ?? 1,
    order: existing?.order ?? now,
    createdAt: existing?.createdAt ?? now,
    modifiedAt: now,
    revision,
    revisionNumber,
    flow,
    publishedVersionId: existing?.publishedVersionId ?? null,
    publishedAt: existing?.publishedAt ?? null,
    publishedFingerprint,
    draftDiffers: publishedFingerprint !== null && publishedFingerprint !== fingerprint(flow),
  };
}

async function assertFolder(db: FlowbenchDb, folderId: string | null | undefined): Promise<void> {
  if (folderId && !(await db.folders.get(folderId))) throw notFound('Folder', folderId);
}

export async function listFlows(db: FlowbenchDb, q: ListFlowsQuery = {}): Promise<Page<FlowSummary>> {
  let rows = q.folderId === undefined ? await db.flows.toArray() : await db.flows.where('folderKey').equals(toFolderKey(q.folderId)).toArray();
  if (q.includeDisabled === false) rows = rows.filter((r) => r.enabled === 1);
  if (q.tags && q.tags.length > 0) rows = rows.filter((r) => q.tags!.every((t) => r.tags.includes(t)));
  const needle = q.search?.trim().toLowerCase();
  if (needle) {
    rows = rows.filter((r) => {
      const description = (r.flow as { description?: unknown }).description;
      return (
        r.name.toLowerCase().includes(needle) ||
        (typeof description === 'string' && description.toLowerCase().includes(needle)) ||
        r.tags.some((t) => t.toLowerCase().includes(needle))
      );
    });
  }
  const sortBy = q.sortBy ?? 'modifiedAt';
  const dir = (q.order ?? (sortBy === 'modifiedAt' ? 'desc' : 'asc')) === 'asc' ? 1 : -1;
  rows.sort((a, b) => {
    const primary = sortBy === 'name' ? a.name.localeCompare(b.name) : sortBy === 'order' ? a.order - b.order : a.modifiedAt - b.modifiedAt;
    return dir * (primary || a.id.localeCompare(b.id));
  });
  const offset = q.offset ?? 0;
  const limit = q.limit ?? rows.length;
  return { items: rows.slice(offset, offset + limit).map((r) => summaryOf(r)), total: rows.length, offset, limit };
}

export async function getFlow(db: FlowbenchDb, id: string): Promise<SavedFlow> {
  const row = await db.flows.get(id);
  if (!row) throw notFound('Flow', id);
  return savedOf(row);
}

export async function saveFlow(db: FlowbenchDb, req: SaveFlowRequest): Promise<SavedFlow> {
  const flow = restoreOrThrow(req.flow, `The flow "${req.flow?.name ?? '?'}"`);
  return db.transaction('rw', db.flows, db.folders, async () => {
    const existing = await db.flows.get(flow.id);
    if (!req.force) {
      if (req.baseRevision === null && existing) {
        throw new BackendError('conflict', `A flow with id "${flow.id}" already exists; it was not overwritten.`, { current: savedOf(existing) });
      }
      if (req.baseRevision !== null && !existing) {
        throw new BackendError('not-found', `The flow "${flow.name}" was deleted (in another tab?); save it as a new flow to keep your work.`, {
          details: { id: flow.id },
        });
      }
      if (req.baseRevision !== null && existing && existing.revision !== req.baseRevision) {
        throw new BackendError('conflict', `The flow "${existing.name}" was changed elsewhere (another tab?) since you opened it.`, {
          current: savedOf(existing),
          details: { baseRevision: req.baseRevision, currentRevision: existing.revision },
        });
      }
    }
    if (req.folderId !== undefined) await assertFolder(db, req.folderId);
    const folderKey = req.folderId !== undefined ? toFolderKey(req.folderId) : (existing?.folderKey ?? '');
    const row = flowRowFor(flow, existing, folderKey, Date.now());
    await db.flows.put(row);
    return { flow, summary: summaryOf(row, flow) };
  });
}

/** Deletes flows and everything recorded about them. Call inside a transaction over all tables. */
async function purgeFlows(db: FlowbenchDb, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const runIds = (await db.runs.where('flowId').anyOf(ids).primaryKeys()) as string[];
  await db.flows.bulkDelete(ids);
  await db.versions.where('flowId').anyOf(ids).delete();
  if (runIds.length > 0) {
    await db.runs.bulkDelete(runIds);
    await db.runEvents.where('runId').anyOf(runIds).delete();
  }
}

const ALL_TABLES = (db: FlowbenchDb) => [db.folders, db.flows, db.versions, db.runs, db.runEvents];

export async function deleteFlow(db: FlowbenchDb, id: string): Promise<void> {
  await db.transaction('rw', ALL_TABLES(db), async () => {
    if (!(await db.flows.get(id))) throw notFound('Flow', id);
    await purgeFlows(db, [id]);
  });
}

export async function duplicateFlow(db: FlowbenchDb, id: string, opts: { name?: string; folderId?: string | null } = {}): Promise<SavedFlow> {
  return db.transaction('rw', db.flows, db.folders, async () => {
    const source = await db.flows.get(id);
    if (!source) throw notFound('Flow', id);
    if (opts.folderId !== undefined) await assertFolder(db, opts.folderId);
    const original = savedOf(source).flow;
    const flow: Flow = { ...structuredClone(original), id: newId('flow'), name: opts.name ?? `${original.name} (copy)` };
    const row = flowRowFor(flow, undefined, opts.folderId !== undefined ? toFolderKey(opts.folderId) : source.folderKey, Date.now());
    row.tags = [...source.tags];
    await db.flows.add(row);
    return { flow, summary: summaryOf(row, flow) };
  });
}

/** Summary-only changes (folder, flags): the document and its revision stay as they are. */
async function patchFlowRow(db: FlowbenchDb, id: string, patch: Partial<FlowRow>): Promise<void> {
  const changed = await db.flows.update(id, { ...patch, modifiedAt: Date.now() });
  if (changed === 0) throw notFound('Flow', id);
}

export async function moveFlow(db: FlowbenchDb, id: string, folderId: string | null): Promise<void> {
  await db.transaction('rw', db.flows, db.folders, async () => {
    await assertFolder(db, folderId);
    await patchFlowRow(db, id, { folderKey: toFolderKey(folderId) });
  });
}

export function setFlowEnabled(db: FlowbenchDb, id: string, enabled: boolean): Promise<void> {
  return patchFlowRow(db, id, { enabled: enabled ? 1 : 0 });
}

export function setFlowFavourite(db: FlowbenchDb, id: string, favourite: boolean): Promise<void> {
  return patchFlowRow(db, id, { favourite: favourite ? 1 : 0 });
}

// ---------------------------------------------------------------------------------------------------------
// Folders

export async function listFolders(db: FlowbenchDb): Promise<Folder[]> {
  const rows = await db.folders.toArray();
  rows.sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
  return rows.map(folderOf);
}

export async function createFolder(db: FlowbenchDb, name: string, parentId: string | null): Promise<Folder> {
  const trimmed = name.trim();
  if (!trimmed) throw new BackendError('invalid', 'A folder needs a name.');
  return db.transaction('rw', db.folders, async () => {
    await assertFolder(db, parentId);
    const siblings = await db.folders.where('parentKey').equals(toFolderKey(parentId)).count();
    const now = Date.now();
    const row: FolderRow = { id: newId('folder'), parentKey: toFolderKey(parentId), name: trimmed, order: siblings, createdAt: now, modifiedAt: now };
    await db.folders.add(row);
    return folderOf(row);
  });
}

/** Ids of `rootId` and every folder below it. */
async function subtree(db: FlowbenchDb, rootId: string): Promise<string[]> {
  const all = await db.folders.toArray();
  const children = new Map<string, string[]>();
  for (const f of all) children.set(f.parentKey, [...(children.get(f.parentKey) ?? []), f.id]);
  const out: string[] = [];
  const stack = [rootId];
  while (stack.length > 0) {
    const id = stack.pop()!;
    out.push(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}

export async function updateFolder(db: FlowbenchDb, id: string, patch: { name?: string; parentId?: string | null; order?: number }): Promise<Folder> {
  return db.transaction('rw', db.folders, async () => {
    const row = await db.folders.get(id);
    if (!row) throw notFound('Folder', id);
    const next: FolderRow = { ...row, modifiedAt: Date.now() };
    if (patch.name !== undefined) {
      if (!patch.name.trim()) throw new BackendError('invalid', 'A folder needs a name.');
      next.name = patch.name.trim();
    }
    if (patch.parentId !== undefined) {
      await assertFolder(db, patch.parentId);
      if (patch.parentId !== null && (await subtree(db, id)).includes(patch.parentId)) {
        throw new BackendError('invalid', `The folder "${row.name}" cannot be moved into itself or one of its subfolders.`);
      }
      next.parentKey = toFolderKey(patch.parentId);
    }
    if (patch.order !== undefined) next.order = patch.order;
    await db.folders.put(next);
    return folderOf(next);
  });
}

export async function deleteFolder(
  db: FlowbenchDb,
  id: string,
  contents: { mode: 'move'; moveTo: string | null } | { mode: 'delete' },
): Promise<void> {
  await db.transaction('rw', ALL_TABLES(db), async () => {
    if (!(await db.folders.get(id))) throw notFound('Folder', id);
    if (contents.mode === 'move') {
      const tree = await subtree(db, id);
      if (contents.moveTo !== null && tree.includes(contents.moveTo)) {
        throw new BackendError('invalid', 'The contents cannot be moved into the folder being deleted or one of its subfolders.');
      }
      await assertFolder(db, contents.moveTo);
      const target = toFolderKey(contents.moveTo);
      const now = Date.now();
      await db.flows.where('folderKey').equals(id).modify({ folderKey: target, modifiedAt: now });
      await db.folders.where('parentKey').equals(id).modify({ parentKey: target, modifiedAt: now });
      await db.folders.delete(id);
      return;
    }
    const tree = await subtree(db, id);
    const flowIds = (await db.flows.where('folderKey').anyOf(tree).primaryKeys()) as string[];
    await purgeFlows(db, flowIds);
    await db.folders.bulkDelete(tree);
  });
}

/** Whether a stored flow holds exactly this document (import's "already here" check). */
export async function storedEquals(db: FlowbenchDb, flow: Flow): Promise<boolean> {
  const row = await db.flows.get(flow.id);
  if (!row) return false;
  try {
    return deepEqual(savedOf(row).flow, flow);
  } catch {
    return false;
  }
}
