/**
 * Breakpoints, pins and watch expressions of a flow, kept with the flow's editor state (beside the undo
 * history and the journal, `src/editor/persistence.ts`), never in the backend document: they are the
 * developer's, not the flow's. Their own IndexedDB database, keyed like the editor's (`backend::flow`).
 */
import Dexie, { type Table } from 'dexie';
import { z } from 'zod';

export const DEBUG_STATE_FORMAT = 1;

const persistedSchema = z.object({
  version: z.literal(DEBUG_STATE_FORMAT),
  breakpoints: z.record(z.string(), z.object({ condition: z.string().optional() })),
  pins: z.record(z.string(), z.object({ value: z.unknown(), from: z.enum(['run', 'typed']), at: z.number() })),
  watches: z.array(z.string()),
});

export type PersistedDebugState = z.infer<typeof persistedSchema>;

interface DebugRow {
  key: string;
  data: unknown;
  updatedAt: number;
}

class DebuggerDb extends Dexie {
  flows!: Table<DebugRow, string>;
  constructor(name: string) {
    super(name);
    this.version(1).stores({ flows: 'key' });
  }
}

export class DebuggerPersistence {
  private readonly db: DebuggerDb;
  constructor(dbName = 'flowbench-debugger') {
    this.db = new DebuggerDb(dbName);
  }

  /** What was kept for this flow; `null` when nothing was, or what was kept is not readable. */
  async load(key: string): Promise<PersistedDebugState | null> {
    const row = await this.db.flows.get(key);
    if (!row) return null;
    const parsed = persistedSchema.safeParse(row.data);
    return parsed.success ? parsed.data : null;
  }

  async save(key: string, data: PersistedDebugState): Promise<void> {
    const empty = Object.keys(data.breakpoints).length === 0 && Object.keys(data.pins).length === 0 && data.watches.length === 0;
    if (empty) await this.db.flows.delete(key);
    else await this.db.flows.put({ key, data, updatedAt: Date.now() });
  }
}

let shared: DebuggerPersistence | null = null;
export function debuggerPersistence(): DebuggerPersistence {
  shared ??= new DebuggerPersistence();
  return shared;
}
