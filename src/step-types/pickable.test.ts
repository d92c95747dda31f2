import { describe, expect, it } from 'vitest';
import type { ModuleDefinition } from '../model/modules';
import { pickableModules } from './pickable';

const mod = (id: string, kind: ModuleDefinition['kind'] = 'action'): ModuleDefinition => ({
  id,
  kind,
  category: 'c',
  name: { text: id },
  inputSchema: { source: 'json-schema', schema: {} },
  outputs: [],
});

describe('pickableModules', () => {
  const list = [mod('start', 'trigger'), mod('log'), mod('if_else'), mod('if_end')];

  it('hides the structural modules the backend declares', () => {
    const ids = pickableModules(list, { structuralModules: ['if_else', 'if_end'] }, { intoSlot: false }).map((m) => m.id);
    expect(ids).toEqual(['start', 'log']);
  });

  it('offers no trigger for a slot after another step, and everything when none are declared', () => {
    expect(pickableModules(list, {}, { intoSlot: true }).map((m) => m.id)).toEqual(['log', 'if_else', 'if_end']);
    expect(pickableModules(list, {}, { intoSlot: false })).toHaveLength(4);
  });
});
