/**
 * fast-check arbitraries for random flows, shared by the model's property tests (and free for other layers'
 * tests). Test-only: nothing in the app imports this file.
 */
import fc from 'fast-check';
import { emptyFlow, FLOW_SCHEMA_VERSION, type Edge, type Flow, type SourceHandle, type Step, type StepId } from '../flow';
import { edgeId } from '../graph';
import { HANDLES_OF } from '../tree';

interface Shape {
  kind: 'trigger' | 'action' | 'if' | 'loop';
  then?: Shape[];
  else?: Shape[] | undefined;
  body?: Shape[];
}

const shapes = fc.letrec<{ node: Shape; list: Shape[] }>((tie) => ({
  node: fc.oneof(
    { maxDepth: 3, depthSize: 'small' },
    fc.record({ kind: fc.constantFrom('action' as const, 'trigger' as const) }),
    fc.record({
      kind: fc.constant('if' as const),
      then: fc.array(tie('node'), { maxLength: 3 }),
      else: fc.option(fc.array(tie('node'), { maxLength: 3 }), { nil: undefined }),
    }),
    fc.record({ kind: fc.constant('loop' as const), body: fc.array(tie('node'), { maxLength: 3 }) }),
  ),
  list: fc.array(tie('node'), { maxLength: 5 }),
}));

/** Builds a normalised block flow from a shape; ids are `s1`, `s2`, ... in pre-order. */
function buildBlockFlow(list: Shape[], withRefs: boolean): Flow {
  const flow = emptyFlow('flow-1', 'Random flow');
  let n = 0;
  const placed: StepId[] = [];
  const build = (items: Shape[]): StepId[] =>
    items.map((shape) => {
      n += 1;
      const id = `s${n}`;
      const earlier = placed[placed.length - 1];
      placed.push(id);
      const step: Step = {
        id,
        kind: shape.kind,
        type: `core.${shape.kind}`,
        title: `Step ${n}`,
        params: withRefs && earlier ? { text: `value {{steps.${earlier}.out}}`, n } : { n },
      };
      if (n % 3 === 0) step.position = { x: n * 10, y: n * 5 };
      flow.steps[id] = step;
      if (shape.kind === 'if') {
        const then = build(shape.then ?? []);
        step.branches = shape.else === undefined ? { then } : { then, else: build(shape.else) };
      } else if (shape.kind === 'loop') {
        step.branches = { body: build(shape.body ?? []) };
      }
      return id;
    });
  flow.root = build(list);
  return flow;
}

/** Random nested block flows (if with and without else, empty branches, loops, up to depth 3). */
export const blockFlowArb = (opts: { withRefs?: boolean } = {}): fc.Arbitrary<Flow> =>
  shapes.list.map((list) => buildBlockFlow(list, opts.withRefs ?? false));

/** Random acyclic free graphs: edges only go from earlier to later steps, on handles the kind has. */
export const graphFlowArb = (): fc.Arbitrary<Flow> =>
  fc
    .record({
      kinds: fc.array(fc.constantFrom('action' as const, 'if' as const, 'loop' as const), { minLength: 1, maxLength: 8 }),
      picks: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { maxLength: 14 }),
    })
    .map(({ kinds, picks }) => {
      const steps: Record<StepId, Step> = {};
      const ids = kinds.map((kind, i) => {
        const id = `g${i + 1}`;
        steps[id] = { id, kind, type: `core.${kind}`, title: `Node ${i + 1}`, params: {}, position: { x: i * 100, y: 0 } };
        return id;
      });
      const edges: Edge[] = [];
      for (const [a, b, h] of picks) {
        if (ids.length < 2) break;
        const s = a % (ids.length - 1);
        const t = s + 1 + (b % (ids.length - 1 - s));
        const source = ids[s] as StepId;
        const target = ids[t] as StepId;
        const handles: readonly SourceHandle[] = HANDLES_OF[kinds[s] ?? 'action'];
        const handle = handles[h % handles.length] as SourceHandle;
        const id = edgeId(source, handle, target);
        if (!edges.some((e) => e.id === id)) edges.push({ id, source, sourcePort: handle, target, targetPort: 'in' });
      }
      const flow: Flow = {
        ...emptyFlow('graph-1', 'Random graph'),
        schemaVersion: FLOW_SCHEMA_VERSION,
        structure: 'graph',
        steps,
        root: ids,
        edges,
      };
      return flow;
    });

/**
 * Random acyclic free graphs whose steps carry their own ports (like Node-RED nodes with N outputs or Langflow
 * components with typed inputs): edges go from earlier to later steps, from any output to any input, and some
 * carry vendor data.
 */
export const portedGraphFlowArb = (): fc.Arbitrary<Flow> =>
  fc
    .record({
      shapes: fc.array(fc.record({ outs: fc.integer({ min: 0, max: 4 }), ins: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 8 }),
      picks: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat(), fc.boolean()), { maxLength: 14 }),
    })
    .map(({ shapes: nodeShapes, picks }) => {
      const steps: Record<StepId, Step> = {};
      const ids = nodeShapes.map(({ outs, ins }, i) => {
        const id = `n${i + 1}`;
        steps[id] = {
          id,
          kind: 'action',
          type: 'vendor.node',
          title: `Node ${i + 1}`,
          params: { i },
          position: { x: i * 100, y: 0 },
          ports: {
            inputs: Array.from({ length: ins }, (_, k) => ({ id: `in${k}`, types: ['Message'] })),
            outputs: Array.from({ length: outs }, (_, k) => ({ id: String(k), label: { text: `out ${k}` } })),
          },
        };
        return id;
      });
      const edges: Edge[] = [];
      for (const [a, b, p, q, vendor] of picks) {
        if (ids.length < 2) break;
        const s = a % (ids.length - 1);
        const t = s + 1 + (b % (ids.length - 1 - s));
        const source = steps[ids[s] as StepId]!;
        const target = steps[ids[t] as StepId]!;
        const outs = source.ports!.outputs;
        if (outs.length === 0) continue;
        const sourcePort = outs[p % outs.length]!.id;
        const targetPort = target.ports!.inputs[q % target.ports!.inputs.length]!.id;
        const id = edgeId(source.id, sourcePort, target.id, targetPort);
        if (edges.some((e) => e.id === id)) continue;
        const edge: Edge = { id, source: source.id, sourcePort, target: target.id, targetPort };
        if (vendor) edge.extensions = { style: { stroke: '#f00' }, animated: true };
        edges.push(edge);
      }
      const flow: Flow = {
        ...emptyFlow('graph-ports', 'Random ported graph', 'vendor'),
        structure: 'graph',
        steps,
        root: ids,
        edges,
      };
      return flow;
    });
