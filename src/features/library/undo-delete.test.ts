import { afterEach, describe, expect, it } from 'vitest';
import { createFakeEngine } from '../../backends/local/fake-engine';
import { createLocalAdapter, type LocalAdapter } from '../../backends/local/local-adapter';
import { emptyFlow, type Flow } from '../../model/flow';
import { newId } from '../../model/ids';
import { indexFolders } from './folder-tree';
import { restoreSnapshot, snapshotFlows, snapshotFolder } from './undo-delete';

let n = 0;
let adapter: LocalAdapter;
const open = () => (adapter = createLocalAdapter({ dbName: `undo-delete-${Date.now()}-${n++}`, engine: createFakeEngine() }));
afterEach(() => adapter?.close());

function flowNamed(name: string, title = 'Step'): Flow {
  const f = emptyFlow(newId('flow'), name);
  const id = newId('step');
  f.steps[id] = { id, kind: 'action', type: 'fake.log', title, params: {} };
  f.root = [id];
  return f;
}

async function state(a: LocalAdapter) {
  const folders = await a.listFolders!();
  const byId = new Map(folders.map((f) => [f.id, f]));
  const path = (id: string | null): string => {
    const parts: string[] = [];
    for (let cur = id; cur; cur = byId.get(cur)?.parentId ?? null) parts.unshift(byId.get(cur)?.name ?? '?');
    return parts.join('/');
  };
  const flows = (await a.listFlows({ sortBy: 'name' })).items;
  return {
    folders: folders.map((f) => path(f.id)).sort(),
    flows: flows.map((f) => `${path(f.folderId)}:${f.name}:${f.favourite ? 'fav' : ''}:${f.enabled ? '' : 'off'}`),
  };
}

describe('undo of library deletes', () => {
  it('brings back a deleted folder tree with its flows, flags and versions', async () => {
    const a = open();
    const top = await a.createFolder!('Top', null);
    const sub = await a.createFolder!('Sub', top.id);
    await a.createFolder!('Empty', sub.id);
    const f1 = await a.saveFlow({ flow: flowNamed('One'), folderId: top.id, baseRevision: null });
    const f2 = await a.saveFlow({ flow: flowNamed('Two', 'v1'), folderId: sub.id, baseRevision: null });
    await a.setFlowFavourite!(f1.flow.id, true);
    await a.setFlowEnabled!(f2.flow.id, false);
    await a.publish!(f2.flow.id, { note: 'first' });
    const draft = { ...f2.flow, steps: Object.fromEntries(Object.entries(f2.flow.steps).map(([k, s]) => [k, { ...s, title: 'v2' }])) };
    await a.saveFlow({ flow: draft, baseRevision: f2.summary.revision });
    await a.createVersion!(f2.flow.id, { note: 'named', name: 'v2' });
    const before = await state(a);

    const index = indexFolders(await a.listFolders!());
    const snap = await snapshotFolder(a, index, (await a.listFlows()).items, top.id, 'delete');
    await a.deleteFolder!(top.id, { mode: 'delete' });
    expect((await state(a)).flows).toEqual([]);

    await restoreSnapshot(a, snap);
    expect(await state(a)).toEqual(before);
    const back = await a.getFlow(f2.flow.id);
    expect(Object.values(back.flow.steps)[0]!.title).toBe('v2');
    expect(back.summary.published).toBeTruthy();
    expect(back.summary.draftDiffersFromPublished).toBe(true);
    const versions = await a.listVersions!(f2.flow.id);
    expect(versions.map((v) => [v.note, v.name ?? '', v.published])).toEqual([
      ['named', 'v2', false],
      ['first', '', true],
    ]);
  });

  it('undoes "move contents to parent" by putting the folder back around them', async () => {
    const a = open();
    const top = await a.createFolder!('Top', null);
    const mid = await a.createFolder!('Mid', top.id);
    await a.createFolder!('Child', mid.id);
    await a.saveFlow({ flow: flowNamed('Inside'), folderId: mid.id, baseRevision: null });
    const before = await state(a);
    const index = indexFolders(await a.listFolders!());
    const snap = await snapshotFolder(a, index, (await a.listFlows()).items, mid.id, 'move');
    await a.deleteFolder!(mid.id, { mode: 'move', moveTo: top.id });
    expect((await state(a)).flows).toEqual(['Top:Inside::']);
    await restoreSnapshot(a, snap);
    expect(await state(a)).toEqual(before);
  });

  it('brings back deleted flows where they were', async () => {
    const a = open();
    const folder = await a.createFolder!('Here', null);
    const x = await a.saveFlow({ flow: flowNamed('X'), folderId: folder.id, baseRevision: null });
    const y = await a.saveFlow({ flow: flowNamed('Y'), folderId: null, baseRevision: null });
    const before = await state(a);
    const summaries = (await a.listFlows()).items;
    const snap = await snapshotFlows(a, summaries);
    await a.deleteFlow(x.flow.id);
    await a.deleteFlow(y.flow.id);
    expect(await restoreSnapshot(a, snap)).toEqual(expect.arrayContaining([x.flow.id, y.flow.id]));
    expect(await state(a)).toEqual(before);
    expect((await a.getFlow(x.flow.id)).flow).toEqual(x.flow);
  });
});
