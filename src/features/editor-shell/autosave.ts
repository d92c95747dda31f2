/**
 * Autosave: every document change is written to the journal and saved to the backend shortly after, off
 * the drag's hot path (debounced, then in an idle callback), and flushed when the tab is hidden or closed.
 * A stale base revision comes back as a conflict and is handed to `onConflict`, never overwritten.
 */
import type { BackendAdapter } from '../../backends/types';
import { isBackendError, type BackendError } from '../../backends/types';
import type { EditorStore } from '../../editor/store';
import type { EditorPersistence } from '../../editor/persistence';

export type SaveStatus = 'saved' | 'pending' | 'saving' | 'error' | 'conflict';

export interface AutosaveOptions {
  adapter: BackendAdapter;
  store: EditorStore;
  persistence: EditorPersistence;
  key: string;
  debounceMs?: number;
  onStatus?(status: SaveStatus, error?: BackendError | Error): void;
  onConflict?(error: BackendError): void;
  onSaved?(): void;
}

const idle = (fn: () => void) =>
  typeof requestIdleCallback === 'function' ? requestIdleCallback(fn, { timeout: 300 }) : setTimeout(fn, 0);

export interface Autosave {
  flush(): Promise<void>;
  stop(): void;
  /** After the user resolved a conflict (the store now holds the chosen document and revision). */
  unblock(): void;
}

export function startAutosave(opts: AutosaveOptions): Autosave {
  const { adapter, store, persistence, key } = opts;
  const debounceMs = opts.debounceMs ?? 400;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let saving: Promise<void> | null = null;
  let blocked = false; // after a conflict, until the user resolves it
  let stopped = false;

  const saveNow = async (): Promise<void> => {
    if (saving) await saving;
    const s = store.getState();
    if (!s.dirty || blocked || stopped) return;
    const counter = s.changeCounter;
    opts.onStatus?.('saving');
    saving = (async () => {
      try {
        await persistence.writeJournal(key, s.flow, s.baseRevision);
        if (adapter.capabilities.editFlows) {
          const result = await adapter.saveFlow({ flow: s.flow, baseRevision: s.baseRevision });
          store.getState().markSaved(result.summary.revision, counter);
          if (!store.getState().dirty) await persistence.clearJournal(key);
          opts.onSaved?.();
        }
        opts.onStatus?.(store.getState().dirty ? 'pending' : 'saved');
      } catch (e) {
        if (isBackendError(e) && e.code === 'conflict') {
          blocked = true;
          opts.onStatus?.('conflict', e);
          opts.onConflict?.(e);
        } else {
          opts.onStatus?.('error', e instanceof Error ? e : new Error(String(e)));
        }
      } finally {
        saving = null;
      }
    })();
    await saving;
  };

  const schedule = () => {
    if (timer) clearTimeout(timer);
    opts.onStatus?.('pending');
    timer = setTimeout(() => {
      timer = null;
      idle(() => void saveNow());
    }, debounceMs);
  };

  const unsubscribe = store.subscribe((s, prev) => {
    if (s.changeCounter !== prev.changeCounter) schedule();
    if (s.history !== prev.history) historyDirty = true;
  });

  // Undo history is persisted on the same rhythm, but never blocks a document save.
  let historyDirty = false;
  const historyTimer = setInterval(() => {
    if (!historyDirty) return;
    historyDirty = false;
    const flowId = store.getState().flow.id;
    void persistence.saveHistory(key, flowId, store.getState().history).catch(() => undefined);
  }, 500);

  const onHide = () => {
    if (document.visibilityState === 'hidden') void flush();
  };
  const onPageHide = () => void flush();
  if (typeof document !== 'undefined') {
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', onPageHide);
  }

  async function flush() {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    const s = store.getState();
    void persistence.saveHistory(key, s.flow.id, s.history).catch(() => undefined);
    await saveNow();
  }

  if (store.getState().dirty) schedule();

  return {
    flush,
    stop() {
      stopped = true;
      unsubscribe();
      clearInterval(historyTimer);
      if (timer) clearTimeout(timer);
      if (typeof document !== 'undefined') {
        document.removeEventListener('visibilitychange', onHide);
        window.removeEventListener('pagehide', onPageHide);
      }
    },
    unblock() {
      blocked = false;
      if (store.getState().dirty) schedule();
      else opts.onStatus?.('saved');
    },
  };
}
