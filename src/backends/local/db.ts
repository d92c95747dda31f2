/**
 * The local backend's IndexedDB database (Dexie 4).
 *
 * Schema changes: never edit a shipped `version(n)`. Add `version(n + 1)` with only the changed stores and an
 * `.upgrade(tx => ...)` that rewrites existing rows, e.g.
 *
 *   db.version(2).stores({ flows: 'id, folderKey, name, modifiedAt, *tags, favourite, enabled, order' })
 *     .upgrade((tx) => tx.table('flows').toCollection().modify((row) => { row.order ??= 0; }));
 *
 * Why `folderKey`/`parentKey` and numeric flags: IndexedDB cannot index `null` or booleans (such rows silently
 * drop out of the index), so the root folder is `''` and flags are `0 | 1` in the rows; the adapter maps them
 * to the contract's `null` and booleans.
 */
import Dexie, { type Table } from 'dexie';
import type { PartialRunInfo, TraceEvent } from '../trace';
import type { RunStatus } from '../types';

export const DEFAULT_DB_NAME = 'flowbench';

/** `''` for the root. */
export type FolderKey = string;

export interface FolderRow {
  id: string;
  parentKey: FolderKey;
  name: string;
  order: number;
  createdAt: number;
  modifiedAt: number;
  extensions?: Record<string, unknown>;
}

export interface FlowRow {
  id: string;
  folderKey: FolderKey;
  /** Copies of `flow.name` / `flow.tags` for the indexes. */
  name: string;
  tags: string[];
  favourite: 0 | 1;
  enabled: 0 | 1;
  order: number;
  createdAt: number;
  modifiedAt: number;
  /** Opaque to clients: `<counter>-<nonce>`, new on every save, never reused even after delete + re-create. */
  revision: string;
  revisionNumber: number;
  /** The stored document; read back through `restoreFlow`, never trusted as is. */
  flow: unknown;
  publishedVersionId: string | null;
  publishedAt: number | null;
  /** `fingerprint()` of the published snapshot, to tell whether the draft differs from it. */
  publishedFingerprint: string | null;
  draftDiffers: boolean;
}

export interface VersionRow {
  id: string;
  flowId: string;
  /** Per-flow counter: orders versions created within the same millisecond. */
  serial: number;
  createdAt: number;
  note: string;
  name?: string;
  published: boolean;
  snapshot: unknown;
}

export interface RunRow {
  id: string;
  flowId: string;
  /** Per-flow counter: newest-first order for runs started within the same millisecond. */
  serial: number;
  status: RunStatus;
  startedAt: number;
  finishedAt: number | null;
  trigger: string;
  versionId?: string;
  error?: string;
  eventCount: number;
  /** A partial run (the debugger's run from / to a step). */
  partial?: PartialRunInfo;
}

/** A trace event is stored as is; its `runId` and `seq` form the key. */
export type RunEventRow = TraceEvent;

export class FlowbenchDb extends Dexie {
  folders!: Table<FolderRow, string>;
  flows!: Table<FlowRow, string>;
  versions!: Table<VersionRow, string>;
  runs!: Table<RunRow, string>;
  runEvents!: Table<RunEventRow, [string, number]>;

  constructor(name: string = DEFAULT_DB_NAME) {
    super(name);
    this.version(1).stores({
      folders: 'id, parentKey, name',
      flows: 'id, folderKey, name, modifiedAt, *tags, favourite, enabled',
      versions: 'id, flowId, createdAt, [flowId+serial]',
      runs: 'id, flowId, startedAt, status, [flowId+serial]',
      runEvents: '[runId+seq], runId',
    });
  }
}

export function openDb(name: string = DEFAULT_DB_NAME): FlowbenchDb {
  return new FlowbenchDb(name);
}

export function deleteDb(name: string): Promise<void> {
  return Dexie.delete(name);
}

/** Deterministic JSON (keys sorted) for content comparison. */
export function fingerprint(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
      return sorted;
    }
    return v;
  });
}
