import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BackendError, type BackendAdapter, type SaveFlowRequest, type SavedFlow } from '../../backends/types';
import type { EditorPersistence } from '../../editor/persistence';
import { createEditorStore } from '../../editor/store';
import { emptyFlow, type Flow } from '../../model/flow';
const renameFlow = (f: Flow, name: string): Flow => ({ ...f, name });
import { startAutosave, type SaveStatus } from './autosave';

interface Journal {
  writes: Flow[];
  cleared: number;
  current: Flow | null;
  fail: Error | null;
}

function fakePersistence(j: Journal): EditorPersistence {
  return {
    writeJournal: vi.fn(async (_key: string, flow: Flow) => {
      await Promise.resolve();
      if (j.fail) throw j.fail;
      j.writes.push(flow);
      j.current = flow;
    }),
    clearJournal: vi.fn(async () => {
      j.cleared += 1;
      j.current = null;
    }),
    saveHistory: vi.fn(async () => undefined),
  } as unknown as EditorPersistence;
}

function fakeAdapter(save: (req: SaveFlowRequest) => Promise<SavedFlow>): BackendAdapter {
  return { capabilities: { editFlows: true }, saveFlow: vi.fn(save) } as unknown as BackendAdapter;
}

const saved = (flow: Flow, revision: string): SavedFlow =>
  ({ flow, summary: { revision } }) as unknown as SavedFlow;

describe('autosave', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('journals every change within a frame, while keys keep coming and before any save', async () => {
    const j: Journal = { writes: [], cleared: 0, current: null, fail: null };
    const store = createEditorStore({ flow: emptyFlow('f', 'A'), baseRevision: 'r1' });
    const adapter = fakeAdapter(async (req) => saved(req.flow, 'r2'));
    const autosave = startAutosave({ adapter, store, persistence: fakePersistence(j), key: 'k', nextFrame: (fn) => setTimeout(fn, 16) });
    // A key every 150 ms restarts the 400 ms save debounce forever; the journal must still follow each key.
    for (let i = 1; i <= 10; i++) {
      store.getState().edit('rename', (f) => renameFlow(f, `A${'x'.repeat(i)}`));
      await vi.advanceTimersByTimeAsync(20);
      expect(j.current?.name).toBe(`A${'x'.repeat(i)}`);
      await vi.advanceTimersByTimeAsync(130);
    }
    expect(adapter.saveFlow).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1000);
    expect(adapter.saveFlow).toHaveBeenCalledTimes(1);
    await autosave.journalIdle();
    expect(j.current).toBeNull(); // saved: the journal is cleared
    autosave.stop();
  });

  it('keeps journaling while a conflict blocks saving', async () => {
    const j: Journal = { writes: [], cleared: 0, current: null, fail: null };
    const store = createEditorStore({ flow: emptyFlow('f', 'A'), baseRevision: 'r1' });
    const statuses: SaveStatus[] = [];
    const adapter = fakeAdapter(async () => {
      throw new BackendError('conflict', 'changed elsewhere');
    });
    const autosave = startAutosave({ adapter, store, persistence: fakePersistence(j), key: 'k', nextFrame: (fn) => setTimeout(fn, 0), onStatus: (s) => statuses.push(s) });
    store.getState().edit('rename', (f) => renameFlow(f, 'B'));
    await vi.advanceTimersByTimeAsync(2000);
    expect(statuses).toContain('conflict');
    store.getState().edit('rename', (f) => renameFlow(f, 'C'));
    await vi.advanceTimersByTimeAsync(50);
    expect(j.current?.name).toBe('C');
    expect(statuses.at(-1)).toBe('conflict');
    autosave.stop();
  });

  it('a save that landed but whose answer was cut resolves itself: the retry\'s conflict has no difference', async () => {
    const j: Journal = { writes: [], cleared: 0, current: null, fail: null };
    const store = createEditorStore({ flow: emptyFlow('f', 'A'), baseRevision: 'r1' });
    const statuses: SaveStatus[] = [];
    let server: SavedFlow = saved(emptyFlow('f', 'A'), 'r1');
    const adapter = fakeAdapter(async (req) => {
      if (req.baseRevision !== server.summary.revision) throw new BackendError('conflict', 'changed elsewhere', { current: server });
      // The first save lands on the server, then its answer is cut.
      server = saved(structuredClone(req.flow), 'r2');
      throw new BackendError('network', 'The connection broke while reading the answer.');
    });
    const autosave = startAutosave({ adapter, store, persistence: fakePersistence(j), key: 'k', nextFrame: (fn) => setTimeout(fn, 0), onStatus: (s) => statuses.push(s) });
    store.getState().edit('rename', (f) => renameFlow(f, 'B'));
    await vi.waitFor(async () => {
      await vi.advanceTimersByTimeAsync(1000);
      expect(statuses.at(-1)).toBe('saved');
    });
    expect(adapter.saveFlow).toHaveBeenCalledTimes(2);
    expect(statuses).toContain('retrying');
    expect(statuses).not.toContain('conflict');
    expect(store.getState().baseRevision).toBe('r2');
    expect(store.getState().dirty).toBe(false);
    autosave.stop();
  });

  it('a conflict whose copy differs still stops and asks', async () => {
    const j: Journal = { writes: [], cleared: 0, current: null, fail: null };
    const store = createEditorStore({ flow: emptyFlow('f', 'A'), baseRevision: 'r1' });
    const statuses: SaveStatus[] = [];
    const theirs = saved(emptyFlow('f', 'Theirs'), 'r9');
    const adapter = fakeAdapter(async () => {
      throw new BackendError('conflict', 'changed elsewhere', { current: theirs });
    });
    const autosave = startAutosave({ adapter, store, persistence: fakePersistence(j), key: 'k', nextFrame: (fn) => setTimeout(fn, 0), onStatus: (s) => statuses.push(s) });
    store.getState().edit('rename', (f) => renameFlow(f, 'B'));
    await vi.advanceTimersByTimeAsync(2000);
    expect(statuses.at(-1)).toBe('conflict');
    expect(store.getState().baseRevision).toBe('r1');
    autosave.stop();
  });

  it('a failing journal (storage full) never blocks the remote save, and says so once', async () => {
    const j: Journal = { writes: [], cleared: 0, current: null, fail: new Error('QuotaExceededError') };
    const store = createEditorStore({ flow: emptyFlow('f', 'A'), baseRevision: 'r1' });
    const journal: boolean[] = [];
    const adapter = fakeAdapter(async (req) => saved(req.flow, 'r2'));
    const autosave = startAutosave({ adapter, store, persistence: fakePersistence(j), key: 'k', nextFrame: (fn) => setTimeout(fn, 0), onJournal: (ok) => journal.push(ok) });
    store.getState().edit('rename', (f) => renameFlow(f, 'B'));
    await vi.advanceTimersByTimeAsync(10);
    store.getState().edit('rename', (f) => renameFlow(f, 'C'));
    await vi.advanceTimersByTimeAsync(2000);
    expect(adapter.saveFlow).toHaveBeenCalled();
    expect(store.getState().dirty).toBe(false);
    expect(journal).toEqual([false]);
    j.fail = null;
    store.getState().edit('rename', (f) => renameFlow(f, 'D'));
    await vi.advanceTimersByTimeAsync(10);
    expect(journal).toEqual([false, true]);
    autosave.stop();
  });

  it('retries a failed save with backoff while the edit is unsaved, and not a refused one', async () => {
    const j: Journal = { writes: [], cleared: 0, current: null, fail: null };
    const store = createEditorStore({ flow: emptyFlow('f', 'A'), baseRevision: 'r1' });
    let failuresLeft = 2;
    const statuses: Array<[SaveStatus, number | undefined]> = [];
    const adapter = fakeAdapter(async (req) => {
      if (failuresLeft-- > 0) throw new BackendError('unavailable', 'server down');
      return saved(req.flow, 'r2');
    });
    const autosave = startAutosave({
      adapter,
      store,
      persistence: fakePersistence(j),
      key: 'k',
      retryDelaysMs: [1000, 3000],
      nextFrame: (fn) => setTimeout(fn, 0),
      onStatus: (s, _e, info) => statuses.push([s, info?.retryInMs]),
    });
    store.getState().edit('rename', (f) => renameFlow(f, 'B'));
    await vi.advanceTimersByTimeAsync(600);
    expect(statuses).toContainEqual(['retrying', 1000]);
    await vi.advanceTimersByTimeAsync(1100);
    expect(statuses).toContainEqual(['retrying', 3000]);
    await vi.advanceTimersByTimeAsync(3100);
    expect(statuses.at(-1)).toEqual(['saved', undefined]);
    expect(adapter.saveFlow).toHaveBeenCalledTimes(3);
    autosave.stop();

    const refused = fakeAdapter(async () => {
      throw new BackendError('invalid', 'bad document');
    });
    const store2 = createEditorStore({ flow: emptyFlow('g', 'A'), baseRevision: 'r1' });
    const s2: SaveStatus[] = [];
    const a2 = startAutosave({ adapter: refused, store: store2, persistence: fakePersistence(j), key: 'k2', nextFrame: (fn) => setTimeout(fn, 0), onStatus: (s) => s2.push(s) });
    store2.getState().edit('rename', (f) => renameFlow(f, 'B'));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(refused.saveFlow).toHaveBeenCalledTimes(1);
    expect(s2.at(-1)).toBe('error');
    a2.stop();
  });
});
