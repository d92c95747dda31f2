import { describe, expect, it } from 'vitest';
import { indexedDbRunRecords, memoryRunRecords, type RecordedRun, type RunRecordStore } from './run-records';

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
