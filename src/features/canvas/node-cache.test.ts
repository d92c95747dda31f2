import { describe, expect, it } from 'vitest';
import { setPositions } from '../../model';
import { emptyFlow, type Edge, type Flow, type Position } from '../../model/flow';
import { step } from '../../model/testing/fixtures';
import { EdgeCache, NodeCache, type NodeBuildInput } from './node-cache';

function flowOf(n: number): Flow {
  const flow = emptyFlow('f', 'F');
  for (let i = 0; i < n; i++) {
    const id = `s${i}`;
    flow.steps[id] = step(id, 'action', { position: { x: 0, y: i * 100 } });
    flow.root.push(id);
  }
  return flow;
}

const label = (s: { title: string }) => s.title;

function input(flow: Flow, extra: Partial<NodeBuildInput> = {}): NodeBuildInput {
  return {
    ids: flow.root,
    steps: flow.steps,
    notes: flow.notes,
    positionOf: (id) => flow.steps[id]?.position as Position,
    selected: new Set(),
    selectedNotes: new Set(),
    measured: new Map(),
    ariaLabel: label,
    ...extra,
  };
}

describe('NodeCache', () => {
  it('reuses every other node object when one step moves', () => {
    const cache = new NodeCache();
    const flow = flowOf(100);
    const before = cache.build(input(flow));
    const moved = setPositions(flow, { s42: { x: 300, y: 10 } });
    const after = cache.build(input(moved));
    expect(after).not.toBe(before);
    expect(after).toHaveLength(100);
    for (let i = 0; i < 100; i++) {
      if (i === 42) continue;
      expect(after[i]).toBe(before[i]);
    }
    expect(after[42]).not.toBe(before[42]);
    expect(after[42]!.position).toEqual({ x: 300, y: 10 });
    // data is stable by identity even for the moved node
    expect(after[42]!.data).toBe(before[42]!.data);
  });

  it('returns the very same array when nothing changed', () => {
    const cache = new NodeCache();
    const flow = flowOf(10);
    const a = cache.build(input(flow));
    // A record change that does not show (a param) keeps the node object: the node reads its record itself.
    const edited = { ...flow, steps: { ...flow.steps, s3: { ...flow.steps.s3!, params: { x: 1 } } } };
    expect(cache.build(input(edited))).toBe(a);
  });

  it('rebuilds only nodes whose selection, size or label changed', () => {
    const cache = new NodeCache();
    const flow = flowOf(5);
    const a = cache.build(input(flow));
    const b = cache.build(input(flow, { selected: new Set(['s1']) }));
    expect(b[1]!.selected).toBe(true);
    expect(b.filter((n, i) => n !== a[i]).map((n) => n.id)).toEqual(['s1']);
    const c = cache.build(input(flow, { selected: new Set(['s1']), measured: new Map([['s2', { width: 220, height: 60 }]]) }));
    expect(c.filter((n, i) => n !== b[i]).map((n) => n.id)).toEqual(['s2']);
    expect(c[2]!.measured).toEqual({ width: 220, height: 60 });
    const renamed = { ...flow, steps: { ...flow.steps, s4: { ...flow.steps.s4!, title: 'Renamed' } } };
    const d = cache.build(input(renamed, { selected: new Set(['s1']), measured: new Map([['s2', c[2]!.measured!]]) }));
    expect(d.filter((n, i) => n !== c[i]).map((n) => n.id)).toEqual(['s4']);
    expect(d[4]!.ariaLabel).toBe('Renamed');
  });

  it('gives unmeasured nodes estimated handles and a size, so React Flow need not render them to draw edges', () => {
    const cache = new NodeCache();
    const flow = flowOf(2);
    const [a] = cache.build(input(flow));
    expect(a!.initialWidth).toBe(220);
    expect(a!.handles?.map((h) => `${h.type}:${h.id}`)).toEqual(['source:out', 'target:in']);
    const [b] = cache.build(input(flow, { measured: new Map([['s0', { width: 220, height: 64 }]]) }));
    expect(b!.handles).toBeUndefined();
    expect(b!.measured).toEqual({ width: 220, height: 64 });
  });

  it('drops removed steps and adds notes as their own nodes', () => {
    const cache = new NodeCache();
    const flow = flowOf(3);
    cache.build(input(flow));
    const smaller: Flow = {
      ...flow,
      root: ['s0', 's2'],
      steps: { s0: flow.steps.s0!, s2: flow.steps.s2! },
      notes: [{ id: 'n1', text: 'hi', position: { x: 5, y: 5 } }],
    };
    const nodes = cache.build(input(smaller));
    expect(nodes.map((n) => n.id)).toEqual(['note:n1', 's0', 's2']);
    expect(nodes[0]!.type).toBe('note');
  });
});

describe('EdgeCache', () => {
  const edges: Edge[] = [
    { id: 'a:out->b', source: 'a', sourcePort: 'out', target: 'b', targetPort: 'in' },
    { id: 'b:true->c', source: 'b', sourcePort: 'true', target: 'c', targetPort: 'in' },
  ];
  const edgeLabel = (e: Edge) => e.sourcePort;

  it('returns the same array for the same inputs and reuses unchanged edges', () => {
    const cache = new EdgeCache();
    const none = new Set<string>();
    const a = cache.build({ edges, selected: none, ariaLabel: edgeLabel });
    expect(cache.build({ edges, selected: none, ariaLabel: edgeLabel })).toBe(a);
    // Re-derived (new objects, same content): same output.
    const rederived = edges.map((e) => ({ ...e }));
    expect(cache.build({ edges: rederived, selected: none, ariaLabel: edgeLabel })).toBe(a);
    const b = cache.build({ edges: rederived, selected: new Set(['b:true->c']), ariaLabel: edgeLabel });
    expect(b[0]).toBe(a[0]);
    expect(b[1]).not.toBe(a[1]);
    expect(b[1]!.selected).toBe(true);
    expect(b[1]!.sourceHandle).toBe('true');
  });
});
