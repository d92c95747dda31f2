import { describe, expect, it, vi } from 'vitest';
import { createEditorStore } from '../store';
import { sampleFlow } from '../../model/testing/fixtures';
import { BUILTIN_COMMANDS } from './builtin';
import { CommandRegistry } from './registry';
import type { CommandContext, EditorServices } from './types';

function ctxFor(editFlows: boolean): CommandContext {
  const store = createEditorStore({ flow: sampleFlow(), baseRevision: 'r1', storable: { structures: ['blocks', 'graph'], editFlows } });
  const first = store.getState().flow.root[0]!;
  store.getState().select([first], first);
  const services: EditorServices = {
    readClipboard: async () => '',
    writeClipboard: async () => {},
    notify: vi.fn(),
    modules: () => [],
    language: () => 'en',
    openStepPicker: () => {},
    canvas: { fitView() {}, autoLayout: async () => {}, zoomIn() {}, zoomOut() {} },
  };
  return { store, services };
}

describe('commands on a read-only flow (the backend stores no edits)', () => {
  const registry = new CommandRegistry(BUILTIN_COMMANDS);

  it('edit commands neither run nor are offered; looking, copying and running still are', async () => {
    const ctx = ctxFor(false);
    expect(ctx.store.getState().readOnly).toBe(true);
    for (const id of ['edit.delete', 'edit.duplicate', 'edit.cut', 'edit.paste', 'structure.addStep', 'step.toggleDisabled', 'view.autoLayout']) {
      expect(registry.canRun(id, ctx), id).toBe(false);
      expect(registry.offered(registry.get(id)!, ctx), id).toBe(false);
    }
    const before = ctx.store.getState().flow;
    expect(await registry.execute('edit.delete', ctx)).toBe(false);
    expect(ctx.store.getState().flow).toBe(before);
    // Nothing was refused after the fact: the command simply was not there.
    expect(ctx.services.notify).not.toHaveBeenCalled();
    for (const id of ['edit.copy', 'edit.selectAll', 'view.toggle', 'view.fit', 'app.palette']) {
      expect(registry.offered(registry.get(id)!, ctx), id).toBe(true);
      expect(registry.canRun(id, ctx), id).toBe(true);
    }
  });

  it('on an editable flow the same commands run', async () => {
    const ctx = ctxFor(true);
    expect(ctx.store.getState().readOnly).toBe(false);
    expect(registry.canRun('edit.delete', ctx)).toBe(true);
    expect(await registry.execute('edit.delete', ctx)).toBe(true);
  });
});
