/**
 * Builds React Flow's `nodes` and `edges` arrays from the flow, reusing every object whose content did not
 * change.
 *
 * Why: React Flow (controlled) re-adopts a node only when its object is new (`userNode === previous`), and
 * re-renders a node only when its internal node changed. A drag commits one position per pointer move; if the
 * arrays were rebuilt from scratch every other node would be re-adopted (and re-measured) on every move. With
 * this cache a move creates exactly one new node object, and when nothing changed at all the previous array
 * itself is returned, so React Flow skips the update entirely.
 *
 * `data` objects are created once per id and never replaced: node components read their own record from the
 * editor store (`useStep`-style selectors), never from `data`.
 */
import type { Edge as RFEdge, Node as RFNode } from '@xyflow/react';
import type { Edge, Position, Step, StickyNote } from '../../model/flow';
import { ESTIMATED_HANDLES, handlesForPorts, NODE_HEIGHT, NODE_WIDTH } from './node-geometry';

export interface StepNodeData extends Record<string, unknown> {
  stepId: string;
}
export interface NoteNodeData extends Record<string, unknown> {
  noteId: string;
}
export type StepFlowNode = RFNode<StepNodeData, 'step' | 'stepLite'>;
export type NoteFlowNode = RFNode<NoteNodeData, 'note'>;
export type CanvasNode = StepFlowNode | NoteFlowNode;
export interface FlowEdgeData extends Record<string, unknown> {
  handle: string;
}
export type CanvasEdge = RFEdge<FlowEdgeData, 'flow'>;

export interface Measured {
  width?: number;
  height?: number;
}

/** Note node ids are prefixed so they can never collide with a step id. */
export const NOTE_PREFIX = 'note:';
export const noteNodeId = (noteId: string) => NOTE_PREFIX + noteId;
export const isNoteNodeId = (id: string) => id.startsWith(NOTE_PREFIX);
export const noteIdOf = (nodeId: string) => nodeId.slice(NOTE_PREFIX.length);

export interface NodeBuildInput {
  /** Step ids in paint order. */
  ids: readonly string[];
  steps: Readonly<Record<string, Step>>;
  notes: readonly StickyNote[];
  positionOf(id: string): Position;
  /** A note's shown position when it differs from its document's (mid-drag). */
  notePositionOf?(noteId: string): Position | undefined;
  selected: ReadonlySet<string>;
  /** Note ids selected on the canvas (notes are not part of the editor's step selection). */
  selectedNotes: ReadonlySet<string>;
  measured: ReadonlyMap<string, Measured>;
  ariaLabel(step: Step): string;
  /** Lightweight steps (zoomed out): another node type, so React Flow re-measures each node when it switches. */
  lite?: boolean;
}

function samePosition(a: Position, b: Position): boolean {
  return a.x === b.x && a.y === b.y;
}

export class NodeCache {
  private readonly stepNodes = new Map<string, StepFlowNode>();
  private readonly noteNodes = new Map<string, NoteFlowNode>();
  private readonly stepData = new Map<string, StepNodeData>();
  private readonly noteData = new Map<string, NoteNodeData>();
  /** The step records the cached labels were computed from. */
  private readonly records = new Map<string, Step>();
  private lastLabel: ((step: Step) => string) | null = null;
  private last: CanvasNode[] = [];

  build(input: NodeBuildInput): CanvasNode[] {
    // A new label function (the language changed): every label is computed afresh.
    if (input.ariaLabel !== this.lastLabel) {
      this.records.clear();
      this.lastLabel = input.ariaLabel;
    }
    const next: CanvasNode[] = [];
    let changed = false;
    const push = (node: CanvasNode) => {
      if (!changed && this.last[next.length] !== node) changed = true;
      next.push(node);
    };

    const liveNotes = new Set<string>();
    for (const note of input.notes) {
      const id = noteNodeId(note.id);
      liveNotes.add(id);
      const selected = input.selectedNotes.has(note.id);
      const measured = input.measured.get(id);
      const prev = this.noteNodes.get(id);
      const position = input.notePositionOf?.(note.id) ?? note.position;
      const width = note.width ?? 200;
      const height = note.height ?? 120;
      if (
        prev &&
        prev.selected === selected &&
        prev.measured === measured &&
        samePosition(prev.position, position) &&
        prev.width === width &&
        prev.height === height
      ) {
        push(prev);
        continue;
      }
      let data = this.noteData.get(id);
      if (!data) this.noteData.set(id, (data = { noteId: note.id }));
      const node: NoteFlowNode = {
        id,
        type: 'note',
        position,
        data,
        selected,
        width,
        height,
        zIndex: -1,
        // The note's own element takes focus (it edits on Enter); React Flow's wrapper would be a second stop.
        focusable: false,
        ...(measured ? { measured } : {}),
      };
      this.noteNodes.set(id, node);
      push(node);
    }

    const type = input.lite ? 'stepLite' : 'step';
    for (const id of input.ids) {
      const step = input.steps[id];
      if (!step) continue;
      const position = input.positionOf(id);
      const selected = input.selected.has(id);
      const measured = input.measured.get(id);
      const prev = this.stepNodes.get(id);
      // The label is recomputed only when the record changed (titles change rarely, positions often).
      const label = prev?.ariaLabel !== undefined && this.records.get(id) === step ? prev.ariaLabel : input.ariaLabel(step);
      this.records.set(id, step);
      if (prev && prev.type === type && prev.selected === selected && prev.measured === measured && prev.ariaLabel === label && samePosition(prev.position, position)) {
        push(prev);
        continue;
      }
      let data = this.stepData.get(id);
      if (!data) this.stepData.set(id, (data = { stepId: id }));
      const node: StepFlowNode = {
        id,
        type,
        position: { x: position.x, y: position.y },
        data,
        selected,
        ariaLabel: label,
        initialWidth: NODE_WIDTH,
        initialHeight: NODE_HEIGHT,
        // Measured: React Flow keeps the handle bounds it measured. Not yet: our estimate, so it can draw the
        // node's edges and skip rendering it while it is off screen.
        ...(measured ? { measured } : { handles: step.ports ? handlesForPorts(step.ports) : ESTIMATED_HANDLES[step.kind] }),
      };
      this.stepNodes.set(id, node);
      push(node);
    }

    if (next.length !== this.last.length) changed = true;
    // Forget removed ids so a re-added id (undo) gets a fresh, correct object.
    if (this.stepNodes.size > input.ids.length || this.noteNodes.size > liveNotes.size) {
      const live = new Set(input.ids);
      for (const id of this.stepNodes.keys()) {
        if (!live.has(id) || !input.steps[id]) {
          this.stepNodes.delete(id);
          this.records.delete(id);
        }
      }
      for (const id of this.noteNodes.keys()) if (!liveNotes.has(id)) this.noteNodes.delete(id);
    }
    if (!changed) return this.last;
    this.last = next;
    return next;
  }
}

export interface EdgeBuildInput {
  edges: readonly Edge[];
  selected: ReadonlySet<string>;
  ariaLabel(edge: Edge): string;
}

/** Same idea for edges: one object per edge id, replaced only when its ends, handle, selection or label change. */
export class EdgeCache {
  private readonly byId = new Map<string, CanvasEdge>();
  private readonly data = new Map<string, FlowEdgeData>();
  private last: CanvasEdge[] = [];
  private lastSource: readonly Edge[] | null = null;
  private lastSelected: ReadonlySet<string> | null = null;
  private lastLabel: ((edge: Edge) => string) | null = null;

  build(input: EdgeBuildInput): CanvasEdge[] {
    if (input.edges === this.lastSource && input.selected === this.lastSelected && input.ariaLabel === this.lastLabel) return this.last;
    this.lastSource = input.edges;
    this.lastSelected = input.selected;
    this.lastLabel = input.ariaLabel;
    const next: CanvasEdge[] = [];
    let changed = input.edges.length !== this.last.length;
    const live = new Set<string>();
    for (const e of input.edges) {
      live.add(e.id);
      const selected = input.selected.has(e.id);
      const label = input.ariaLabel(e);
      const prev = this.byId.get(e.id);
      let edge: CanvasEdge;
      if (prev && prev.source === e.source && prev.target === e.target && prev.sourceHandle === e.sourcePort && prev.targetHandle === e.targetPort && prev.selected === selected && prev.ariaLabel === label) {
        edge = prev;
      } else {
        let data = this.data.get(e.id);
        if (!data || data.handle !== e.sourcePort) this.data.set(e.id, (data = { handle: e.sourcePort }));
        edge = { id: e.id, type: 'flow', source: e.source, target: e.target, sourceHandle: e.sourcePort, targetHandle: e.targetPort, selected, ariaLabel: label, data };
        this.byId.set(e.id, edge);
      }
      if (!changed && this.last[next.length] !== edge) changed = true;
      next.push(edge);
    }
    if (this.byId.size > live.size) for (const id of this.byId.keys()) if (!live.has(id)) this.byId.delete(id);
    if (!changed) return this.last;
    this.last = next;
    return next;
  }
}
