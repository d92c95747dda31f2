/** Pure helpers over the flat folder list the adapter returns: children, subtrees, paths, visible rows. */
import type { Folder, FlowSummary } from '../../backends/types';

export interface FolderIndex {
  byId: Map<string, Folder>;
  /** Children of a folder id (`null`: top level), in the adapter's order. */
  children: Map<string | null, Folder[]>;
}

export function indexFolders(folders: Folder[]): FolderIndex {
  const byId = new Map(folders.map((f) => [f.id, f]));
  const children = new Map<string | null, Folder[]>();
  for (const f of folders) {
    // A folder whose parent is gone shows at the top level rather than vanishing.
    const parent = f.parentId !== null && byId.has(f.parentId) ? f.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), f]);
  }
  for (const list of children.values()) list.sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
  return { byId, children };
}

/** `id` and every folder below it. */
export function subtreeIds(index: FolderIndex, id: string): string[] {
  const out: string[] = [];
  const stack = [id];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    out.push(next);
    for (const c of index.children.get(next) ?? []) stack.push(c.id);
  }
  return out;
}

/** Folder names from the top level down to `id` (inclusive). */
export function pathOf(index: FolderIndex, id: string | null): Folder[] {
  const out: Folder[] = [];
  const seen = new Set<string>();
  for (let cur = id; cur !== null && !seen.has(cur); ) {
    seen.add(cur);
    const f = index.byId.get(cur);
    if (!f) break;
    out.unshift(f);
    cur = f.parentId;
  }
  return out;
}

export interface TreeRow {
  folder: Folder;
  depth: number;
  hasChildren: boolean;
  expanded: boolean;
  /** 1-based position among its siblings, and how many siblings (aria-posinset / aria-setsize). */
  position: number;
  siblings: number;
}

/** The rows a tree shows: pre-order, children only under expanded folders. */
export function visibleRows(index: FolderIndex, expanded: ReadonlySet<string>): TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (parent: string | null, depth: number) => {
    const list = index.children.get(parent) ?? [];
    list.forEach((folder, i) => {
      const hasChildren = (index.children.get(folder.id)?.length ?? 0) > 0;
      const open = hasChildren && expanded.has(folder.id);
      rows.push({ folder, depth, hasChildren, expanded: open, position: i + 1, siblings: list.length });
      if (open) walk(folder.id, depth + 1);
    });
  };
  walk(null, 0);
  return rows;
}

/** Every folder in pre-order with its depth (the "Move to…" picker lists them all). */
export function allRows(index: FolderIndex): Array<{ folder: Folder; depth: number }> {
  const out: Array<{ folder: Folder; depth: number }> = [];
  const walk = (parent: string | null, depth: number) => {
    for (const folder of index.children.get(parent) ?? []) {
      out.push({ folder, depth });
      walk(folder.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** Whether moving the folders `ids` into `target` would put a folder inside itself. */
export function wouldCycle(index: FolderIndex, ids: string[], target: string | null): boolean {
  if (target === null) return false;
  return ids.some((id) => subtreeIds(index, id).includes(target));
}

/** The flows directly in a folder (`null`: top level), or in it and every subfolder. */
export function flowsIn(index: FolderIndex, flows: FlowSummary[], folderId: string | null, deep: boolean): FlowSummary[] {
  if (!deep) return flows.filter((f) => (f.folderId ?? null) === folderId);
  if (folderId === null) return flows;
  const ids = new Set(subtreeIds(index, folderId));
  return flows.filter((f) => f.folderId !== null && ids.has(f.folderId));
}
