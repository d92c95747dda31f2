/**
 * Every user action is a named command. Shortcuts, menus, context menus and the command palette all go
 * through `executeCommand`, so an action behaves the same wherever it is started from.
 */
import type { EditorStore } from '../store';
import type { ModuleDefinition } from '../../model/modules';
import type { Slot } from '../../model/flow';
import type { Capabilities } from '../../backends/types';

/** Things commands need that live outside the store; views register what they provide. */
export interface EditorServices {
  readClipboard(): Promise<string>;
  writeClipboard(text: string): Promise<void>;
  notify(key: string, tone: 'info' | 'warning' | 'error', values?: Record<string, unknown>): void;
  modules(): ModuleDefinition[];
  /** The active backend's capabilities (which structures and branches it stores, structural modules). */
  capabilities?(): Capabilities;
  /** UI language, to title new steps. */
  language(): 'en' | 'zh';
  openPalette?(): void;
  openShortcuts?(): void;
  openStepPicker?(): void;
  /** The example gallery (app-wide). */
  openExamples?(): void;
  save?(): Promise<void>;
  run?(): void;
  cancelRun?(): void;
  /**
   * Whether the run started from this editor is still going. Not `store.run`: that is the run on screen, which
   * may be a replay position or a past run that reads "running" while nothing runs.
   */
  runActive?(): boolean;
  /** Registered by the canvas while it is mounted. */
  canvas?: { fitView(): void; autoLayout(): Promise<void>; zoomIn(): void; zoomOut(): void };
  /** Registered by the step list while it is mounted. */
  list?: {
    focusRow(id: string): void;
    /** Where the list wants the next added step (an empty branch's placeholder), once; null for the default. */
    insertionSlot?(): Slot | null;
  };
}

export interface CommandContext {
  store: EditorStore;
  services: EditorServices;
}

export type CommandGroup = 'edit' | 'structure' | 'view' | 'run' | 'app';

export interface Command {
  id: string;
  /** i18n key in the `commands` namespace. */
  labelKey: string;
  group: CommandGroup;
  /** e.g. `Mod+Z` (Mod = Ctrl, or Cmd on macOS), `Shift+Tab`, `Delete`. The first is shown in menus. */
  shortcuts?: string[];
  /** Shortcuts fire in text fields too (undo in the list, palette). Default: no. */
  inTextFields?: boolean;
  /**
   * Where focus must be for the shortcut to fire: one view region (`list`, `canvas`), or `views` for either
   * view (or nothing focused). Selection commands (copy, delete...) use `views`, so Delete on a button in a
   * panel never deletes steps. Default: anywhere in the editor.
   */
  scope?: 'list' | 'canvas' | 'views';
  /**
   * The shortcut also fires with focus outside the editor (the library sidebar, the top bar): palette and run.
   * Default: only inside the editor.
   */
  global?: boolean;
  /** Shown in the command palette; default true. */
  inPalette?: boolean;
  /**
   * The command changes the document: on a read-only flow (`store.readOnly`) it cannot run and menus and the
   * palette leave it out.
   */
  edits?: boolean;
  canRun?(ctx: CommandContext): boolean;
  run(ctx: CommandContext): void | Promise<void>;
}
