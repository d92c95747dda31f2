import { describe, expect, it } from 'vitest';
import { BUILTIN_COMMANDS } from '../../editor/commands/builtin';
import { CommandRegistry } from '../../editor/commands/registry';
import type { CommandContext, EditorServices } from '../../editor/commands/types';
import { createEditorStore } from '../../editor/store';
import { blockFlow, s } from '../../backends/local/engine/test-flows';
import { runViewOf } from '../runs/run-view';
import { runStateFrom } from '../../backends/run-state';
import { DEBUGGER_COMMANDS } from './commands';
import { debuggerOf } from './debugger-store';

const key = (k: string, shift = false) => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: shift, altKey: false });

function setup() {
  const registry = new CommandRegistry([...BUILTIN_COMMANDS, ...DEBUGGER_COMMANDS]);
  const store = createEditorStore({ flow: blockFlow([s('a', 'core.log', { message: 'x' })]), baseRevision: null });
  let runs = 0;
  const services = { run: () => void runs++, runActive: () => false, capabilities: () => ({ debug: { breakpoints: true, pins: true, partialRuns: true } }) } as unknown as EditorServices;
  const ctx: CommandContext = { store, services };
  return { registry, store, ctx, runs: () => runs };
}

describe('debugger commands', () => {
  it('F9, F5, F10, F11, Shift+F11 and Shift+F5 are the debugger’s, and they never collide with another command', () => {
    const { registry } = setup();
    const where = { inTextField: false, region: 'list' as const };
    expect(registry.commandForKey(key('F9'), where)?.id).toBe('debug.toggleBreakpoint');
    expect(registry.commandForKey(key('F5'), where)?.id).toBe('debug.continue');
    expect(registry.commandForKey(key('F10'), where)?.id).toBe('debug.stepOver');
    expect(registry.commandForKey(key('F11'), where)?.id).toBe('debug.stepInto');
    expect(registry.commandForKey(key('F11', true), where)?.id).toBe('debug.stepOut');
    expect(registry.commandForKey(key('F5', true), where)?.id).toBe('debug.stop');
    // Stepping works from the paused inputs' text field too.
    expect(registry.commandForKey(key('F10'), { inTextField: true, region: null })?.id).toBe('debug.stepOver');
  });

  it('F9 toggles the focused step’s breakpoint; F5 runs when nothing is paused; steps only while paused', async () => {
    const { registry, store, ctx, runs } = setup();
    expect(registry.canRun('debug.toggleBreakpoint', ctx)).toBe(false);
    store.getState().select(['a'], 'a');
    await registry.execute('debug.toggleBreakpoint', ctx);
    expect(debuggerOf(store).getState().breakpoints).toEqual({ a: {} });
    expect(registry.canRun('debug.stepOver', ctx)).toBe(false);
    await registry.execute('debug.continue', ctx);
    expect(runs()).toBe(1);

    const sent: string[] = [];
    debuggerOf(store).setState({ session: { runId: 'r', send: (c) => sent.push(c.type) } });
    runViewOf(store).setState({
      live: runStateFrom([
        { runId: 'r', seq: 0, at: 0, type: 'run-started', flowId: 'f', inputs: {}, trigger: 'manual' },
        { runId: 'r', seq: 1, at: 0, type: 'step-paused', stepId: 'a', iteration: [], inputs: {}, reason: 'breakpoint' },
      ]),
    });
    expect(registry.canRun('debug.stepOver', ctx)).toBe(true);
    await registry.execute('debug.stepOver', ctx);
    await registry.execute('debug.continue', ctx);
    expect(sent).toEqual(['stepOver', 'continue']);
    expect(runs()).toBe(1);
  });

  it('run from here sets a pending partial run for the focused step and starts a run', async () => {
    const { registry, store, ctx, runs } = setup();
    store.getState().select(['a'], 'a');
    await registry.execute('debug.runFromHere', ctx);
    expect(debuggerOf(store).getState().pendingPartial).toEqual({ stepId: 'a', mode: 'from' });
    expect(runs()).toBe(1);
  });
});
