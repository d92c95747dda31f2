/**
 * Everything the canvas changes goes through here, as named, undoable edits of the editor store: drags (one
 * undo step per drag), selection mirroring, connections, inserts, notes, deletes and auto-layout.
 */
import { applyEdit } from '../../editor/edit';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useStoreApi, type Connection, type EdgeChange, type FinalConnectionState, type NodeChange, type ReactFlowInstance } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { useCommands, useEditorStore } from '../../editor/context';
import { insertionSlot } from '../../editor/commands/builtin';
import { createStepFromModule } from '../../editor/commands/step-factory';
import { addNote, connectWithReport, disconnectWithReport, insertStep, removeNote, setPositions, updateNote } from '../../model';
import { newId, newStepId } from '../../model/ids';
import type { Edge, Flow, Position, SourceHandle, Step, StickyNote } from '../../model/flow';
import type { ModuleDefinition } from '../../model/modules';
import { defaultParamsFor } from '../inspector/defaults';
import type { InsertTarget } from './canvas-context';
import { ConnectionChecker, type CanvasConnection } from './connections';
import { elkLayout } from './elk-layout';
import { FlowElementsMemo } from './flow-elements';
import { insertOnEdge } from './insert';
import { DEFAULT_LAYOUT } from './layout';
import { NODE_HEIGHT, NODE_WIDTH } from './node-geometry';
import { isNoteNodeId, noteIdOf, type CanvasEdge, type CanvasNode, type Measured } from './node-cache';

const EMPTY = new Set<string>();
const EMPTY_POSITIONS: ReadonlyMap<string, Position> = new Map();

type Tone = 'info' | 'warning' | 'error';

export interface CanvasEditing {
  elements: FlowElementsMemo;
  /** Last positions shown, by step id (automatic ones included). */
  positions: React.RefObject<Map<string, Position>>;
  /** How many steps currently show at an automatic position. */
  automatic: React.RefObject<number>;
  measured: React.RefObject<Map<string, Measured>>;
  measureVersion: number;
  /**
   * Positions of the steps being dragged, shown instead of the document's until the gesture ends, when they
   * are committed as one edit: a move changes no document, so nothing but the canvas hears of it.
   */
  dragging: React.RefObject<ReadonlyMap<string, Position>>;
  selectedEdges: ReadonlySet<string>;
  selectedNotes: ReadonlySet<string>;
  onNodesChange(changes: NodeChange<CanvasNode>[]): void;
  onEdgesChange(changes: EdgeChange<CanvasEdge>[]): void;
  onConnect(c: Connection): void;
  isValidConnection(c: Connection | CanvasEdge): boolean;
  onConnectEnd(e: MouseEvent | TouchEvent, state: FinalConnectionState): void;
  addModule(module: ModuleDefinition, target: InsertTarget): void;
  addModuleById(moduleId: string, target: InsertTarget): void;
  addNoteAt(position: Position): void;
  /** Deletes the selected connections and notes; returns whether there were any. */
  deleteCanvasSelection(): boolean;
  autoLayout(): Promise<void>;
  notify(key: string, tone: Tone, values?: Record<string, unknown>): void;
}

function asConnection(c: Connection | CanvasEdge): CanvasConnection | null {
  if (!c.source || !c.target || !c.sourceHandle) return null;
  return { source: c.source, sourcePort: c.sourceHandle as SourceHandle, target: c.target, targetPort: c.targetHandle ?? 'in' };
}

export function useCanvasEditing(rf: ReactFlowInstance<CanvasNode, CanvasEdge>): CanvasEditing {
  const store = useEditorStore();
  const { services } = useCommands();
  const { i18n } = useTranslation('canvas');
  const elements = useRef(new FlowElementsMemo()).current;
  const checker = useRef(new ConnectionChecker()).current;
  const positions = useRef(new Map<string, Position>());
  const automatic = useRef(0);
  const measured = useRef(new Map<string, Measured>());
  const [measureVersion, setMeasureVersion] = useState(0);
  const [selectedEdges, setSelectedEdges] = useState<ReadonlySet<string>>(EMPTY);
  const [selectedNotes, setSelectedNotes] = useState<ReadonlySet<string>>(EMPTY);
  const selectedEdgesRef = useRef(selectedEdges);
  selectedEdgesRef.current = selectedEdges;
  const selectedNotesRef = useRef(selectedNotes);
  selectedNotesRef.current = selectedNotes;

  /** Notices go to the store (`notice`, per the editor contract) and to the app's toasts (`notify`). */
  const notify = useCallback(
    (key: string, tone: Tone, values?: Record<string, unknown>) => {
      const full = `canvas:${key}`;
      store.getState().setNotice({ key: full, tone, ...(values ? { values } : {}) });
      services.notify(full, tone, values);
    },
    [store, services],
  );

  /** Runs an edit, turning a refused model operation into a notice instead of an uncaught error. */
  const tryEdit = useCallback(
    (label: string, change: (f: Flow) => Flow, opts?: { mergeKey?: string; mergeWindowMs?: number; select?: string[] }): boolean => {
      // The editor contract: the canvas's refusals are also the store's notice.
      const toStoreToo = {
        notify: (key: string, tone: Tone, values?: Record<string, unknown>) => {
          store.getState().setNotice({ key, tone, ...(values ? { values } : {}) });
          services.notify(key, tone, values);
        },
      };
      return applyEdit(store, toStoreToo, label, change, opts);
    },
    [store, services],
  );

  const rfStore = useStoreApi<CanvasNode, CanvasEdge>();
  const draggingRef = useRef<ReadonlyMap<string, Position>>(EMPTY_POSITIONS);
  const onNodesChange = useCallback(
    (changes: NodeChange<CanvasNode>[]) => {
      const state = store.getState();
      const flow = state.flow;
      let moved: Record<string, Position> | null = null;
      const notePatches = new Map<string, Partial<Omit<StickyNote, 'id'>>>();
      let resizing = false;
      let selectedSet: Set<string> | null = null;
      const newlySelected: string[] = [];
      let notesSel: Set<string> | null = null;
      let measuredChanged = false;
      let dragEnded = false;
      const patch = (id: string) => notePatches.get(id) ?? notePatches.set(id, {}).get(id)!;

      let dragMoves: Map<string, Position> | null = null;
      for (const c of changes) {
        if (c.type === 'position') {
          if (c.dragging === false) dragEnded = true;
          if (!c.position) continue;
          const p = { x: c.position.x, y: c.position.y };
          if (c.dragging) {
            // Mid-gesture: shown from the overlay only (one canvas render, no edit, no listeners).
            (dragMoves ??= new Map(draggingRef.current)).set(c.id, p);
            continue;
          }
          if (isNoteNodeId(c.id)) patch(noteIdOf(c.id)).position = p;
          else if (flow.steps[c.id]) {
            const own = flow.steps[c.id]!.position;
            if (own && own.x === p.x && own.y === p.y) continue;
            (moved ??= {})[c.id] = p;
          }
        } else if (c.type === 'select') {
          if (isNoteNodeId(c.id)) {
            notesSel ??= new Set(selectedNotesRef.current);
            if (c.selected) notesSel.add(noteIdOf(c.id));
            else notesSel.delete(noteIdOf(c.id));
          } else {
            selectedSet ??= new Set(state.selection);
            if (c.selected) {
              if (!selectedSet.has(c.id)) newlySelected.push(c.id);
              selectedSet.add(c.id);
            } else selectedSet.delete(c.id);
          }
        } else if (c.type === 'dimensions') {
          if (c.dimensions) {
            const prev = measured.current.get(c.id);
            if (!prev || prev.width !== c.dimensions.width || prev.height !== c.dimensions.height) {
              measured.current.set(c.id, { width: c.dimensions.width, height: c.dimensions.height });
              measuredChanged = true;
            }
            if (isNoteNodeId(c.id) && c.resizing !== undefined && c.setAttributes) {
              Object.assign(patch(noteIdOf(c.id)), { width: Math.round(c.dimensions.width), height: Math.round(c.dimensions.height) });
              resizing = true;
            }
          }
        }
      }

      if (dragEnded && draggingRef.current.size > 0) {
        // The gesture's end: every node it moved, at its last position, in one edit (one undo step).
        for (const [id, p] of draggingRef.current) {
          if (isNoteNodeId(id)) {
            const note = patch(noteIdOf(id));
            note.position ??= p;
          } else if (flow.steps[id] && !(moved && id in moved)) {
            const own = flow.steps[id]!.position;
            if (!own || own.x !== p.x || own.y !== p.y) (moved ??= {})[id] = p;
          }
        }
      }
      if (moved || notePatches.size > 0) {
        const ids = [...Object.keys(moved ?? {}), ...[...notePatches.keys()].map((n) => `note:${n}`)].sort().join(',');
        // The first drag of a flow shown at automatic positions pins every step where it is shown, in the same
        // undo step: otherwise steps placed relative to the dragged one would follow it.
        const pinned: Record<string, Position> = {};
        if (moved && automatic.current > 0) {
          for (const [id, p] of positions.current) if (!flow.steps[id]?.position) pinned[id] = p;
        }
        tryEdit(
          resizing ? 'canvas.resizeNote' : 'canvas.move',
          (f) => {
            let next = moved ? setPositions(f, { ...pinned, ...moved }) : f;
            for (const [id, p] of notePatches) if (next.notes.some((n) => n.id === id)) next = updateNote(next, id, p);
            return next;
          },
          dragEnded ? undefined : { mergeKey: `${resizing ? 'resize' : 'drag'}:${ids}` },
        );
      }
      if (dragEnded) draggingRef.current = EMPTY_POSITIONS;
      else if (dragMoves) {
        const moves = dragMoves;
        draggingRef.current = moves;
        // Shown through React Flow's own store alone, as an uncontrolled flow would: the canvas (its toolbar,
        // edge layer, minimap) does not re-render per move. A canvas render mid-gesture reads the same overlay.
        const { nodes, setNodes } = rfStore.getState();
        setNodes(
          nodes.map((n) => {
            const p = moves.get(n.id);
            return p && (n.position.x !== p.x || n.position.y !== p.y) ? { ...n, position: p } : n;
          }),
        );
      }
      if (selectedSet) {
        const set = selectedSet;
        const kept = state.selection.filter((id) => set.has(id));
        const next = [...kept, ...newlySelected];
        const focused = newlySelected[newlySelected.length - 1] ?? (state.focused && set.has(state.focused) ? state.focused : (next[next.length - 1] ?? null));
        state.select(next, focused);
      }
      if (notesSel) setSelectedNotes(notesSel);
      if (measuredChanged) setMeasureVersion((v) => v + 1);
    },
    [store, tryEdit, rfStore],
  );

  const onEdgesChange = useCallback((changes: EdgeChange<CanvasEdge>[]) => {
    let next: Set<string> | null = null;
    for (const c of changes) {
      if (c.type !== 'select') continue;
      next ??= new Set(selectedEdgesRef.current);
      if (c.selected) next.add(c.id);
      else next.delete(c.id);
    }
    if (next) setSelectedEdges(next);
  }, []);

  const isValidConnection = useCallback(
    (c: Connection | CanvasEdge) => {
      const conn = asConnection(c);
      if (!conn) return false;
      const flow = store.getState().flow;
      return checker.check(flow, conn, elements.structureOf(flow).edges, services.capabilities?.()) === null;
    },
    [store, checker, elements, services],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      const conn = asConnection(c);
      if (!conn) return;
      let becameGraph = false;
      const ok = tryEdit('canvas.connect', (f) => {
        const r = connectWithReport(f, conn);
        becameGraph = r.becameGraph;
        return r.flow;
      });
      if (ok && becameGraph) notify('notices.becameGraph', 'info');
    },
    [tryEdit, notify],
  );

  const onConnectEnd = useCallback(
    (_e: MouseEvent | TouchEvent, cs: FinalConnectionState) => {
      if (cs.isValid !== false || !cs.fromNode || !cs.toNode || !cs.fromHandle) return;
      const fromSource = cs.fromHandle.type === 'source';
      const conn: CanvasConnection = fromSource
        ? { source: cs.fromNode.id, sourcePort: (cs.fromHandle.id ?? 'out') as SourceHandle, target: cs.toNode.id, targetPort: cs.toHandle?.id ?? 'in' }
        : { source: cs.toNode.id, sourcePort: (cs.toHandle?.id ?? 'out') as SourceHandle, target: cs.fromNode.id, targetPort: cs.fromHandle.id ?? 'in' };
      const flow = store.getState().flow;
      const refusal = checker.check(flow, conn, elements.structureOf(flow).edges, services.capabilities?.());
      if (refusal) notify(`refused.${refusal.reason}`, 'warning', { message: refusal.message });
    },
    [store, checker, elements, notify, services],
  );

  const language = () => (i18n.language === 'zh' ? 'zh' : 'en');

  const newStep = (module: ModuleDefinition): Step => createStepFromModule(module, newStepId(), language(), defaultParamsFor(module));

  /** Where a step added "after the focused one" shows when the flow is laid out by hand. */
  const positionAfterFocus = (flow: Flow, focused: string | null): Position | undefined => {
    const hasManual = flow.structure === 'graph' || automatic.current < Object.keys(flow.steps).length;
    if (!hasManual) return undefined;
    const anchor = focused ? positions.current.get(focused) : undefined;
    if (anchor) return { x: anchor.x, y: anchor.y + DEFAULT_LAYOUT.layerGap };
    const { x, y, zoom } = rf.getViewport();
    const pane = document.querySelector('.fb-canvas .react-flow');
    const w = pane?.clientWidth ?? 800;
    const h = pane?.clientHeight ?? 600;
    return { x: Math.round((w / 2 - x) / zoom - NODE_WIDTH / 2), y: Math.round((h / 2 - y) / zoom - NODE_HEIGHT / 2) };
  };

  const addModule = (module: ModuleDefinition, target: InsertTarget) => {
    const step = newStep(module);
    const { flow, focused } = store.getState();
    if (target?.kind === 'edge') {
      if (module.kind === 'trigger') {
        notify('notices.triggerOnEdge', 'warning');
        return;
      }
      const a = positions.current.get(target.edge.source);
      const b = positions.current.get(target.edge.target);
      const pinned = flow.steps[target.edge.source]?.position || flow.steps[target.edge.target]?.position;
      const at = pinned && a && b ? { x: Math.round((a.x + b.x) / 2), y: Math.round((a.y + b.y) / 2) } : undefined;
      tryEdit('canvas.insertOnEdge', (f) => insertOnEdge(f, step, target.edge, at).flow, { select: [step.id] });
      return;
    }
    if (target?.kind === 'slot') {
      tryEdit('structure.addStep', (f) => insertStep(f, step, target.slot), { select: [step.id] });
      return;
    }
    if (target?.kind === 'point') {
      const placed = { ...step, position: target.position };
      tryEdit('structure.addStep', (f) => insertStep(f, placed, { parent: null, branch: null, index: f.root.length }), { select: [step.id] });
      return;
    }
    const at = positionAfterFocus(flow, focused);
    const placed = at ? { ...step, position: at } : step;
    tryEdit('structure.addStep', (f) => insertStep(f, placed, insertionSlot(f, focused)), { select: [step.id] });
  };

  const addModuleById = (moduleId: string, target: InsertTarget) => {
    const module = services.modules().find((m) => m.id === moduleId);
    if (!module) notify('notices.unknownModule', 'error', { module: moduleId });
    else addModule(module, target);
  };

  const addNoteAt = (position: Position) => {
    const note: StickyNote = { id: newId('note'), text: '', position, width: 200, height: 120 };
    tryEdit('canvas.addNote', (f) => addNote(f, note));
    setSelectedNotes(new Set([note.id]));
  };

  const deleteCanvasSelection = () => {
    const edges = [...selectedEdgesRef.current];
    const notes = [...selectedNotesRef.current];
    if (edges.length === 0 && notes.length === 0) return false;
    let becameGraph = false;
    tryEdit('canvas.delete', (f) => {
      let next = f;
      for (const id of edges) {
        const current = elements.structureOf(next).edges;
        if (!current.some((e: Edge) => e.id === id)) continue;
        const r = disconnectWithReport(next, id);
        becameGraph ||= r.becameGraph;
        next = r.flow;
      }
      for (const id of notes) if (next.notes.some((n) => n.id === id)) next = removeNote(next, id);
      return next;
    });
    setSelectedEdges(EMPTY);
    setSelectedNotes(EMPTY);
    if (becameGraph) notify('notices.becameGraph', 'info');
    return true;
  };

  const autoLayout = async () => {
    const { flow } = store.getState();
    const { order, edges } = elements.structureOf(flow);
    if (order.length === 0) return;
    const nodes = order.map((id) => ({
      id,
      kind: flow.steps[id]!.kind,
      width: measured.current.get(id)?.width ?? NODE_WIDTH,
      height: measured.current.get(id)?.height ?? NODE_HEIGHT,
    }));
    const laid = await elkLayout(nodes, edges);
    // The flow may have changed while elk ran: place only steps that still exist.
    const ok = tryEdit('view.autoLayout', (f) => setPositions(f, Object.fromEntries(Object.entries(laid).filter(([id]) => id in f.steps))));
    if (ok) requestAnimationFrame(() => services.canvas?.fitView());
  };

  // Stable identities for React Flow props (a new callback would make it re-bind its handlers).
  const latest = useRef({ addModule, addModuleById, addNoteAt, deleteCanvasSelection, autoLayout });
  latest.current = { addModule, addModuleById, addNoteAt, deleteCanvasSelection, autoLayout };
  const stable = useMemo(
    () => ({
      addModule: (m: ModuleDefinition, t: InsertTarget) => latest.current.addModule(m, t),
      addModuleById: (id: string, t: InsertTarget) => latest.current.addModuleById(id, t),
      addNoteAt: (p: Position) => latest.current.addNoteAt(p),
      deleteCanvasSelection: () => latest.current.deleteCanvasSelection(),
      autoLayout: () => latest.current.autoLayout(),
    }),
    [],
  );

  return {
    elements,
    positions,
    automatic,
    measured,
    measureVersion,
    dragging: draggingRef,
    selectedEdges,
    selectedNotes,
    onNodesChange,
    onEdgesChange,
    onConnect,
    isValidConnection,
    onConnectEnd,
    notify,
    ...stable,
  };
}
