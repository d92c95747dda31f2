/**
 * Initial positions for steps that have none: a small deterministic layered layout (Sugiyama-style, much
 * simplified) computed from the graph edges, so a block flow built in the list view shows as a top-to-bottom
 * flowchart with the branches of an if (and a loop's body beside what follows it) side by side.
 *
 * Why not elkjs here: it is lazy (never in the first bundle) and asynchronous, and the first paint must not
 * wait for it. This layout is O(steps + edges + dummies) and synchronous; elk is the "Auto-layout" button.
 *
 * Coordinates are in grid units (column, layer) until `toPixels`.
 */
import type { Position, SourceHandle } from '../../model/flow';

export interface LayoutEdge {
  source: string;
  sourcePort: SourceHandle | string;
  target: string;
}

export interface LayoutOptions {
  /** Horizontal distance between column origins, in px. */
  columnGap: number;
  /** Vertical distance between layer origins, in px. */
  layerGap: number;
}

export const DEFAULT_LAYOUT: LayoutOptions = { columnGap: 260, layerGap: 120 };

/** Left-to-right order of a step's outlets: then before else, loop body before what follows the loop. */
const HANDLE_RANK: Record<string, number> = { true: 0, body: 0, out: 1, false: 2, after: 2 };

interface Vertex {
  /** Real step id, or null for a dummy vertex standing for a long edge crossing this layer. */
  id: string | null;
  layer: number;
  /** Vertices this one hangs under (one layer up). */
  parents: number[];
  /** Tie-breakers: the parent's order and the outlet taken from it, then discovery order. */
  handleRank: number;
  order: number;
  x: number;
}

export interface LayeredLayout {
  /** Top-left position of each step, px. */
  positions: Map<string, Position>;
  /** Steps in an order where (non-back-edge) predecessors come first. */
  topoOrder: string[];
}

/**
 * Lays out `ids` (in document order; the order breaks ties) connected by `edges`. Edges to unknown ids are
 * ignored; back edges (cycles in a free graph) are ignored for layering.
 */
export function layeredLayout(ids: readonly string[], edges: readonly LayoutEdge[], opts: LayoutOptions = DEFAULT_LAYOUT): LayeredLayout {
  const index = new Map<string, number>();
  ids.forEach((id) => {
    if (!index.has(id)) index.set(id, index.size);
  });
  const n = index.size;
  const nodeIds = [...index.keys()];
  const out: Array<Array<{ to: number; rank: number }>> = Array.from({ length: n }, () => []);
  const indegree = new Int32Array(n);
  for (const e of edges) {
    const s = index.get(e.source);
    const t = index.get(e.target);
    if (s === undefined || t === undefined || s === t) continue;
    out[s]!.push({ to: t, rank: HANDLE_RANK[e.sourcePort] ?? 1 });
    indegree[t]! += 1;
  }
  for (const list of out) list.sort((a, b) => a.rank - b.rank);

  // Depth-first from the entries (then from whatever a cycle left unvisited): discovery order for tie-breaks,
  // back edges (to a vertex still on the stack) dropped, post-order reversed = a topological order.
  const state = new Uint8Array(n); // 0 new, 1 on stack, 2 done
  const discovery = new Int32Array(n);
  const post: number[] = [];
  const forward: Array<Array<{ to: number; rank: number }>> = Array.from({ length: n }, () => []);
  let discovered = 0;
  const visit = (start: number) => {
    const stack: Array<{ v: number; next: number }> = [{ v: start, next: 0 }];
    state[start] = 1;
    discovery[start] = discovered++;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const edgesOut = out[top.v]!;
      if (top.next < edgesOut.length) {
        const e = edgesOut[top.next++]!;
        if (state[e.to] === 1) continue; // back edge
        forward[top.v]!.push(e);
        if (state[e.to] === 0) {
          state[e.to] = 1;
          discovery[e.to] = discovered++;
          stack.push({ v: e.to, next: 0 });
        }
      } else {
        state[top.v] = 2;
        post.push(top.v);
        stack.pop();
      }
    }
  };
  for (let v = 0; v < n; v++) if (indegree[v] === 0 && state[v] === 0) visit(v);
  for (let v = 0; v < n; v++) if (state[v] === 0) visit(v);
  const topo = post.reverse();

  // Longest-path layering over forward edges.
  const layer = new Int32Array(n);
  for (const v of topo) for (const e of forward[v]!) if (layer[e.to]! < layer[v]! + 1) layer[e.to] = layer[v]! + 1;

  // Vertices: one per step, plus a chain of dummies for each edge spanning more than one layer, so a branch
  // that skips ahead (an if without else) gets its own lane instead of running over the other branch.
  const vertices: Vertex[] = [];
  const vertexOf = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    vertexOf[v] = vertices.length;
    vertices.push({ id: nodeIds[v]!, layer: layer[v]!, parents: [], handleRank: 1, order: discovery[v]!, x: 0 });
  }
  for (const v of topo) {
    for (const e of forward[v]!) {
      let parent = vertexOf[v]!;
      for (let l = layer[v]! + 1; l < layer[e.to]!; l++) {
        const dummy = vertices.length;
        vertices.push({ id: null, layer: l, parents: [parent], handleRank: e.rank, order: discovery[v]!, x: 0 });
        parent = dummy;
      }
      const target = vertices[vertexOf[e.to]!]!;
      if (target.parents.length === 0) target.handleRank = e.rank;
      target.parents.push(parent);
    }
  }

  const layers: number[][] = [];
  vertices.forEach((vx, i) => (layers[vx.layer] ??= []).push(i));

  // Columns, layer by layer: each vertex wants to sit under the mean of its parents; order by that wish,
  // then by the parent's column and outlet; push right to keep one column between neighbours; then shift the
  // layer so that, on average, vertices sit where they wanted to.
  const pref = new Float64Array(vertices.length);
  const firstParentX = new Float64Array(vertices.length);
  for (const layerVertices of layers) {
    if (!layerVertices) continue;
    for (const i of layerVertices) {
      const vx = vertices[i]!;
      if (vx.parents.length === 0) {
        pref[i] = 0;
        firstParentX[i] = 0;
      } else {
        let sum = 0;
        for (const p of vx.parents) sum += vertices[p]!.x;
        pref[i] = sum / vx.parents.length;
        firstParentX[i] = vertices[vx.parents[0]!]!.x;
      }
    }
    layerVertices.sort(
      (a, b) =>
        pref[a]! - pref[b]! ||
        firstParentX[a]! - firstParentX[b]! ||
        vertices[a]!.handleRank - vertices[b]!.handleRank ||
        vertices[a]!.order - vertices[b]!.order ||
        a - b,
    );
    let prev = -Infinity;
    let shift = 0;
    for (const i of layerVertices) {
      const x = Math.max(pref[i]!, prev + 1);
      vertices[i]!.x = x;
      prev = x;
      shift += pref[i]! - x;
    }
    shift /= layerVertices.length;
    for (const i of layerVertices) vertices[i]!.x += shift;
  }

  const positions = new Map<string, Position>();
  for (let v = 0; v < n; v++) {
    const vx = vertices[vertexOf[v]!]!;
    positions.set(nodeIds[v]!, { x: Math.round(vx.x * opts.columnGap), y: vx.layer * opts.layerGap });
  }
  return { positions, topoOrder: topo.map((v) => nodeIds[v]!) };
}

/**
 * Where every step shows: its own position when it has one; otherwise its automatic position. In a flow
 * where some steps were placed by hand, an unplaced step keeps its automatic offset from a placed neighbour
 * (predecessor first, else successor), so a step added in the list appears next to where it belongs rather
 * than at the automatic layout's origin.
 */
export function resolvePositions(
  ids: readonly string[],
  explicit: (id: string) => Position | undefined,
  layout: LayeredLayout,
  edges: readonly LayoutEdge[],
): Map<string, Position> {
  const resolved = new Map<string, Position>();
  const missing: string[] = [];
  for (const id of ids) {
    const p = explicit(id);
    if (p) resolved.set(id, p);
    else missing.push(id);
  }
  if (missing.length === 0) return resolved;
  if (resolved.size === 0) {
    for (const id of ids) resolved.set(id, layout.positions.get(id) ?? { x: 0, y: 0 });
    return resolved;
  }
  const preds = new Map<string, string[]>();
  const succs = new Map<string, string[]>();
  for (const e of edges) {
    (preds.get(e.target) ?? preds.set(e.target, []).get(e.target)!).push(e.source);
    (succs.get(e.source) ?? succs.set(e.source, []).get(e.source)!).push(e.target);
  }
  const auto = (id: string) => layout.positions.get(id) ?? { x: 0, y: 0 };
  const relativeTo = (id: string, anchor: string): Position | undefined => {
    const a = resolved.get(anchor);
    if (!a) return undefined;
    const mine = auto(id);
    const theirs = auto(anchor);
    return { x: a.x + mine.x - theirs.x, y: a.y + mine.y - theirs.y };
  };
  const missingSet = new Set(missing);
  // Predecessors first, in topological order, so chains of new steps hang under their placed ancestor.
  for (const id of layout.topoOrder) {
    if (!missingSet.has(id)) continue;
    for (const p of preds.get(id) ?? []) {
      const pos = relativeTo(id, p);
      if (pos) {
        resolved.set(id, pos);
        missingSet.delete(id);
        break;
      }
    }
  }
  for (const id of [...layout.topoOrder].reverse()) {
    if (!missingSet.has(id)) continue;
    for (const s of succs.get(id) ?? []) {
      const pos = relativeTo(id, s);
      if (pos) {
        resolved.set(id, pos);
        missingSet.delete(id);
        break;
      }
    }
  }
  if (missingSet.size > 0) {
    // Unconnected newcomers: to the right of everything, at their automatic height.
    let maxX = -Infinity;
    for (const p of resolved.values()) maxX = Math.max(maxX, p.x);
    let minAutoX = Infinity;
    for (const id of missingSet) minAutoX = Math.min(minAutoX, auto(id).x);
    for (const id of missingSet) {
      const a = auto(id);
      resolved.set(id, { x: maxX + DEFAULT_LAYOUT.columnGap + a.x - minAutoX, y: a.y });
    }
  }
  return resolved;
}
