import { describe, expect, it } from 'vitest';
import { emptyFlow, type Flow } from '../../model/flow';
import { BackendError, type FlowSummary, type SavedFlow } from '../types';
import { landedCreates, sameDocument, type LandedLookup } from './landed-create';

/** A server that assigns ids; `cut` makes the next create land and then lose its answer. */
function fakeServer() {
  const stored = new Map<string, Flow>();
  let seq = 0;
  let cut = false;
  const savedOf = (flow: Flow): SavedFlow => ({ flow, summary: { id: flow.id, name: flow.name, revision: '1' } as FlowSummary });
  const lookup: LandedLookup = {
    listFlows: async (q) => {
      const items = [...stored.values()].filter((f) => !q?.search || f.name.includes(q.search)).map((f) => savedOf(f).summary);
      return { items, total: items.length, offset: 0, limit: items.length };
    },
    getFlow: async (id) => savedOf(stored.get(id)!),
  };
  const send = (flow: Flow) => async (): Promise<SavedFlow> => {
    const id = `srv${++seq}`;
    stored.set(id, { ...structuredClone(flow), id });
    if (cut) {
      cut = false;
      throw new BackendError('network', 'answer cut');
    }
    return savedOf(stored.get(id)!);
  };
  return { stored, lookup, send, cutNext: () => (cut = true) };
}

describe('landedCreates', () => {
  it('recognises a create whose answer was cut instead of making a second flow', async () => {
    const s = fakeServer();
    const create = landedCreates(() => s.lookup);
    const flow = emptyFlow('client-1', 'Report');
    s.cutNext();
    const got = await create(flow, s.send(flow));
    expect(got.flow.id).toBe('srv1');
    expect(s.stored.size).toBe(1);
  });

  it('when the lookup fails too, the error stands and the next create looks first', async () => {
    const s = fakeServer();
    let lookupDown = true;
    const create = landedCreates(() => ({
      listFlows: (q) => (lookupDown ? Promise.reject(new BackendError('network', 'down')) : s.lookup.listFlows(q)),
      getFlow: s.lookup.getFlow,
    }));
    const flow = emptyFlow('client-1', 'Report');
    s.cutNext();
    await expect(create(flow, s.send(flow))).rejects.toMatchObject({ code: 'network' });
    lookupDown = false;
    expect((await create(flow, s.send(flow))).flow.id).toBe('srv1');
    expect(s.stored.size).toBe(1);
  });

  it('never takes a flow another create here already returned, nor one with a different document', async () => {
    const s = fakeServer();
    const create = landedCreates(() => s.lookup);
    const first = emptyFlow('client-1', 'Same');
    await create(first, s.send(first));
    const other = { ...emptyFlow('client-2', 'Same'), description: 'different' };
    await create(other, s.send(other));
    expect(s.stored.size).toBe(2);
    const twin = emptyFlow('client-3', 'Same');
    s.cutNext();
    expect((await create(twin, s.send(twin))).flow.id).toBe('srv3');
  });

  it('compares documents whatever their key order, ids aside', () => {
    const a = emptyFlow('a', 'X');
    const b = Object.fromEntries(Object.entries({ ...a, id: 'b' }).reverse()) as unknown as Flow;
    expect(sameDocument(a, b)).toBe(true);
    expect(sameDocument(a, { ...b, name: 'Y' })).toBe(false);
  });
});
