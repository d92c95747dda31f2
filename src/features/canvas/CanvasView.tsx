/**
 * The flow as a node/edge graph (React Flow), filling its parent. It renders the flow of the editor store in
 * context and changes it only through named store edits and commands.
 *
 * Performance shape: React Flow is controlled, but the `nodes`/`edges` arrays come from caches that keep
 * every unchanged object (see node-cache.ts), node `data` holds only ids, and each node subscribes to its
 * own record and run status. A drag re-renders the dragged node only; panning renders only what is visible.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import {
  Background,
  BackgroundVariant,
  ControlButton,
  Controls,
  Panel,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  useStoreApi,
  type EdgeTypes,
  type NodeTypes,
} from '@xyflow/react';
import './canvas.css';
import { useTranslation } from 'react-i18next';
import { useCommands, useEditor, useEditorStore } from '../../editor/context';
import type { Edge, Step } from '../../model/flow';
import type { ModuleDefinition } from '../../model/modules';
import { stopTextSelectionOnBoxSelect } from './box-select-text';
import { CanvasContext, MODULE_MIME, type CanvasActions, type InsertTarget } from './canvas-context';
import { CanvasStepPicker } from './CanvasStepPicker';
import { FlowEdge } from './FlowEdge';
import { fitBounds, useRevealSteps, useThemeColorMode } from './hooks';
import { EdgeCache, NodeCache, noteNodeId, type CanvasEdge, type CanvasNode } from './node-cache';
import { NoteNode } from './NoteNode';
import { StepNode } from './StepNode';
import { StepNodeLite } from './StepNodeLite';
import { EdgeLayer } from './EdgeLayer';
import { OverviewPointer } from './OverviewPointer';
import { CanvasMiniMap } from './CanvasMiniMap';
import { intersects, useViewportWindow, type Rect } from './viewport-window';
import { NODE_HEIGHT, NODE_WIDTH } from './node-geometry';
import { useCanvasEditing } from './useCanvasEditing';

/** Without a backend (tests, previews): nothing is structural. */
const NO_CAPABILITIES = {};

const NODE_TYPES: NodeTypes = { step: StepNode, stepLite: StepNodeLite, note: NoteNode } as unknown as NodeTypes;
const EDGE_TYPES: EdgeTypes = { flow: FlowEdge } as unknown as EdgeTypes;
const SNAP_GRID: [number, number] = [16, 16];
const SNAP_KEY = 'flowbench.canvas.snap';
const FIT_OPTIONS = { padding: 0.15, maxZoom: 1 };
/** Below this zoom, titles are unreadable: the first view does not fit the flow but shows its start. */
const READABLE_ZOOM = 0.45;
const PRO_OPTIONS = { hideAttribution: false };
/** Screen y of a big flow's first row in the first view: clear of the floating toolbar. */
const FIRST_VIEW_TOP = 72;
const NO_EDGES: Edge[] = [];
/** Above this size Fit jumps instead of animating: every animation frame would move thousands of steps. */
const ANIMATED_FIT_MAX_STEPS = 300;

/** Zoomed far out, React Flow holds only the selected steps (real nodes: focusable, draggable). */
function selectedOnly(order: readonly string[], selected: ReadonlySet<string>) {
  const ids = selected.size === 0 ? [] : order.filter((id) => selected.has(id));
  return { ids, set: new Set(ids) };
}

/**
 * The steps React Flow gets: those whose box meets the viewport window, and the selected ones (a selection
 * can be dragged or deleted from anywhere).
 */
function stepsInWindow(order: readonly string[], positions: ReadonlyMap<string, { x: number; y: number }>, window: Rect, selected: ReadonlySet<string>) {
  const ids: string[] = [];
  for (const id of order) {
    const p = positions.get(id);
    if (selected.has(id) || (p && intersects(window, { x: p.x, y: p.y, width: NODE_WIDTH, height: NODE_HEIGHT }))) ids.push(id);
  }
  return { ids, set: new Set(ids) };
}

export function CanvasView() {
  return (
    <ReactFlowProvider>
      <Canvas />
    </ReactFlowProvider>
  );
}

/** The same corners-and-frame glyph as React Flow's own fit button. */
function FitIcon() {
  return (
    <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 30" aria-hidden="true">
      <path d="M3.692 4.63c0-.53.4-.938.939-.938h5.215V0H4.708C2.13 0 0 2.054 0 4.63v5.216h3.692V4.631zM27.354 0h-5.2v3.692h5.17c.53 0 .984.4.984.939v5.215H32V4.631A4.624 4.624 0 0027.354 0zm.954 24.83c0 .532-.4.94-.939.94h-5.215v3.768h5.215c2.577 0 4.631-2.13 4.631-4.707v-5.139h-3.692v5.139zm-23.677.94c-.531 0-.939-.4-.939-.94v-5.138H0v5.139c0 2.577 2.13 4.707 4.708 4.707h5.138V25.77H4.631z" />
    </svg>
  );
}


function isTextField(el: EventTarget | null): boolean {
  return el instanceof HTMLElement && (el.isContentEditable || el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement);
}

function Canvas() {
  const { t, i18n } = useTranslation('canvas');
  const store = useEditorStore();
  const { services, execute } = useCommands();
  const rf = useReactFlow<CanvasNode, CanvasEdge>();
  const editing = useCanvasEditing(rf);
  const colorMode = useThemeColorMode();
  useRevealSteps(store, rf, editing.positions);

  const flow = useEditor((s) => s.flow);
  const selection = useEditor((s) => s.selection);
  // A read-only flow (the backend stores no edits) is looked at, selected and run, never changed: no drags,
  // connections, inserts or deletes, and the toolbar keeps only what does not edit.
  const readOnly = useEditor((s) => s.readOnly);
  const hasSelection = selection.length > 0 || editing.selectedEdges.size > 0 || editing.selectedNotes.size > 0;
  const [snap, setSnap] = useState(() => typeof localStorage !== 'undefined' && localStorage.getItem(SNAP_KEY) === '1');
  const [picker, setPicker] = useState<{ target: InsertTarget } | null>(null);
  const wrapper = useRef<HTMLDivElement>(null);

  // --- nodes and edges -------------------------------------------------------------------------------
  const nodeCache = useRef(new NodeCache()).current;
  const edgeCache = useRef(new EdgeCache()).current;
  const selectedSet = useMemo(() => new Set(selection), [selection]);
  const structure = editing.elements.structureOf(flow);
  const nodeLabel = useCallback(
    (step: Step) => t(step.disabled ? 'node.labelDisabled' : 'node.label', { title: step.title || step.type, kind: t(`kinds.${step.kind}`) }),
    [t],
  );
  const edgeLabel = useCallback((edge: Edge) => t(`edge.label.${edge.sourcePort}`), [t]);

  const { positions, automatic } = editing.elements.positionsOf(flow);
  editing.positions.current = positions;
  editing.automatic.current = automatic;
  const view = useViewportWindow(structure.order.length);
  const windowed = useMemo(
    () => (view.overview ? selectedOnly(structure.order, selectedSet) : stepsInWindow(structure.order, positions, view.window, selectedSet)),
    [view.overview, structure.order, positions, view.window, selectedSet],
  );
  const shapes = useMemo(() => (view.overview ? structure.order.filter((id) => !windowed.set.has(id)) : undefined), [view.overview, structure.order, windowed]);
  const dragging = editing.dragging;
  // Mid-drag positions come from the gesture's overlay (read at call time: it changes without a render).
  const shownPosition = useCallback((id: string) => dragging.current.get(id) ?? positions.get(id), [dragging, positions]);
  const nodes = nodeCache.build({
    ids: windowed.ids,
    steps: flow.steps,
    notes: flow.notes,
    positionOf: (id) => shownPosition(id) ?? { x: 0, y: 0 },
    notePositionOf: dragging.current.size > 0 ? (noteId) => dragging.current.get(noteNodeId(noteId)) : undefined,
    selected: selectedSet,
    selectedNotes: editing.selectedNotes,
    measured: editing.measured.current,
    ariaLabel: nodeLabel,
    lite: view.lite,
  });
  // Zoomed out, every connection is in the edge layer; otherwise React Flow draws those with both ends mounted.
  const flowEdges = useMemo(
    () => (view.lite ? NO_EDGES : structure.edges.filter((e) => windowed.set.has(e.source) && windowed.set.has(e.target))),
    [view.lite, structure.edges, windowed],
  );
  const edges = edgeCache.build({ edges: flowEdges, selected: editing.selectedEdges, ariaLabel: edgeLabel });
  const drawnByFlow = useMemo(() => (view.lite ? null : new Set(flowEdges.map((e) => e.id))), [view.lite, flowEdges]);

  // --- context for nodes and edges ---------------------------------------------------------------------
  const moduleList = services.modules();
  const modules = useMemo(() => new Map(moduleList.map((m) => [m.id, m])), [moduleList]);
  const structureRef = useRef(structure);
  structureRef.current = structure;
  const openPicker = useCallback((target: InsertTarget) => setPicker({ target }), []);
  const { addModuleById, autoLayout } = editing;
  const language = i18n.language === 'zh' ? 'zh' : 'en';
  const actions = useMemo<CanvasActions>(
    () => ({
      modules,
      language,
      openStep: (id) => {
        store.getState().select([id], id);
        window.dispatchEvent(new CustomEvent('flowbench:open-step', { detail: { id } }));
      },
      openPicker,
      insertOnEdge: (edge, moduleId) => addModuleById(moduleId, { kind: 'edge', edge }),
      edgeById: (id) => structureRef.current.edges.find((e) => e.id === id),
      readOnly,
    }),
    [modules, language, store, openPicker, addModuleById, readOnly],
  );

  // --- fitting the view -------------------------------------------------------------------------------
  const rfStore = useStoreApi<CanvasNode, CanvasEdge>();
  const latestFlow = useRef(flow);
  latestFlow.current = flow;
  const boxes = useCallback(function* () {
    for (const p of editing.positions.current.values()) yield { x: p.x, y: p.y, width: NODE_WIDTH, height: NODE_HEIGHT };
    for (const n of latestFlow.current.notes) yield { x: n.position.x, y: n.position.y, width: n.width ?? 200, height: n.height ?? 120 };
  }, [editing.positions]);
  const fitView = useCallback(
    (duration?: number) => {
      const { width, height } = rfStore.getState();
      fitBounds(rf, { width, height }, boxes(), { ...FIT_OPTIONS, ...(duration ? { duration } : {}) });
    },
    [rf, rfStore, boxes],
  );

  // --- services: what the commands can ask of the canvas while it is mounted ---------------------------
  useEffect(() => {
    const canvas = {
      fitView: () => fitView(structureRef.current.order.length <= ANIMATED_FIT_MAX_STEPS ? 250 : undefined),
      autoLayout: () => autoLayout(),
      zoomIn: () => void rf.zoomIn({ duration: 150 }),
      zoomOut: () => void rf.zoomOut({ duration: 150 }),
    };
    services.canvas = canvas;
    const ownPicker = services.openStepPicker ? null : () => openPicker(null);
    if (ownPicker) services.openStepPicker = ownPicker;
    return () => {
      if (services.canvas === canvas) delete services.canvas;
      if (ownPicker && services.openStepPicker === ownPicker) delete services.openStepPicker;
    };
  }, [services, rf, autoLayout, openPicker, fitView]);

  // --- first view --------------------------------------------------------------------------------------
  // Fit the flow when it fits at a readable zoom. A big flow would fit only as confetti, and every node would
  // count as visible and render: show the focused step, or the start of the flow, at a readable zoom instead.
  const initialView = useRef(false);
  useEffect(() => {
    if (initialView.current || structure.order.length === 0 || !wrapper.current) return;
    initialView.current = true;
    const w = wrapper.current.clientWidth || 800;
    const h = wrapper.current.clientHeight || 600;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const b of boxes()) {
      minX = Math.min(minX, b.x);
      minY = Math.min(minY, b.y);
      maxX = Math.max(maxX, b.x + b.width);
      maxY = Math.max(maxY, b.y + b.height);
    }
    const fitZoom = Math.min(w / ((maxX - minX) * (1 + 2 * FIT_OPTIONS.padding)), h / ((maxY - minY) * (1 + 2 * FIT_OPTIONS.padding)));
    if (fitZoom >= READABLE_ZOOM) {
      fitBounds(rf, { width: w, height: h }, boxes(), FIT_OPTIONS);
      return;
    }
    const focused = store.getState().focused;
    const anchor = (focused && positions.get(focused)) || positions.get(structure.order[0]!);
    if (!anchor) return;
    const zoom = 0.8;
    if (focused && positions.get(focused)) void rf.setCenter(anchor.x + NODE_WIDTH / 2, anchor.y + NODE_HEIGHT / 2, { zoom });
    // Below the floating toolbar (its height and margin), not under it.
    else void rf.setViewport({ x: w / 2 - (anchor.x + NODE_WIDTH / 2) * zoom, y: FIRST_VIEW_TOP - minY * zoom, zoom });
  });

  // A class, not state: nothing re-renders when the view starts or stops moving.
  const onMoveStart = useCallback(() => wrapper.current?.classList.add('fb-canvas--moving'), []);
  const onMoveEnd = useCallback(() => wrapper.current?.classList.remove('fb-canvas--moving'), []);
  // A read-only flow grows while it runs (a run-only backend draws the steps the run reports): keep the whole
  // picture in view as steps arrive, since nobody is arranging it by hand.
  const drawn = useRef(structure.order.length);
  useEffect(() => {
    if (!readOnly || structure.order.length <= drawn.current) return;
    drawn.current = structure.order.length;
    fitView(200);
  }, [readOnly, structure.order.length, fitView]);

  // --- keyboard and drops ----------------------------------------------------------------------------
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (isTextField(e.target)) return;
    if ((e.key === 'Delete' || e.key === 'Backspace') && !readOnly) {
      // Connections and notes are canvas things; steps are deleted by the `edit.delete` command (the
      // editor's key handler), which runs after this unless there is nothing else to delete.
      if (editing.deleteCanvasSelection() && store.getState().selection.length === 0) e.preventDefault();
      return;
    }
    if (e.key === 'Enter' && e.target instanceof HTMLElement && e.target.classList.contains('react-flow__node')) {
      const id = e.target.dataset.id;
      if (id && flow.steps[id]) {
        e.preventDefault();
        actions.openStep(id);
      }
    }
  };
  const onDragOver = (e: DragEvent) => {
    if (readOnly || !e.dataTransfer.types.includes(MODULE_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  };
  const onDrop = (e: DragEvent) => {
    const moduleId = e.dataTransfer.getData(MODULE_MIME);
    if (!moduleId || readOnly) return;
    e.preventDefault();
    const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    editing.addModuleById(moduleId, { kind: 'point', position: { x: Math.round(p.x - NODE_WIDTH / 2), y: Math.round(p.y - NODE_HEIGHT / 2) } });
    setPicker(null);
  };
  /** A new note goes beside the flow (not over its steps), level with the middle of the view, and is shown. */
  const addNote = () => {
    const el = wrapper.current;
    const rect = el?.getBoundingClientRect();
    const center = rf.screenToFlowPosition({ x: (rect?.left ?? 0) + (el?.clientWidth ?? 800) / 2, y: (rect?.top ?? 0) + (el?.clientHeight ?? 600) / 2 });
    let maxX = -Infinity;
    for (const b of boxes()) maxX = Math.max(maxX, b.x + b.width);
    const position = { x: Math.round(maxX === -Infinity ? center.x - 100 : maxX + 60), y: Math.round(center.y - 60) };
    editing.addNoteAt(position);
    const { zoom } = rf.getViewport();
    const { width } = rfStore.getState();
    const screenX = rf.flowToScreenPosition({ x: position.x + 200, y: position.y }).x - (rect?.left ?? 0);
    if (screenX > width) void rf.setCenter(position.x + 100, position.y + 60, { zoom, duration: 250 });
  };
  const toggleSnap = () => {
    setSnap((v) => {
      localStorage.setItem(SNAP_KEY, v ? '0' : '1');
      return !v;
    });
  };
  const pick = (m: ModuleDefinition) => {
    editing.addModule(m, picker?.target ?? null);
    setPicker(null);
  };

  const ariaLabelConfig = useMemo(
    () => ({
      'controls.ariaLabel': t('controls.panel'),
      'controls.zoomIn.ariaLabel': t('controls.zoomIn'),
      'controls.zoomOut.ariaLabel': t('controls.zoomOut'),
      'controls.fitView.ariaLabel': t('controls.fitView'),
      'controls.interactive.ariaLabel': t('controls.interactive'),
      'minimap.ariaLabel': t('minimap'),
      'handle.ariaLabel': t('handles.generic'),
      'node.a11yDescription.default': t('a11y.node'),
      'node.a11yDescription.keyboardDisabled': t('a11y.node'),
      'edge.a11yDescription.default': t('a11y.edge'),
    }),
    [t],
  );

  return (
    <CanvasContext.Provider value={actions}>
      <div className={['fb-canvas', view.lite && 'fb-canvas--lite', view.far && 'fb-canvas--far'].filter(Boolean).join(' ')} ref={wrapper} data-testid="canvas" onKeyDown={onKeyDown} onMouseDownCapture={stopTextSelectionOnBoxSelect} onDragOver={onDragOver} onDrop={onDrop}>
        <ReactFlow<CanvasNode, CanvasEdge>
          nodes={nodes}
          edges={edges}
          nodeTypes={NODE_TYPES}
          edgeTypes={EDGE_TYPES}
          onNodesChange={editing.onNodesChange}
          onEdgesChange={editing.onEdgesChange}
          onConnect={editing.onConnect}
          onConnectEnd={editing.onConnectEnd}
          isValidConnection={editing.isValidConnection}
          onNodeDoubleClick={(_e, node) => node.type !== 'note' && actions.openStep(node.id)}
          onMoveStart={onMoveStart}
          onMoveEnd={onMoveEnd}
          deleteKeyCode={null}
          nodesDraggable={!readOnly}
          nodesConnectable={!readOnly}
          disableKeyboardA11y
          nodesFocusable
          edgesFocusable
          zoomOnDoubleClick={false}
          snapToGrid={snap}
          snapGrid={SNAP_GRID}
          colorMode={colorMode}
          minZoom={0.05}
          maxZoom={2}
          ariaLabelConfig={ariaLabelConfig}
          proOptions={PRO_OPTIONS}
        >
          {/* Zoomed out the dots would be a dense pattern repainted on every pan frame (most of the frame's cost). */}
          {!view.lite && <Background variant={BackgroundVariant.Dots} gap={16} size={1} />}
          <Controls showInteractive={false} showFitView={false} position="bottom-left">
            <ControlButton onClick={() => fitView(structure.order.length <= ANIMATED_FIT_MAX_STEPS ? 250 : undefined)} className="react-flow__controls-fitview" title={t('controls.fitView')} aria-label={t('controls.fitView')}>
              <FitIcon />
            </ControlButton>
          </Controls>
          <EdgeLayer
            edges={structure.edges}
            drawnByFlow={drawnByFlow}
            steps={flow.steps}
            modules={modules}
            positionOf={shownPosition}
            selected={editing.selectedEdges}
            shapes={shapes}
            outlined={view.overview ? windowed.ids : undefined}
          />
          {view.overview && <OverviewPointer wrapper={wrapper} order={structure.order} positionOf={shownPosition} onPick={(id) => store.getState().select([id], id)} onOpen={actions.openStep} />}
          {structure.order.length > 0 && <CanvasMiniMap order={structure.order} positions={positions} notes={flow.notes} selected={selectedSet} label={t('minimap')} />}
          <Panel position="top-left" className="fb-canvas-toolbar" role="toolbar" aria-label={t('toolbar.label')}>
            {!readOnly && (
              <>
                <button type="button" className="fb-canvas-button" onClick={() => openPicker(null)} data-testid="canvas-add-step" aria-haspopup="dialog">
                  + {t('toolbar.addStep')}
                </button>
                <button type="button" className="fb-canvas-button" onClick={addNote} data-testid="canvas-add-note">
                  {t('toolbar.addNote')}
                </button>
                <button type="button" className="fb-canvas-button" onClick={() => void execute('edit.duplicate')} disabled={selection.length === 0}>
                  {t('toolbar.duplicate')}
                </button>
                <button
                  type="button"
                  className="fb-canvas-button"
                  disabled={!hasSelection}
                  onClick={() => {
                    editing.deleteCanvasSelection();
                    void execute('edit.delete');
                  }}
                >
                  {t('toolbar.delete')}
                </button>
                <button type="button" className="fb-canvas-button" onClick={() => void editing.autoLayout()} data-testid="canvas-auto-layout">
                  {t('toolbar.autoLayout')}
                </button>
              </>
            )}
            <button type="button" className="fb-canvas-button" aria-pressed={snap} onClick={toggleSnap} data-testid="canvas-snap">
              {t('toolbar.snap')}
            </button>
          </Panel>
          {flow.structure === 'graph' && (
            <Panel position="bottom-center" className="fb-canvas-badge" data-testid="canvas-graph-badge">
              {t('graphBadge')}
            </Panel>
          )}
          {structure.order.length === 0 && !readOnly && (
            <Panel position="top-center" className="fb-canvas-empty">
              <p>{t('empty.text')}</p>
              <button type="button" className="fb-canvas-button fb-canvas-button--primary" onClick={() => openPicker(null)}>
                + {t('toolbar.addStep')}
              </button>
            </Panel>
          )}
        </ReactFlow>
        {picker && <CanvasStepPicker modules={moduleList} capabilities={services.capabilities?.() ?? NO_CAPABILITIES} target={picker.target} onPick={pick} onClose={() => setPicker(null)} />}
      </div>
    </CanvasContext.Provider>
  );
}
