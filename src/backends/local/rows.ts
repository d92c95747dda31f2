/**
 * Row <-> contract mapping for the local database, shared by the adapter's parts. Every stored document is
 * read back through `restoreFlow`: a row written by an older version (or damaged) is migrated or refused
 * with a readable error, never half-loaded.
 */
import { nanoid } from 'nanoid';
import type { Flow } from '../../model/flow';
import { FlowFormatError, restoreFlow } from '../../model/restore';
import { BackendError, type Folder, type FlowSummary, type FlowVersion, type RunSummary, type SavedFlow } from '../types';
import type { FlowRow, FolderKey, FolderRow, RunRow, VersionRow } from './db';

export function notFound(what: string, id: string): BackendError {
  return new BackendError('not-found', `${what} "${id}" does not exist (any more). Refresh the list.`, { details: { id } });
}

export function toFolderKey(folderId: string | null | undefined): FolderKey {
  return folderId ?? '';
}

export function fromFolderKey(key: FolderKey): string | null {
  return key === '' ? null : key;
}

/** `restoreFlow`, with a format problem as an `invalid` BackendError that names the source. */
export function restoreOrThrow(raw: unknown, source: string): Flow {
  try {
    return restoreFlow(raw);
  } catch (e) {
    if (e instanceof FlowFormatError) {
      throw new BackendError('invalid', `${source}: ${e.message}`, { details: { problems: e.problems }, cause: e });
    }
    throw new BackendError('internal', `${source} could not be read: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

export function flowOfRow(row: FlowRow): Flow {
  return restoreOrThrow(row.flow, `The stored flow "${row.name}"`);
}

export function nextRevision(previous: number): { revision: string; revisionNumber: number } {
  const revisionNumber = previous + 1;
  // The nonce keeps a re-created flow (same id, counter restarted) from matching a stale tab's revision.
  return { revision: `${revisionNumber}-${nanoid(8)}`, revisionNumber };
}

export function summaryOf(row: FlowRow, flow?: Flow): FlowSummary {
  const doc = (flow ?? row.flow) as Partial<Flow>;
  return {
    id: row.id,
    name: row.name,
    description: typeof doc.description === 'string' ? doc.description : '',
    folderId: fromFolderKey(row.folderKey),
    tags: row.tags,
    enabled: row.enabled === 1,
    favourite: row.favourite === 1,
    stepCount: doc.steps && typeof doc.steps === 'object' ? Object.keys(doc.steps).length : 0,
    modifiedAt: row.modifiedAt,
    revision: row.revision,
    published: row.publishedVersionId !== null ? { versionId: row.publishedVersionId, publishedAt: row.publishedAt ?? 0 } : null,
    draftDiffersFromPublished: row.publishedVersionId !== null ? row.draftDiffers : undefined,
  };
}

export function savedOf(row: FlowRow): SavedFlow {
  const flow = flowOfRow(row);
  return { flow, summary: summaryOf(row, flow) };
}

export function folderOf(row: FolderRow): Folder {
  const folder: Folder = {
    id: row.id,
    name: row.name,
    parentId: fromFolderKey(row.parentKey),
    order: row.order,
    createdAt: row.createdAt,
    modifiedAt: row.modifiedAt,
  };
  if (row.extensions) folder.extensions = row.extensions;
  return folder;
}

export function versionOf(row: VersionRow): FlowVersion {
  const v: FlowVersion = { id: row.id, flowId: row.flowId, createdAt: row.createdAt, note: row.note, published: row.published };
  if (row.name !== undefined) v.name = row.name;
  return v;
}

export function runOf(row: RunRow): RunSummary {
  const r: RunSummary = {
    id: row.id,
    flowId: row.flowId,
    status: row.status,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    trigger: row.trigger,
  };
  if (row.versionId !== undefined) r.versionId = row.versionId;
  if (row.error !== undefined) r.error = row.error;
  if (row.partial !== undefined) r.partial = row.partial;
  return r;
}
