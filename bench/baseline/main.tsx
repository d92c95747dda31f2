/**
 * The baseline: bare React Flow with default nodes and edges, controlled the way React Flow's own examples
 * do it (`useNodesState`/`useEdgesState`), with `onlyRenderVisibleElements` like the app's canvas, in a box
 * the size of the app's canvas. It renders the same fixture at the same positions (the app's automatic
 * layout) and opens it at the same first viewport, so the two pages show the same nodes.
 *
 * First load is only React, React DOM, React Flow and this file: the harness (fixtures, layout,
 * measurement) is a lazy chunk, loaded before anything is measured.
 */
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import {
  Background,
  BackgroundVariant,
  ReactFlow,
  ReactFlowProvider,
  useEdgesState,
  useNodesState,
  type Edge,
  type Node,
  type Viewport,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';

export interface BaselineScene {
  key: string;
  nodes: Node[];
  edges: Edge[];
  /** The first viewport, or null to fit the view (small flows). */
  viewport: Viewport | null;
  width: number;
  height: number;
}

let show: (scene: BaselineScene | null) => void = () => {};

function Flow({ scene }: { scene: BaselineScene }) {
  const [nodes, , onNodesChange] = useNodesState(scene.nodes);
  const [edges, , onEdgesChange] = useEdgesState(scene.edges);
  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onlyRenderVisibleElements
      minZoom={0.05}
      maxZoom={2}
      {...(scene.viewport
        ? { defaultViewport: scene.viewport }
        : { fitView: true, fitViewOptions: { padding: 0.15, maxZoom: 1 } })}
    >
      <Background variant={BackgroundVariant.Dots} gap={16} size={1} />
    </ReactFlow>
  );
}

function Page() {
  const [scene, setScene] = useState<BaselineScene | null>(null);
  useEffect(() => {
    show = setScene;
  }, []);
  if (!scene) return <p>baseline: no flow</p>;
  return (
    <div id="frame" data-testid="canvas" style={{ width: scene.width, height: scene.height }}>
      <ReactFlowProvider key={scene.key}>
        <Flow scene={scene} />
      </ReactFlowProvider>
    </div>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Page />
  </StrictMode>,
);

void import('./harness').then((m) => m.install((scene) => show(scene)));
