/**
 * The debugger's commands, through the same funnel as every other (shortcuts, palette, shortcuts sheet):
 * F9 breakpoint, F5 continue (or run), F10 step over, F11 step into, Shift+F11 step out, Shift+F5 stop; and
 * the partial runs and pinning of the focused step.
 */
import { debugCapabilitiesOf, type DebugCommandType } from '../../backends/debug';
import type { Command, CommandContext } from '../../editor/commands/types';
import { debuggerOf, pinOutput, toggleBreakpoint, type PendingPartial } from './debugger-store';
import { canSendDebugCommand, sendDebugCommand } from './session';

const focusedStep = (ctx: CommandContext): string | null => {
  const s = ctx.store.getState();
  const id = s.focused ?? s.selection[0] ?? null;
  return id !== null && id in s.flow.steps ? id : null;
};
const caps = (ctx: CommandContext) => debugCapabilitiesOf(ctx.services.capabilities?.());
const paused = (ctx: CommandContext) => canSendDebugCommand(ctx.store);
const runActive = (ctx: CommandContext) => ctx.services.runActive?.() ?? false;

function send(ctx: CommandContext, type: DebugCommandType): void {
  const r = sendDebugCommand(ctx.store, type);
  if (!r.ok && r.reason === 'bad-inputs') ctx.services.notify('debugger:errors.badInputs', 'error', { message: r.message ?? '' });
}

function partial(mode: PendingPartial['mode']): (ctx: CommandContext) => void {
  return (ctx) => {
    const stepId = focusedStep(ctx);
    if (!stepId) return;
    debuggerOf(ctx.store).setState({ pendingPartial: { stepId, mode } });
    ctx.services.run?.();
  };
}

const stepCommand = (id: string, type: DebugCommandType, shortcut: string): Command => ({
  id,
  labelKey: `debugger:commands.${type}`,
  group: 'run',
  shortcuts: [shortcut],
  global: true,
  // Function keys type nothing: they step even from the paused inputs' editor.
  inTextFields: true,
  canRun: paused,
  run: (ctx) => send(ctx, type),
});

export const DEBUGGER_COMMANDS: Command[] = [
  {
    id: 'debug.toggleBreakpoint',
    labelKey: 'debugger:commands.toggleBreakpoint',
    group: 'run',
    shortcuts: ['F9'],
    canRun: (ctx) => focusedStep(ctx) !== null,
    run: (ctx) => {
      const id = focusedStep(ctx);
      if (id) toggleBreakpoint(debuggerOf(ctx.store), id);
    },
  },
  {
    id: 'debug.continue',
    labelKey: 'debugger:commands.continueOrRun',
    group: 'run',
    // F5 continues a paused run, and otherwise starts one: in the editor it never reloads the page.
    shortcuts: ['F5'],
    global: true,
    inTextFields: true,
    canRun: (ctx) => paused(ctx) || (!runActive(ctx) && !!ctx.services.run),
    run: (ctx) => (paused(ctx) ? send(ctx, 'continue') : ctx.services.run?.()),
  },
  stepCommand('debug.stepOver', 'stepOver', 'F10'),
  stepCommand('debug.stepInto', 'stepInto', 'F11'),
  stepCommand('debug.stepOut', 'stepOut', 'Shift+F11'),
  stepCommand('debug.stop', 'stop', 'Shift+F5'),
  {
    id: 'debug.runFromHere',
    labelKey: 'debugger:commands.runFromHere',
    group: 'run',
    canRun: (ctx) => caps(ctx).partialRuns && focusedStep(ctx) !== null && !runActive(ctx) && !!ctx.services.run,
    run: partial('from'),
  },
  {
    id: 'debug.runThisStep',
    labelKey: 'debugger:commands.runThisStep',
    group: 'run',
    canRun: (ctx) => caps(ctx).partialRuns && focusedStep(ctx) !== null && !runActive(ctx) && !!ctx.services.run,
    run: partial('one'),
  },
  {
    id: 'debug.runToHere',
    labelKey: 'debugger:commands.runToHere',
    group: 'run',
    canRun: (ctx) => caps(ctx).breakpoints && focusedStep(ctx) !== null && !runActive(ctx) && !!ctx.services.run,
    run: partial('to'),
  },
  {
    id: 'debug.pinOutput',
    labelKey: 'debugger:commands.pinOutput',
    group: 'run',
    canRun: (ctx) => {
      const id = focusedStep(ctx);
      return id !== null && ctx.store.getState().run?.steps[id]?.lastOutputs !== undefined;
    },
    run: (ctx) => {
      const id = focusedStep(ctx);
      const value = id ? ctx.store.getState().run?.steps[id]?.lastOutputs : undefined;
      if (id && value !== undefined) pinOutput(debuggerOf(ctx.store), id, value, 'run');
    },
  },
];
