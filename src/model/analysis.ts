/**
 * One shared index of a flow's order and reachability, for everything that asks "which steps run before
 * this one" (checklist, validation, reference pickers, code typings, test samples).
 *
 * Why: these questions used to be answered one step at a time, each answer walking the whole graph (and
 * the topological sort itself was quadratic), so a 1,000-node free graph spent seconds in the checklist.
 * Here a full build is O(steps + edges) for the order and O(edges × steps / 32) word operations for the
 * ancestor bitsets, done once per structure, and cached by the identity of what it reads (`edges` and
 * `root` for graphs, `root` and every block's branch lists for blocks) — so a drag, which changes only
 * positions, or a keystroke in a param, which changes one step's params, reuses it untouched.
 */
import type { Flow, StepId } from './flow';
import { slotIndex } from './tree';

export interface FlowIndex {
  /** Graph flows: topological order (ties and cycles broken by `root` position). */
  order: readonly StepId[];
  /** `target` runs before `id` (its outputs exist when `id` runs), with `stepsBefore`'s meaning. */
  runsBefore(id: StepId, target: StepId): boolean;
}

/**
 * Topological order in O(steps + edges): ready steps are taken in `root` order (a binary heap by rank); when
 * nothing is ready (a cycle, which foreign graphs may have) the earliest remaining step is taken.
 */
export function topologicalOrderOf(flow: Pick<Flow, 'root' | 'steps' | 'edges'>): StepId[] {
  const rank = new Map<StepId, number>();
  const ids: StepId[] = [];
  for (const id of flow.root) {
    if (flow.steps[id] && !rank.has(id)) {
      rank.set(id, ids.length);
      ids.push(id);
    }
  }
  const n = ids.length;
  const indegree = new Int32Array(n);
  const targets: number[][] = Array.from({ length: n }, () => []);
  for (const e of flow.edges) {
    const s = rank.get(e.source);
    const t = rank.get(e.target);
    if (s === undefined || t === undefined) continue;
    indegree[t]! += 1;
    targets[s]!.push(t);
  }
  const heap = new MinHeap();
  for (let i = 0; i < n; i++) if (indegree[i] === 0) heap.push(i);
  const done = new Uint8Array(n);
  const order: StepId[] = [];
  let scan = 0;
  while (order.length < n) {
    let next = heap.pop();
    while (next !== undefined && done[next]) next = heap.pop();
    if (next === undefined) {
      while (scan < n && done[scan]) scan++;
      if (scan >= n) break;
      next = scan;
    }
    done[next] = 1;
    order.push(ids[next]!);
    for (const t of targets[next]!) {
      indegree[t]! -= 1;
      if (indegree[t] === 0 && !done[t]) heap.push(t);
    }
  }
  return order;
}

class MinHeap {
  private readonly a: number[] = [];
  push(v: number): void {
    const a = this.a;
    a.push(v);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]! <= v) break;
      a[i] = a[p]!;
      i = p;
    }
    a[i] = v;
  }
  pop(): number | undefined {
    const a = this.a;
    if (a.length === 0) return undefined;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const r = l + 1;
        const c = r < a.length && a[r]! < a[l]! ? r : l;
        if (a[c]! >= last) break;
        a[i] = a[c]!;
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}

/** Above this many steps the ancestor bitsets (steps² bits) are replaced by a walk per asking step. */
const BITSET_LIMIT = 12_000;

function graphIndex(flow: Flow): FlowIndex {
  const order = topologicalOrderOf(flow);
  const pos = new Map<StepId, number>();
  order.forEach((id, i) => pos.set(id, i));
  const n = order.length;
  const parents: number[][] = Array.from({ length: n }, () => []);
  for (const e of flow.edges) {
    const s = pos.get(e.source);
    const t = pos.get(e.target);
    if (s !== undefined && t !== undefined && s !== t) parents[t]!.push(s);
  }
  if (n <= BITSET_LIMIT) {
    // Ancestors as bitsets, built lazily per asked step with memoised recursion over parents. Cycles: a step
    // on a cycle sees what was computed when the walk first reached it (every ancestor the walk finishes).
    const words = (n + 31) >>> 5;
    const sets: Array<Uint32Array | undefined> = new Array(n);
    const inProgress = new Uint8Array(n);
    const ancestors = (root: number): Uint32Array => {
      const hit = sets[root];
      if (hit) return hit;
      // Iterative post-order so deep chains cannot overflow the stack.
      const stack: Array<[number, number]> = [[root, 0]];
      inProgress[root] = 1;
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        const [v, k] = top;
        const ps = parents[v]!;
        if (k < ps.length) {
          top[1] = k + 1;
          const p = ps[k]!;
          if (!sets[p] && !inProgress[p]) {
            inProgress[p] = 1;
            stack.push([p, 0]);
          }
          continue;
        }
        stack.pop();
        const set = new Uint32Array(words);
        for (const p of ps) {
          set[p >>> 5]! |= 1 << (p & 31);
          const ps2 = sets[p];
          if (ps2) for (let w = 0; w < words; w++) set[w]! |= ps2[w]!;
        }
        set[v >>> 5]! &= ~(1 << (v & 31));
        sets[v] = set;
        inProgress[v] = 0;
      }
      return sets[root]!;
    };
    return {
      order,
      runsBefore(id, target) {
        const a = pos.get(id);
        const b = pos.get(target);
        if (a === undefined || b === undefined || a === b) return false;
        const set = ancestors(a);
        return (set[b >>> 5]! & (1 << (b & 31))) !== 0;
      },
    };
  }
  const cache = new Map<number, Set<number>>();
  return {
    order,
    runsBefore(id, target) {
      const a = pos.get(id);
      const b = pos.get(target);
      if (a === undefined || b === undefined || a === b) return false;
      let seen = cache.get(a);
      if (!seen) {
        seen = new Set();
        const stack = [...parents[a]!];
        while (stack.length > 0) {
          const v = stack.pop()!;
          if (seen.has(v) || v === a) continue;
          seen.add(v);
          for (const p of parents[v]!) stack.push(p);
        }
        cache.set(a, seen);
      }
      return seen.has(b);
    },
  };
}

function blockIndex(flow: Flow): FlowIndex {
  const slots = slotIndex(flow);
  const chains = new Map<StepId, StepId[] | null>();
  // Ancestors from the top level down to the step itself. A parent is always visited before its children,
  // so the chain walks up a tree, never a loop.
  const chainOf = (id: StepId): StepId[] | null => {
    const hit = chains.get(id);
    if (hit !== undefined) return hit;
    const slot = slots.get(id);
    let chain: StepId[] | null = null;
    if (slot) {
      chains.set(id, null); // a malformed tree that loops reads as "not placed"
      const up = slot.parent === null ? [] : chainOf(slot.parent);
      chain = up ? [...up, id] : null;
    }
    chains.set(id, chain);
    return chain;
  };
  return {
    order: [],
    runsBefore(id, target) {
      if (id === target) return false;
      const mine = chainOf(id);
      const theirs = chainOf(target);
      if (!mine || !theirs) return false;
      let k = 0;
      while (k < mine.length && k < theirs.length && mine[k] === theirs[k]) k++;
      // The target encloses the step (an if or loop around it): it runs first.
      if (k === theirs.length) return true;
      // The target is nested inside the step, or they part ways: same list → earlier index runs first;
      // different branches of one if → only one of them runs.
      if (k === mine.length) return false;
      const a = slots.get(theirs[k] as StepId);
      const b = slots.get(mine[k] as StepId);
      return !!a && !!b && a.branch === b.branch && a.index < b.index;
    },
  };
}

interface CacheEntry {
  root: Flow['root'];
  /** Blocks: every step's `branches` object, by step id, at build time. */
  branches: Map<StepId, unknown> | null;
  index: FlowIndex;
}

// Keyed by the structure's own arrays, so any flow object sharing them (a drag, a param edit) hits.
const graphCache = new WeakMap<Flow['edges'], CacheEntry>();
const blockCache = new WeakMap<Flow['root'], CacheEntry>();

function sameBranches(flow: Flow, recorded: Map<StepId, unknown>): boolean {
  let count = 0;
  for (const id in flow.steps) {
    const b = flow.steps[id]!.branches;
    if (b === undefined) continue;
    count++;
    if (recorded.get(id) !== b) return false;
  }
  return count === recorded.size;
}

/** The shared index of a flow's structure; cheap to call on every render. */
export function flowIndex(flow: Flow): FlowIndex {
  if (flow.structure === 'graph') {
    const hit = graphCache.get(flow.edges);
    if (hit && hit.root === flow.root) return hit.index;
    const index = graphIndex(flow);
    graphCache.set(flow.edges, { root: flow.root, branches: null, index });
    return index;
  }
  const hit = blockCache.get(flow.root);
  if (hit && hit.branches && sameBranches(flow, hit.branches)) return hit.index;
  const branches = new Map<StepId, unknown>();
  for (const id in flow.steps) {
    const b = flow.steps[id]!.branches;
    if (b !== undefined) branches.set(id, b);
  }
  const index = blockIndex(flow);
  blockCache.set(flow.root, { root: flow.root, branches, index });
  return index;
}
