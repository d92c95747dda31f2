/**
 * The editor's commands. Each edit goes through `store.edit(commandId, ...)`, so its history entry is
 * labelled with the command that made it.
 */
import type { Flow, Slot, StepId } from '../../model/flow';
import {
  ClipboardFormatError,
  duplicateSteps,
  indentStep,
  moveStep,
  newStepId,
  outdentStep,
  parseClipboard,
  pasteSteps,
  removeSteps,
  serializeSteps,
  slotOf,
  wrapInBlock,
} from '../../model';
import type { Command, CommandContext } from './types';
import { createStepFromModule } from './step-factory';
import { errorText } from '../../shell/error-text';

const state = (ctx: CommandContext) => ctx.store.getState();
/** The live run, not the one on screen (a replay position reads "running" while nothing runs). */
const runActive = (ctx: CommandContext) => ctx.services.runActive?.() ?? state(ctx).run?.status === 'running';
const hasSelection = (ctx: CommandContext) => state(ctx).selection.length > 0;
const hasFocus = (ctx: CommandContext) => state(ctx).focused !== null;
const isBlocks = (ctx: CommandContext) => state(ctx).flow.structure === 'blocks';

/**
 * Whether a structure op would change the focused step. Tab indents only when it can; otherwise the key
 * falls through to the browser and moves focus on, so the list is never a keyboard trap.
 */
function wouldSucceed(ctx: CommandContext, op: (f: Flow, id: StepId) => Flow): boolean {
  const { flow, focused } = state(ctx);
  if (!focused || flow.structure !== 'blocks') return false;
  try {
    return op(flow, focused) !== flow;
  } catch {
    return false;
  }
}

/** Where pasted or added steps go: right after the focused step, or at the end of the flow. */
export function insertionSlot(flow: Flow, focused: StepId | null): Slot {
  const slot = focused ? slotOf(flow, focused) : null;
  if (slot) return { ...slot, index: slot.index + 1 };
  return { parent: null, branch: null, index: flow.root.length };
}

/** Selected ids in document order with nested ones dropped when their block is selected too. */
function topLevelSelection(flow: Flow, ids: StepId[]): StepId[] {
  const selected = new Set(ids);
  const out: StepId[] = [];
  const walk = (list: StepId[]) => {
    for (const id of list) {
      if (selected.has(id)) {
        out.push(id);
        continue;
      }
      const step = flow.steps[id];
      for (const branch of Object.values(step?.branches ?? {})) walk(branch ?? []);
    }
  };
  walk(flow.root);
  return out;
}

async function copySelection(ctx: CommandContext): Promise<void> {
  const { flow, selection } = state(ctx);
  await ctx.services.writeClipboard(serializeSteps(flow, topLevelSelection(flow, selection)));
  ctx.services.notify('notices.copied', 'info', { count: selection.length });
}

function deleteSelection(ctx: CommandContext, label: string): void {
  const { selection } = state(ctx);
  state(ctx).edit(label, (f) => removeSteps(f, selection), { select: [] });
}

function moveBy(ctx: CommandContext, delta: -1 | 1): void {
  const { flow, focused } = state(ctx);
  if (!focused) return;
  const slot = slotOf(flow, focused);
  if (!slot) return;
  const siblings = (slot.parent ? flow.steps[slot.parent]?.branches?.[slot.branch ?? 'then'] : flow.root) ?? [];
  if (slot.index + delta < 0 || slot.index + delta >= siblings.length) return;
  // moveStep's index is the gap in the list before the move: above the previous step, or below the next.
  const target = delta < 0 ? slot.index - 1 : slot.index + 2;
  state(ctx).edit(delta < 0 ? 'structure.moveUp' : 'structure.moveDown', (f) => moveStep(f, focused, { ...slot, index: target }), {
    select: [focused],
  });
}

function wrap(ctx: CommandContext, moduleKind: 'if' | 'loop', label: string): void {
  const { flow, selection } = state(ctx);
  const module = ctx.services.modules().find((m) => m.kind === moduleKind);
  if (!module) {
    ctx.services.notify('errors.noBlockModule', 'error', { kind: moduleKind });
    return;
  }
  const block = createStepFromModule(module, newStepId(), ctx.services.language());
  state(ctx).edit(label, (f) => wrapInBlock(f, topLevelSelection(flow, selection), block), { select: [block.id] });
}

export const BUILTIN_COMMANDS: Command[] = [
  {
    id: 'edit.undo',
    edits: true,
    labelKey: 'edit.undo',
    group: 'edit',
    shortcuts: ['Mod+Z'],
    canRun: (ctx) => state(ctx).history.past.length > 0,
    run: (ctx) => void state(ctx).undo(),
  },
  {
    id: 'edit.redo',
    edits: true,
    labelKey: 'edit.redo',
    group: 'edit',
    shortcuts: ['Mod+Shift+Z', 'Mod+Y'],
    canRun: (ctx) => state(ctx).history.future.length > 0,
    run: (ctx) => void state(ctx).redo(),
  },
  { id: 'edit.copy', labelKey: 'edit.copy', group: 'edit', scope: 'views', shortcuts: ['Mod+C'], canRun: hasSelection, run: copySelection },
  {
    id: 'edit.cut',
    edits: true,
    labelKey: 'edit.cut',
    group: 'edit',
    scope: 'views',
    shortcuts: ['Mod+X'],
    canRun: hasSelection,
    run: async (ctx) => {
      await copySelection(ctx);
      deleteSelection(ctx, 'edit.cut');
    },
  },
  {
    id: 'edit.paste',
    edits: true,
    labelKey: 'edit.paste',
    group: 'edit',
    scope: 'views',
    shortcuts: ['Mod+V'],
    run: async (ctx) => {
      const text = await ctx.services.readClipboard();
      let payload;
      try {
        payload = parseClipboard(text);
      } catch (e) {
        if (e instanceof ClipboardFormatError) ctx.services.notify(`errors.paste.${e.reason}`, 'error', { detail: e.detail });
        else ctx.services.notify('errors.pasteInvalid', 'error', { message: errorText(e) });
        return;
      }
      const { flow, focused } = state(ctx);
      const slot = insertionSlot(flow, focused);
      let pasted: StepId[] = [];
      state(ctx).edit(
        'edit.paste',
        (f) => {
          const r = pasteSteps(f, payload, slot);
          pasted = r.pastedIds;
          return r.flow;
        },
      );
      state(ctx).select(pasted);
      ctx.services.notify('notices.pasted', 'info', { count: pasted.length });
    },
  },
  {
    id: 'edit.delete',
    edits: true,
    labelKey: 'edit.delete',
    group: 'edit',
    scope: 'views',
    shortcuts: ['Delete', 'Backspace'],
    canRun: hasSelection,
    run: (ctx) => deleteSelection(ctx, 'edit.delete'),
  },
  {
    id: 'edit.duplicate',
    edits: true,
    labelKey: 'edit.duplicate',
    group: 'edit',
    scope: 'views',
    shortcuts: ['Mod+D'],
    canRun: hasSelection,
    run: (ctx) => {
      const { flow, selection } = state(ctx);
      let copies: StepId[] = [];
      state(ctx).edit('edit.duplicate', (f) => {
        const r = duplicateSteps(f, topLevelSelection(flow, selection));
        copies = topLevelSelection(flow, selection).map((id) => r.idMap[id] ?? id);
        return r.flow;
      });
      state(ctx).select(copies);
    },
  },
  {
    id: 'edit.selectAll',
    labelKey: 'edit.selectAll',
    group: 'edit',
    scope: 'views',
    shortcuts: ['Mod+A'],
    run: (ctx) => state(ctx).select(Object.keys(state(ctx).flow.steps)),
  },
  {
    id: 'structure.addStep',
    edits: true,
    labelKey: 'structure.addStep',
    group: 'structure',
    shortcuts: ['Alt+N'],
    inTextFields: true,
    canRun: (ctx) => !!ctx.services.openStepPicker,
    run: (ctx) => ctx.services.openStepPicker?.(),
  },
  {
    id: 'structure.indent',
    edits: true,
    labelKey: 'structure.indent',
    group: 'structure',
    shortcuts: ['Tab'],
    scope: 'list',
    canRun: (ctx) => wouldSucceed(ctx, indentStep),
    run: (ctx) => {
      const id = state(ctx).focused as StepId;
      state(ctx).edit('structure.indent', (f) => indentStep(f, id));
    },
  },
  {
    id: 'structure.outdent',
    edits: true,
    labelKey: 'structure.outdent',
    group: 'structure',
    shortcuts: ['Shift+Tab'],
    scope: 'list',
    canRun: (ctx) => wouldSucceed(ctx, outdentStep),
    run: (ctx) => {
      const id = state(ctx).focused as StepId;
      state(ctx).edit('structure.outdent', (f) => outdentStep(f, id));
    },
  },
  {
    id: 'structure.moveUp',
    edits: true,
    labelKey: 'structure.moveUp',
    group: 'structure',
    scope: 'views',
    shortcuts: ['Alt+ArrowUp'],
    canRun: (ctx) => hasFocus(ctx) && isBlocks(ctx),
    run: (ctx) => moveBy(ctx, -1),
  },
  {
    id: 'structure.moveDown',
    edits: true,
    labelKey: 'structure.moveDown',
    group: 'structure',
    scope: 'views',
    shortcuts: ['Alt+ArrowDown'],
    canRun: (ctx) => hasFocus(ctx) && isBlocks(ctx),
    run: (ctx) => moveBy(ctx, 1),
  },
  {
    id: 'structure.wrapInIf',
    edits: true,
    labelKey: 'structure.wrapInIf',
    group: 'structure',
    scope: 'views',
    shortcuts: ['Alt+I'],
    canRun: (ctx) => hasSelection(ctx) && isBlocks(ctx),
    run: (ctx) => wrap(ctx, 'if', 'structure.wrapInIf'),
  },
  {
    id: 'structure.wrapInLoop',
    edits: true,
    labelKey: 'structure.wrapInLoop',
    group: 'structure',
    scope: 'views',
    shortcuts: ['Alt+L'],
    canRun: (ctx) => hasSelection(ctx) && isBlocks(ctx),
    run: (ctx) => wrap(ctx, 'loop', 'structure.wrapInLoop'),
  },
  {
    id: 'step.toggleDisabled',
    edits: true,
    labelKey: 'step.toggleDisabled',
    group: 'structure',
    scope: 'views',
    shortcuts: ['Alt+D'],
    canRun: hasSelection,
    run: (ctx) => {
      const { selection } = state(ctx);
      state(ctx).edit('step.toggleDisabled', (f) => {
        const steps = { ...f.steps };
        for (const id of selection) {
          const s = steps[id];
          if (s) steps[id] = { ...s, disabled: !s.disabled };
        }
        return { ...f, steps };
      });
    },
  },
  {
    id: 'view.toggle',
    labelKey: 'view.toggle',
    group: 'view',
    shortcuts: ['Alt+V'],
    inTextFields: true,
    run: (ctx) => state(ctx).setView(state(ctx).view === 'canvas' ? 'list' : 'canvas'),
  },
  {
    id: 'view.canvas',
    labelKey: 'view.canvas',
    group: 'view',
    shortcuts: ['Alt+1'],
    inTextFields: true,
    run: (ctx) => state(ctx).setView('canvas'),
  },
  {
    id: 'view.list',
    labelKey: 'view.list',
    group: 'view',
    shortcuts: ['Alt+2'],
    inTextFields: true,
    run: (ctx) => state(ctx).setView('list'),
  },
  {
    id: 'view.fit',
    labelKey: 'view.fit',
    group: 'view',
    shortcuts: ['Shift+!', 'Shift+1'],
    canRun: (ctx) => !!ctx.services.canvas,
    run: (ctx) => ctx.services.canvas?.fitView(),
  },
  {
    id: 'view.autoLayout',
    edits: true,
    labelKey: 'view.autoLayout',
    group: 'view',
    shortcuts: ['Alt+Shift+F'],
    canRun: (ctx) => !!ctx.services.canvas,
    run: async (ctx) => ctx.services.canvas?.autoLayout(),
  },
  {
    id: 'app.palette',
    labelKey: 'app.palette',
    group: 'app',
    shortcuts: ['Mod+K'],
    inTextFields: true,
    global: true,
    inPalette: false,
    run: (ctx) => ctx.services.openPalette?.(),
  },
  {
    id: 'app.examples',
    labelKey: 'app.examples',
    group: 'app',
    canRun: (ctx) => !!ctx.services.openExamples,
    run: (ctx) => ctx.services.openExamples?.(),
  },
  {
    id: 'app.shortcuts',
    labelKey: 'app.shortcuts',
    group: 'app',
    shortcuts: ['Shift+?'],
    run: (ctx) => ctx.services.openShortcuts?.(),
  },
  {
    id: 'app.save',
    labelKey: 'app.save',
    group: 'app',
    shortcuts: ['Mod+S'],
    inTextFields: true,
    canRun: (ctx) => !!ctx.services.save,
    run: async (ctx) => ctx.services.save?.(),
  },
  {
    id: 'run.start',
    labelKey: 'run.start',
    group: 'run',
    shortcuts: ['Mod+Enter'],
    inTextFields: true,
    global: true,
    canRun: (ctx) => !!ctx.services.run && !runActive(ctx),
    run: (ctx) => ctx.services.run?.(),
  },
  {
    id: 'run.cancel',
    labelKey: 'run.cancel',
    group: 'run',
    shortcuts: ['Mod+.'],
    inTextFields: true,
    canRun: (ctx) => !!ctx.services.cancelRun && runActive(ctx),
    run: (ctx) => ctx.services.cancelRun?.(),
  },
];
