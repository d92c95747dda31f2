/**
 * The baseline page's driver (`window.__baseline`), loaded lazily after the first render: builds React
 * Flow nodes/edges for a fixture with the app's geometry and first-view rule, and exposes the shared
 * measurement helpers.
 */
import type { Edge, Node } from '@xyflow/react';
import type { Flow, StepId } from '../../src/model/flow';
import { deriveEdges } from '../../src/model/graph';
import { layeredLayout } from '../../src/features/canvas/layout';
import { NODE_HEIGHT, NODE_WIDTH } from '../../src/features/canvas/node-geometry';
import { fixtureFlow, type FixtureSpec } from '../fixtures/flows';
import * as measure from '../page/measure';
import type { BaselineScene } from './main';

/** Same rules as the canvas (CanvasView's first view). */
const READABLE_ZOOM = 0.45;
const PADDING = 0.15;

function preorder(flow: Flow): StepId[] {
  if (flow.structure === 'graph') return flow.root.filter((id) => id in flow.steps);
  const out: StepId[] = [];
  const walk = (list: readonly StepId[]) => {
    for (const id of list) {
      out.push(id);
      const b = flow.steps[id]?.branches;
      if (b) for (const name of ['then', 'else', 'body'] as const) walk(b[name] ?? []);
    }
  };
  walk(flow.root);
  return out;
}

export function sceneOf(flow: Flow, width: number, height: number): BaselineScene {
  const order = preorder(flow);
  const modelEdges = deriveEdges(flow);
  // Placed flows (the free-graph fixture) keep their places, as the app shows them; others are laid out.
  const placed = order.every((id) => flow.steps[id]!.position);
  const positions = placed
    ? new Map(order.map((id) => [id, flow.steps[id]!.position!]))
    : layeredLayout(order, modelEdges).positions;
  const nodes: Node[] = order.map((id) => ({
    id,
    position: positions.get(id) ?? { x: 0, y: 0 },
    data: { label: flow.steps[id]!.title || flow.steps[id]!.type },
    width: NODE_WIDTH,
    height: NODE_HEIGHT,
  }));
  const edges: Edge[] = modelEdges.map((e) => ({ id: e.id, source: e.source, target: e.target }));
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of positions.values()) {
    minX = Math.min(minX, p.x);
    minY = Math.min(minY, p.y);
    maxX = Math.max(maxX, p.x + NODE_WIDTH);
    maxY = Math.max(maxY, p.y + NODE_HEIGHT);
  }
  const fitZoom = Math.min(
    width / ((maxX - minX) * (1 + 2 * PADDING)),
    height / ((maxY - minY) * (1 + 2 * PADDING)),
  );
  const anchor = positions.get(order[0]!) ?? { x: 0, y: 0 };
  const zoom = 0.8;
  const viewport =
    fitZoom >= READABLE_ZOOM
      ? null
      : { x: width / 2 - (anchor.x + NODE_WIDTH / 2) * zoom, y: 48 - minY * zoom, zoom };
  return { key: `${flow.id}-${Date.now()}`, nodes, edges, viewport, width, height };
}

function makeApi(show: (scene: BaselineScene | null) => void) {
  let prepared: Flow | null = null;
  return {
    ready: true,
    measure,
    /** Generates the fixture (not timed). */
    prepare(spec: FixtureSpec) {
      prepared = fixtureFlow(spec);
      return { id: prepared.id, steps: Object.keys(prepared.steps).length };
    },
    /** Opens the prepared flow in a box of the app canvas's size; returns the start time. */
    open(width: number, height: number): number {
      if (!prepared) throw new Error('prepare() first');
      const t0 = performance.now();
      show(sceneOf(prepared, width, height));
      return t0;
    },
    close() {
      show(null);
    },
  };
}

export type BaselineApi = ReturnType<typeof makeApi>;

export function install(show: (scene: BaselineScene | null) => void): void {
  (window as unknown as { __baseline: BaselineApi }).__baseline = makeApi(show);
}
