/**
 * The diff as a read-only graph (React Flow, loaded lazily): one node per step of either side, coloured and
 * marked by what happened to it, edges marked added (solid, green) or removed (dashed, red). Nothing can be
 * dragged, connected or deleted; a click or Enter on a node selects it for the details pane.
 */
import '@xyflow/react/dist/style.css';
import { Background, Controls, Handle, Position, ReactFlow, ReactFlowProvider, type Edge, type Node, type NodeProps } from '@xyflow/react';
import { memo, useMemo, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { FlowDiff, StepMark } from './diff';
import { diffGraphElements } from './diff-graph';
import { MARK_SYMBOL } from './DiffView';

type DiffNodeData = { title: string; type: string; mark: StepMark | 'unchanged'; marks: StepMark[] };
type DiffNode = Node<DiffNodeData, 'diff'>;

const DiffNodeView = memo(function DiffNodeView({ data }: NodeProps<DiffNode>) {
  const { t } = useTranslation('versions');
  return (
    <div className={`fb-vdiff-node fb-vdiff-mark-${data.mark}`}>
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <span className="fb-vdiff-node-head">
        {data.mark !== 'unchanged' && (
          <span className="fb-vdiff-badge" aria-hidden="true">
            {MARK_SYMBOL[data.mark]}
          </span>
        )}
        <span className="fb-vdiff-node-title">{data.title}</span>
      </span>
      {data.marks.length > 0 && <span className="fb-vdiff-node-marks">{data.marks.map((m) => t(`marks.${m}`)).join(', ')}</span>}
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
});

const NODE_TYPES = { diff: DiffNodeView };

function subscribeTheme(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}
const readTheme = () => (document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light');

const HANDLE_LABEL: Record<string, string> = { true: 'then', false: 'else', body: 'body', after: 'after' };

export function DiffGraph({ diff, selected, onSelect, mode }: { diff: FlowDiff; selected: string | null; onSelect(id: string): void; mode: 'diff' | 'view' }) {
  const { t } = useTranslation('versions');
  const colorMode = useSyncExternalStore(subscribeTheme, readTheme, () => 'light' as const);
  const { nodes, edges } = useMemo(() => {
    const g = diffGraphElements(diff);
    const nodes: DiffNode[] = g.nodes.map((n) => ({
      id: n.id,
      type: 'diff',
      position: n.position,
      data: { title: n.title, type: n.type, mark: mode === 'diff' ? n.mark : 'unchanged', marks: mode === 'diff' ? n.marks : [] },
      selected: n.id === selected,
      draggable: false,
      connectable: false,
      deletable: false,
      ariaLabel: mode === 'diff' && n.marks.length > 0 ? `${n.title} (${n.marks.map((m) => t(`marks.${m}`)).join(', ')})` : n.title,
      domAttributes: { 'data-testid': 'diff-node', 'data-step-id': n.id, 'data-mark': mode === 'diff' ? n.mark : 'unchanged' } as Record<string, string>,
    }));
    const edges: Edge[] = g.edges
      .filter((e) => mode === 'diff' || e.mark !== 'removed')
      .map((e) => ({
        id: e.id,
        source: e.source,
        target: e.target,
        className: `fb-vdiff-edge fb-vdiff-edge-${mode === 'diff' ? e.mark : 'kept'}`,
        label: HANDLE_LABEL[e.handle] ? t(`branch.${HANDLE_LABEL[e.handle]}`) : undefined,
        selectable: false,
        deletable: false,
        focusable: false,
      }));
    return { nodes, edges };
  }, [diff, selected, mode, t]);

  return (
    <div className="fb-vdiff-graph" data-testid="diff-graph">
      <ReactFlowProvider>
        <ReactFlow<DiffNode>
          nodes={nodes}
          edges={edges}
          nodeTypes={NODE_TYPES}
          colorMode={colorMode}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable
          edgesFocusable={false}
          deleteKeyCode={null}
          onNodeClick={(_e, node) => onSelect(node.id)}
          onNodesChange={(changes) => {
            // Keyboard selection (Enter on a focused node) arrives as a select change.
            for (const c of changes) if (c.type === 'select' && c.selected) onSelect(c.id);
          }}
          fitView
          minZoom={0.2}
          proOptions={{ hideAttribution: true }}
        >
          <Background />
          <Controls showInteractive={false} />
        </ReactFlow>
      </ReactFlowProvider>
    </div>
  );
}
