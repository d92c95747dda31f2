/**
 * Versions of local flows: snapshots of the draft, one of them possibly published. Restoring never loses
 * work: the draft being replaced is kept as a version first.
 */
import Dexie from 'dexie';
import type { Flow } from '../../model/flow';
import { newId } from '../../model/ids';
import { BackendError, type FlowVersion, type SavedFlow } from '../types';
import { fingerprint, type FlowbenchDb, type FlowRow, type VersionRow } from './db';
import { flowRowFor } from './local-flows';
import { flowOfRow, notFound, restoreOrThrow, summaryOf, versionOf } from './rows';

async function flowRow(db: FlowbenchDb, flowId: string): Promise<FlowRow> {
  const row = await db.flows.get(flowId);
  if (!row) throw notFound('Flow', flowId);
  return row;
}

async function nextSerial(db: FlowbenchDb, flowId: string): Promise<number> {
  const last = await db.versions.where('[flowId+serial]').between([flowId, Dexie.minKey], [flowId, Dexie.maxKey]).last();
  return (last?.serial ?? 0) + 1;
}

/** Snapshots the stored draft. Call inside a transaction over flows and versions. */
async function snapshot(db: FlowbenchDb, row: FlowRow, opts: { note: string; name?: string; published?: boolean }): Promise<VersionRow> {
  const version: VersionRow = {
    id: newId('version'),
    flowId: row.id,
    serial: await nextSerial(db, row.id),
    createdAt: Date.now(),
    note: opts.note,
    published: opts.published ?? false,
    snapshot: flowOfRow(row),
  };
  if (opts.name !== undefined) version.name = opts.name;
  await db.versions.add(version);
  return version;
}

export async function listVersions(db: FlowbenchDb, flowId: string): Promise<FlowVersion[]> {
  await flowRow(db, flowId);
  const rows = await db.versions.where('[flowId+serial]').between([flowId, Dexie.minKey], [flowId, Dexie.maxKey]).reverse().toArray();
  return rows.map(versionOf);
}

export async function getVersion(db: FlowbenchDb, flowId: string, versionId: string): Promise<{ version: FlowVersion; flow: Flow }> {
  const row = await db.versions.get(versionId);
  if (!row || row.flowId !== flowId) throw notFound('Version', versionId);
  return { version: versionOf(row), flow: restoreOrThrow(row.snapshot, `Version "${row.name ?? row.note}"`) };
}

export async function createVersion(db: FlowbenchDb, flowId: string, opts: { note: string; name?: string }): Promise<FlowVersion> {
  return db.transaction('rw', db.flows, db.versions, async () => versionOf(await snapshot(db, await flowRow(db, flowId), opts)));
}

export async function publish(db: FlowbenchDb, flowId: string, opts: { note: string }): Promise<FlowVersion> {
  return db.transaction('rw', db.flows, db.versions, async () => {
    const row = await flowRow(db, flowId);
    const version = await snapshot(db, row, { note: opts.note, published: true });
    // Publishing changes what the draft is compared with, not the draft: the revision stays.
    await db.flows.put({
      ...row,
      publishedVersionId: version.id,
      publishedAt: version.createdAt,
      publishedFingerprint: fingerprint(version.snapshot),
      draftDiffers: false,
    });
    return versionOf(version);
  });
}

function label(v: VersionRow): string {
  return v.name ?? (v.note || new Date(v.createdAt).toISOString());
}

export async function restoreVersion(db: FlowbenchDb, flowId: string, versionId: string): Promise<SavedFlow> {
  return db.transaction('rw', db.flows, db.versions, async () => {
    const row = await flowRow(db, flowId);
    const version = await db.versions.get(versionId);
    if (!version || version.flowId !== flowId) throw notFound('Version', versionId);
    const restored = restoreOrThrow(version.snapshot, `Version "${label(version)}"`);
    await snapshot(db, row, { note: `Before restoring ${label(version)}` });
    // The snapshot keeps its own id even if the flow was re-created under a new one.
    const flow: Flow = { ...restored, id: flowId };
    const next = flowRowFor(flow, row, row.folderKey, Date.now());
    await db.flows.put(next);
    return { flow, summary: summaryOf(next, flow) };
  });
}

export async function revertDraft(db: FlowbenchDb, flowId: string): Promise<SavedFlow> {
  const row = await flowRow(db, flowId);
  if (row.publishedVersionId === null) {
    throw new BackendError('invalid', `The flow "${row.name}" has never been published, so there is nothing to revert to.`);
  }
  return restoreVersion(db, flowId, row.publishedVersionId);
}
