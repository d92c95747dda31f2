/**
 * Autosave, in two independent loops:
 *
 * - **The journal** (this browser's copy of the unsaved document) is written within a frame of every change,
 *   whatever the save is doing: while a save is in flight, while a conflict blocks saving, while the backend
 *   is unreachable. Writes are coalesced (at most one in flight, then the latest document) and serialised
 *   with the journal's clear after a save, so a crash at any moment loses at most the last frame of edits.
 * - **The save** to the backend runs shortly after the changes stop (debounced, then in an idle callback),
 *   off the drag's hot path, and is flushed when the tab is hidden or closed. It never waits for the journal:
 *   a full local quota must not block a remote save. A failed save is retried with backoff while the edit is
 *   unsaved; a stale base revision comes back as a conflict and is handed to `onConflict`, never overwritten.
 */
import type { BackendAdapter } from '../../backends/types';
import { isBackendError, type BackendError, type ErrorCode } from '../../backends/types';
import type { EditorStore } from '../../editor/store';
import type { EditorPersistence } from '../../editor/persistence';
import { landedOwnSave } from '../conflict/landed-save';

export type SaveStatus = 'saved' | 'pending' | 'saving' | 'error' | 'retrying' | 'conflict';

export interface SaveStatusInfo {
  /** When a retry is scheduled: in how many milliseconds. */
  retryInMs?: number;
  /** Failed attempts in the current streak. */
  attempts?: number;
}

export interface AutosaveOptions {
  adapter: BackendAdapter;
  store: EditorStore;
  persistence: EditorPersistence;
  key: string;
  debounceMs?: number;
  /** Delays between retries of a failed save; the last one repeats. */
  retryDelaysMs?: readonly number[];
  /** Runs `fn` "within a frame"; tests pass a synchronous or timer-based one. */
  nextFrame?: (fn: () => void) => void;
  onStatus?(status: SaveStatus, error?: BackendError | Error, info?: SaveStatusInfo): void;
  /** The journal write failed (`ok: false`, e.g. storage full) or works again after failing (`ok: true`). */
  onJournal?(ok: boolean, error?: Error): void;
  onConflict?(error: BackendError): void;
  onSaved?(): void;
  /** Start paused in this conflict (a journal recovered on top of an older revision), and report it. */
  startBlocked?: BackendError;
}

const idle = (fn: () => void) =>
  typeof requestIdleCallback === 'function' ? requestIdleCallback(fn, { timeout: 300 }) : setTimeout(fn, 0);

const frame = (fn: () => void) =>
  typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && document.visibilityState === 'visible'
    ? requestAnimationFrame(() => fn())
    : setTimeout(fn, 0);

/** Errors a retry cannot fix: the same request would be refused the same way. */
const NOT_RETRIED: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['invalid', 'unauthorized', 'forbidden', 'unsupported', 'not-found', 'conflict']);

export interface Autosave {
  flush(): Promise<void>;
  stop(): void;
  /** After the user resolved a conflict (the store now holds the chosen document and revision). */
  unblock(): void;
  /** Resolves when every journal write asked for so far has finished (tests, and flush before unload). */
  journalIdle(): Promise<void>;
}

export function startAutosave(opts: AutosaveOptions): Autosave {
  const { adapter, store, persistence, key } = opts;
  const debounceMs = opts.debounceMs ?? 400;
  const retryDelays = opts.retryDelaysMs ?? [1000, 2000, 5000, 10_000, 30_000];
  const nextFrame = opts.nextFrame ?? frame;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let saving: Promise<void> | null = null;
  let blocked = opts.startBlocked !== undefined; // after a conflict, until the user resolves it
  let stopped = false;
  let failures = 0;

  // ---- the journal ------------------------------------------------------------------------------------
  let journalChain: Promise<void> = Promise.resolve();
  let journalQueued = false;
  let journalFailing = false;
  let journaledCounter = -1;

  const enqueue = (op: () => Promise<void>): Promise<void> => {
    journalChain = journalChain.then(op, op);
    return journalChain;
  };

  const writeJournal = (): Promise<void> =>
    enqueue(async () => {
      journalQueued = false;
      const s = store.getState();
      // Nothing unsaved, or this very document is already journaled.
      if (!s.dirty || s.changeCounter === journaledCounter) return;
      try {
        await persistence.writeJournal(key, s.flow, s.baseRevision);
        journaledCounter = s.changeCounter;
        if (journalFailing) {
          journalFailing = false;
          opts.onJournal?.(true);
        }
      } catch (e) {
        if (!journalFailing) {
          journalFailing = true;
          opts.onJournal?.(false, e instanceof Error ? e : new Error(String(e)));
        }
      }
    });

  const scheduleJournal = () => {
    if (journalQueued || stopped) return;
    journalQueued = true;
    nextFrame(() => void writeJournal());
  };

  const clearJournalIfSaved = () =>
    enqueue(async () => {
      if (store.getState().dirty) return;
      journaledCounter = -1;
      await persistence.clearJournal(key).catch(() => undefined);
    });

  // ---- the save ---------------------------------------------------------------------------------------
  const clearRetry = () => {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
  };

  const saveNow = async (): Promise<void> => {
    if (saving) await saving;
    const s = store.getState();
    if (!s.dirty || blocked || stopped) return;
    clearRetry();
    const counter = s.changeCounter;
    opts.onStatus?.('saving');
    saving = (async () => {
      try {
        if (adapter.capabilities.editFlows) {
          const result = await adapter.saveFlow({ flow: s.flow, baseRevision: s.baseRevision });
          store.getState().markSaved(result.summary.revision, counter);
          failures = 0;
          if (!store.getState().dirty) void clearJournalIfSaved();
          opts.onSaved?.();
        }
        opts.onStatus?.(store.getState().dirty ? 'pending' : 'saved');
      } catch (e) {
        if (isBackendError(e) && e.code === 'conflict') {
          // Our own earlier save, landed though its answer was cut: nothing differs, nothing to ask.
          const landed = landedOwnSave(e, s.flow);
          if (landed) {
            store.getState().markSaved(landed.summary.revision, counter);
            failures = 0;
            if (!store.getState().dirty) void clearJournalIfSaved();
            opts.onSaved?.();
            opts.onStatus?.(store.getState().dirty ? 'pending' : 'saved');
            return;
          }
          blocked = true;
          opts.onStatus?.('conflict', e);
          opts.onConflict?.(e);
          return;
        }
        const error = e instanceof Error ? e : new Error(String(e));
        failures += 1;
        const retry = !(isBackendError(e) && NOT_RETRIED.has(e.code));
        if (retry && !stopped) {
          const delay = retryDelays[Math.min(failures - 1, retryDelays.length - 1)] ?? 30_000;
          retryTimer = setTimeout(() => {
            retryTimer = null;
            void saveNow();
          }, delay);
          opts.onStatus?.('retrying', error, { retryInMs: delay, attempts: failures });
        } else {
          opts.onStatus?.('error', error, { attempts: failures });
        }
      } finally {
        saving = null;
      }
    })();
    await saving;
  };

  const schedule = () => {
    if (timer) clearTimeout(timer);
    if (!blocked) opts.onStatus?.('pending');
    timer = setTimeout(() => {
      timer = null;
      idle(() => void saveNow());
    }, debounceMs);
  };

  const unsubscribe = store.subscribe((s, prev) => {
    if (s.changeCounter !== prev.changeCounter) {
      scheduleJournal();
      // An edit is a fresh chance: save it on the normal rhythm rather than waiting for a long backoff.
      clearRetry();
      schedule();
    }
    if (s.history !== prev.history) historyDirty = true;
  });

  // Undo history is persisted on its own rhythm, and never blocks a document save.
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
    void writeJournal();
    await saveNow();
  }

  if (store.getState().dirty) {
    scheduleJournal();
    schedule();
  }
  const startConflict = opts.startBlocked;
  if (startConflict) {
    // After the caller has the handle: the conflict dialog listens from the same render.
    queueMicrotask(() => {
      if (stopped) return;
      opts.onStatus?.('conflict', startConflict);
      opts.onConflict?.(startConflict);
    });
  }

  return {
    flush,
    journalIdle: () => journalChain,
    stop() {
      stopped = true;
      unsubscribe();
      clearInterval(historyTimer);
      clearRetry();
      if (timer) clearTimeout(timer);
      if (typeof document !== 'undefined') {
        document.removeEventListener('visibilitychange', onHide);
        window.removeEventListener('pagehide', onPageHide);
      }
    },
    unblock() {
      blocked = false;
      if (store.getState().dirty) schedule();
      else {
        opts.onStatus?.('saved');
        void clearJournalIfSaved();
      }
    },
  };
}
