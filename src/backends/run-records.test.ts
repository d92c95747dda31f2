import { describe, expect, it } from 'vitest';
import { BackendError } from './types';
import { indexedDbRunRecords, memoryRunRecords, recordedRunEvents, recordedRunsPage, type RecordedRun, type RunRecordStore } from './run-records';

const run = (id: string, flowId: string, startedAt: number): RecordedRun => ({
  summary: { id, flowId, status: 'succeeded', startedAt, finishedAt: startedAt + 5, trigger: 'manual' },
  events: [
    { runId: id, seq: 0, at: startedAt, type: 'run-started', flowId, inputs: {}, trigger: 'manual' },
    { runId: id, seq: 1, at: startedAt + 5, type: 'run-finished', status: 'succeeded', durationMs: 5 },
  ],
});

function behaves(name: string, make: (maxPerFlow: number) => RunRecordStore) {
  describe(name, () => {
    it('lists a flow newest first, returns events, keeps the newest N per flow, removes', async () => {
      const store = make(2);
      await store.save(run('a', 'f1', 1));
      await store.save(run('b', 'f1', 3));
      await store.save(run('other', 'f2', 2));
      await store.save(run('c', 'f1', 2));
      expect((await store.list('f1')).map((s) => s.id)).toEqual(['b', 'c']);
      expect((await store.list('f2')).map((s) => s.id)).toEqual(['other']);
      expect(await store.events('a')).toBeUndefined();
      expect(await store.events('b')).toEqual(run('b', 'f1', 3).events);
      await store.remove('b');
      expect((await store.list('f1')).map((s) => s.id)).toEqual(['c']);
      expect(await store.events('b')).toBeUndefined();
    });
  });
}

behaves('memoryRunRecords', (n) => memoryRunRecords(n));
let db = 0;
behaves('indexedDbRunRecords', (n) => indexedDbRunRecords('conn-1', { dbName: `run-records-test-${db++}`, maxPerFlow: n }));

describe('indexedDbRunRecords scopes', () => {
  it('never mixes two connections with the same flow ids, and survives a new store (a reload)', async () => {
    const dbName = 'run-records-scopes';
    await indexedDbRunRecords('server-a', { dbName }).save(run('r1', 'tab', 1));
    await indexedDbRunRecords('server-b', { dbName }).save(run('r2', 'tab', 2));
    expect((await indexedDbRunRecords('server-a', { dbName }).list('tab')).map((s) => s.id)).toEqual(['r1']);
    expect(await indexedDbRunRecords('server-b', { dbName }).events('r1')).toBeUndefined();
  });
});

describe('recordedRunsPage / recordedRunEvents', () => {
  it("merges the session's runs with the recorded ones: newest first, each once, filtered and paged", async () => {
    const store = memoryRunRecords();
    await store.save(run('old', 'f1', 1));
    await store.save(run('done', 'f1', 4)); // finished this session: recorded and still in the session
    await store.save(run('other-tab', 'f1', 9)); // recorded by another tab, newer than this session's runs
    const live = { ...run('live', 'f1', 6).summary, status: 'running' as const, finishedAt: null };
    const session = [run('done', 'f1', 4).summary, live, run('elsewhere', 'f2', 7).summary];
    const all = await recordedRunsPage(store, 'f1', session);
    expect(all.items.map((r) => r.id)).toEqual(['other-tab', 'live', 'done', 'old']);
    expect(all.total).toBe(4);
    const page = await recordedRunsPage(store, 'f1', session, { offset: 1, limit: 2, status: 'succeeded' });
    expect(page).toMatchObject({ total: 3, offset: 1, limit: 2 });
    expect(page.items.map((r) => r.id)).toEqual(['done', 'old']);
  });

  it("keeps the session's runs when the store cannot be read", async () => {
    const broken: RunRecordStore = { ...memoryRunRecords(), list: () => Promise.reject(new Error('quota')) };
    expect((await recordedRunsPage(broken, 'f1', [run('a', 'f1', 1).summary])).items.map((r) => r.id)).toEqual(['a']);
  });

  it("reads the session's copy first, then the record, and says not-found for neither", async () => {
    const store = memoryRunRecords();
    await store.save(run('r', 'f1', 1));
    const sessionEvents = run('s', 'f1', 2).events;
    expect(await recordedRunEvents(store, 's', sessionEvents)).toEqual(sessionEvents);
    expect(await recordedRunEvents(store, 'r', undefined)).toEqual(run('r', 'f1', 1).events);
    const missing = await recordedRunEvents(store, 'nope', undefined).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(BackendError);
    expect((missing as BackendError).code).toBe('not-found');
  });
});
