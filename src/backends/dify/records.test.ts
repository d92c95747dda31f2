import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../trace';
import { emptyGraph, mergeObservations } from './graph';
import { memoryRecordStore, webStorageRecordStore, type RecordedRun } from './records';

function fakeStorage(quota = Infinity) {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => {
      const used = [...map.values()].reduce((n, s) => n + s.length, 0);
      if (used + v.length > quota) throw new DOMException('full', 'QuotaExceededError');
      map.set(k, v);
    },
    removeItem: (k: string) => void map.delete(k),
  };
}

const run = (id: string, flowId: string, startedAt: number): RecordedRun => ({
  summary: { id, flowId, status: 'succeeded', startedAt, finishedAt: startedAt + 1, trigger: 'manual' },
  events: [{ type: 'run-started', runId: id, seq: 0, at: startedAt, flowId, inputs: {}, trigger: 'manual' } as TraceEvent],
});

describe('Dify records', () => {
  it('keep graphs and runs across store instances (a reload), newest first, capped per app', () => {
    const storage = fakeStorage();
    const a = webStorageRecordStore(storage, 'p.', 2);
    const graph = mergeObservations(emptyGraph(), [{ stepId: 'start', nodeId: 'n0', nodeType: 'start', title: 'Start' }], []);
    a.saveGraph('f1', graph);
    a.saveRun(run('r1', 'f1', 1));
    a.saveRun(run('r2', 'f1', 2));
    a.saveRun(run('r3', 'f1', 3));
    a.saveRun(run('x1', 'f2', 1));
    const b = webStorageRecordStore(storage, 'p.', 2);
    expect(b.loadGraph('f1')).toEqual(graph);
    expect(b.listRuns('f1').map((r) => r.summary.id)).toEqual(['r3', 'r2']);
    expect(b.getRun('r1')).toBeUndefined();
    expect(b.getRun('x1')?.events).toHaveLength(1);
    b.deleteRun('r3');
    expect(webStorageRecordStore(storage, 'p.', 2).listRuns('f1').map((r) => r.summary.id)).toEqual(['r2']);
    // Nothing stored under another prefix, and no key material at all.
    expect([...storage.map.keys()].every((k) => k.startsWith('p.'))).toBe(true);
  });

  it('a full storage still serves this tab from memory', () => {
    const store = webStorageRecordStore(fakeStorage(10), 'p.');
    store.saveRun(run('r1', 'f1', 1));
    expect(store.listRuns('f1').map((r) => r.summary.id)).toEqual(['r1']);
    expect(store.getRun('r1')).toBeDefined();
    const mem = memoryRecordStore(1);
    mem.saveRun(run('a', 'f', 1));
    mem.saveRun(run('b', 'f', 2));
    expect(mem.listRuns('f').map((r) => r.summary.id)).toEqual(['b']);
  });
});
