import { describe, expect, it, vi } from 'vitest';
import type { BackendAdapter, SavedFlow } from '../../backends/types';
import type { EditorPersistence, JournalRow } from '../../editor/persistence';
import { emptyFlow, type Flow } from '../../model/flow';
import { openFlowSession } from './flow-session';

function setup(journal: Partial<JournalRow> | undefined, serverRevision = 'r2') {
  const server: Flow = { ...emptyFlow('f', 'Server copy') };
  const adapter = {
    id: 'local',
    getFlow: vi.fn(async () => ({ flow: server, summary: { revision: serverRevision } }) as unknown as SavedFlow),
  } as unknown as BackendAdapter;
  const rows = new Map<string, JournalRow>();
  if (journal) rows.set('local::f', { key: 'local::f', updatedAt: 1, baseRevision: 'r2', flow: server, ...journal } as JournalRow);
  const persistence = {
    loadJournal: vi.fn(async (key: string) => rows.get(key)),
    loadHistory: vi.fn(async () => null),
    writeJournal: vi.fn(async (key: string, flow: Flow, baseRevision: string | null) => void rows.set(key, { key, flow, baseRevision, updatedAt: 2 })),
    clearJournal: vi.fn(async (key: string) => void rows.delete(key)),
  } as unknown as EditorPersistence;
  return { adapter, persistence, rows };
}

describe('openFlowSession', () => {
  it('puts back a journal based on the loaded revision', async () => {
    const { adapter, persistence } = setup({ flow: { ...emptyFlow('f', 'Mine') } });
    const s = await openFlowSession(adapter, persistence, 'f', 'list');
    expect(s.recovered).toBe(true);
    expect(s.staleJournal).toBeUndefined();
    expect(s.store.getState().flow.name).toBe('Mine');
    expect(s.store.getState().dirty).toBe(true);
  });

  it('offers a journal made on an older revision beside the server copy instead of dropping it', async () => {
    const { adapter, persistence, rows } = setup({ flow: { ...emptyFlow('f', 'Mine, blocked by a conflict') }, baseRevision: 'r1' });
    const s = await openFlowSession(adapter, persistence, 'f', 'list');
    expect(s.store.getState().flow.name).toBe('Mine, blocked by a conflict');
    expect(s.store.getState().baseRevision).toBe('r1');
    expect(s.staleJournal?.code).toBe('conflict');
    expect(s.staleJournal?.current?.flow.name).toBe('Server copy');
    expect(rows.has('local::f')).toBe(true);
  });

  it('keeps an unreadable journal aside and opens the server copy', async () => {
    const { adapter, persistence, rows } = setup({ flow: { schemaVersion: 99 } as unknown as Flow });
    const s = await openFlowSession(adapter, persistence, 'f', 'list');
    expect(s.store.getState().flow.name).toBe('Server copy');
    expect(s.unreadableJournal?.message).toMatch(/newer Flowbench/);
    expect(rows.get(s.unreadableJournal!.unreadableKey)?.flow).toEqual({ schemaVersion: 99 });
  });

  it('a journal equal to the server copy is simply cleared', async () => {
    const { adapter, persistence, rows } = setup({ baseRevision: 'r1' });
    const s = await openFlowSession(adapter, persistence, 'f', 'list');
    expect(s.recovered).toBe(false);
    expect(rows.has('local::f')).toBe(false);
  });
});
