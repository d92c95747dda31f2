import { describe, expect, it } from 'vitest';
import type { Folder, FlowSummary } from '../../backends/types';
import { allRows, flowsIn, indexFolders, pathOf, subtreeIds, visibleRows, wouldCycle } from './folder-tree';

const folder = (id: string, parentId: string | null, order = 0): Folder => ({ id, name: id.toUpperCase(), parentId, order, createdAt: 0, modifiedAt: 0 });
const flow = (id: string, folderId: string | null): FlowSummary => ({
  id,
  name: id,
  description: '',
  folderId,
  tags: [],
  enabled: true,
  favourite: false,
  stepCount: 0,
  modifiedAt: 0,
  revision: 'r1',
});

// a ─ b ─ c
//   └ d
// e, and an orphan whose parent is gone
const folders = [folder('a', null, 0), folder('b', 'a', 0), folder('c', 'b'), folder('d', 'a', 1), folder('e', null, 1), folder('orphan', 'gone', 2)];
const index = indexFolders(folders);

describe('folder tree helpers', () => {
  it('indexes children in order; an orphan shows at the top level', () => {
    expect(index.children.get(null)!.map((f) => f.id)).toEqual(['a', 'e', 'orphan']);
    expect(index.children.get('a')!.map((f) => f.id)).toEqual(['b', 'd']);
  });

  it('walks subtrees and paths', () => {
    expect(subtreeIds(index, 'a').sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(pathOf(index, 'c').map((f) => f.id)).toEqual(['a', 'b', 'c']);
    expect(pathOf(index, null)).toEqual([]);
  });

  it('shows children only under expanded folders, with levels and positions', () => {
    expect(visibleRows(index, new Set()).map((r) => r.folder.id)).toEqual(['a', 'e', 'orphan']);
    const rows = visibleRows(index, new Set(['a', 'b']));
    expect(rows.map((r) => `${r.folder.id}:${r.depth}:${r.position}/${r.siblings}:${r.expanded}`)).toEqual([
      'a:0:1/3:true',
      'b:1:1/2:true',
      'c:2:1/1:false',
      'd:1:2/2:false',
      'e:0:2/3:false',
      'orphan:0:3/3:false',
    ]);
    expect(allRows(index).map((r) => `${r.folder.id}:${r.depth}`)).toEqual(['a:0', 'b:1', 'c:2', 'd:1', 'e:0', 'orphan:0']);
  });

  it('refuses moving a folder into itself or below it', () => {
    expect(wouldCycle(index, ['a'], 'c')).toBe(true);
    expect(wouldCycle(index, ['b'], 'b')).toBe(true);
    expect(wouldCycle(index, ['b'], 'e')).toBe(false);
    expect(wouldCycle(index, ['b'], null)).toBe(false);
  });

  it('lists the flows of a folder, directly or with its subfolders', () => {
    const flows = [flow('f1', 'a'), flow('f2', 'c'), flow('f3', null), flow('f4', 'e')];
    expect(flowsIn(index, flows, 'a', false).map((f) => f.id)).toEqual(['f1']);
    expect(flowsIn(index, flows, 'a', true).map((f) => f.id)).toEqual(['f1', 'f2']);
    expect(flowsIn(index, flows, null, false).map((f) => f.id)).toEqual(['f3']);
    expect(flowsIn(index, flows, null, true)).toHaveLength(4);
  });
});
