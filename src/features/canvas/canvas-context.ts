/**
 * What nodes and edges need from the canvas besides their own store records: the module catalog by id and a
 * few actions. One stable object per mounted canvas, so providing it never re-renders a node.
 */
import { createContext, useContext } from 'react';
import type { Edge, Slot } from '../../model/flow';
import type { ModuleDefinition } from '../../model/modules';

/** Where the step picker inserts: on an edge, at a canvas point, into a slot (an empty loop body), or after the focused step. */
export type InsertTarget =
  | { kind: 'edge'; edge: Edge }
  | { kind: 'point'; position: { x: number; y: number } }
  | { kind: 'slot'; slot: Slot }
  | null;

export interface CanvasActions {
  modules: ReadonlyMap<string, ModuleDefinition>;
  /** The UI language, for titles of untitled steps (lightweight steps have no translation hook of their own). */
  language: 'en' | 'zh';
  /** Select a step and ask the inspector to open it. */
  openStep(id: string): void;
  openPicker(target: InsertTarget): void;
  /** Insert a new step made from a module on an edge (the "+" button or a palette drop). */
  insertOnEdge(edge: Edge, moduleId: string): void;
  edgeById(id: string): Edge | undefined;
  /** The flow cannot be edited (`store.readOnly`): nodes and edges offer no insert buttons. */
  readOnly: boolean;
}

export const CanvasContext = createContext<CanvasActions | null>(null);

export function useCanvasActions(): CanvasActions {
  const value = useContext(CanvasContext);
  if (!value) throw new Error('useCanvasActions must be used inside <CanvasView>');
  return value;
}

/** The drag-and-drop payload type of a module dragged from the palette. */
export const MODULE_MIME = 'application/x-flowbench-module';
