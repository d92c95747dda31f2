/**
 * Editor state that must outlive the tab, whatever the backend: the undo history (so undo works after a
 * reload) and a journal of the latest unsaved document (so a tab that crashes mid-edit loses nothing, even
 * when the backend is a remote server that was unreachable at the time).
 *
 * Kept in its own IndexedDB database so it works the same over every backend adapter.
 */
import Dexie, { type Table } from 'dexie';
import type { Flow } from '../model/flow';
import type { HistoryState } from './history';
import { HISTORY_FORMAT, parsePersistedHistory, type PersistedHistory } from './history';

interface HistoryRow {
  key: string;
  data: PersistedHistory;
  updatedAt: number;
}

export interface JournalRow {
  key: string;
  flow: Flow;
  baseRevision: string | null;
  updatedAt: number;
}

class EditorDb extends Dexie {
  history!: Table<HistoryRow, string>;
  journal!: Table<JournalRow, string>;
  constructor(name: string) {
    super(name);
    this.version(1).stores({ history: 'key', journal: 'key' });
  }
}

export class EditorPersistence {
  private readonly db: EditorDb;
  constructor(dbName = 'flowbench-editor') {
    this.db = new EditorDb(dbName);
  }

  /** Keys are scoped by backend: the same flow id on two backends is two documents. */
  static key(backendId: string, flowId: string): string {
    return `${backendId}::${flowId}`;
  }

  async loadHistory(key: string, flowId: string): Promise<HistoryState | null> {
    const row = await this.db.history.get(key);
    return row ? parsePersistedHistory(row.data, flowId) : null;
  }

  async saveHistory(key: string, flowId: string, history: HistoryState): Promise<void> {
    await this.db.history.put({ key, data: { version: HISTORY_FORMAT, flowId, history }, updatedAt: Date.now() });
  }

  async loadJournal(key: string): Promise<JournalRow | undefined> {
    return this.db.journal.get(key);
  }

  async writeJournal(key: string, flow: Flow, baseRevision: string | null): Promise<void> {
    await this.db.journal.put({ key, flow, baseRevision, updatedAt: Date.now() });
  }

  async clearJournal(key: string): Promise<void> {
    await this.db.journal.delete(key);
  }

  close(): void {
    this.db.close();
  }
}
