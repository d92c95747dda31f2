/**
 * A connection. Lights up when the run being shown went along it (`isEdgeExecuted`, one cheap lookup per
 * visible edge per store change), takes a module dropped on it from the palette, and offers a "+" button that
 * opens the step picker to insert a step between its two ends.
 */
import { memo, useState, type DragEvent } from 'react';
import { EdgeLabelRenderer, getSmoothStepPath, type EdgeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { useEditor } from '../../editor/context';
import { isEdgeExecuted } from '../../backends/run-state';
import type { SourceHandle } from '../../model/flow';
import { MODULE_MIME, useCanvasActions } from './canvas-context';
import type { CanvasEdge } from './node-cache';
import { countEdgeRender } from './format';

function FlowEdgeView({
  id,
  source,
  target,
  data,
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  selected,
  markerEnd,
}: EdgeProps<CanvasEdge>) {
  countEdgeRender(id);
  const { t } = useTranslation('canvas');
  const actions = useCanvasActions();
  const handle = (data?.handle ?? 'out') as SourceHandle;
  const executed = useEditor((s) =>
    s.run ? isEdgeExecuted(s.run, { source, sourcePort: handle, target }) : false,
  );
  const [dropping, setDropping] = useState(false);
  const [path, labelX, labelY] = getSmoothStepPath({
    sourceX,
    sourceY,
    sourcePosition,
    targetX,
    targetY,
    targetPosition,
    borderRadius: 10,
    offset: 16,
  });

  const accepts = (e: DragEvent) => e.dataTransfer.types.includes(MODULE_MIME);
  const onDragOver = (e: DragEvent) => {
    if (!accepts(e)) return;
    e.preventDefault();
    e.stopPropagation();
    e.dataTransfer.dropEffect = 'copy';
    if (!dropping) setDropping(true);
  };
  const onDrop = (e: DragEvent) => {
    setDropping(false);
    const moduleId = e.dataTransfer.getData(MODULE_MIME);
    if (!moduleId) return;
    e.preventDefault();
    e.stopPropagation();
    const edge = actions.edgeById(id);
    if (edge) actions.insertOnEdge(edge, moduleId);
  };

  const className = [
    'fb-edge',
    `fb-edge--${handle}`,
    executed && 'fb-edge--executed',
    selected && 'fb-edge--selected',
    dropping && 'fb-edge--drop',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <>
      <path d={path} className={`react-flow__edge-path ${className}`} fill="none" markerEnd={markerEnd} />
      <path
        d={path}
        className="react-flow__edge-interaction fb-edge__hit"
        fill="none"
        strokeOpacity={0}
        strokeWidth={24}
        onDragOver={onDragOver}
        onDragEnter={onDragOver}
        onDragLeave={() => setDropping(false)}
        onDrop={onDrop}
      />
      {/* Never on a read-only flow. Hidden by the canvas's `fb-canvas--far` class when zoomed out (no per-edge viewport subscription), shown while a module is dragged onto it. */}
      {!actions.readOnly && (
        <EdgeLabelRenderer>
          <button
            type="button"
            className={`fb-edge__plus nodrag nopan${dropping ? ' fb-edge__plus--drop' : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            aria-label={t('edge.insert')}
            title={t('edge.insert')}
            data-testid={`edge-plus-${id}`}
            onClick={() => {
              const edge = actions.edgeById(id);
              if (edge) actions.openPicker({ kind: 'edge', edge });
            }}
            onDragOver={onDragOver}
            onDragLeave={() => setDropping(false)}
            onDrop={onDrop}
          >
            +
          </button>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const FlowEdge = memo(FlowEdgeView);
