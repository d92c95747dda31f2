import { describe, expect, it } from 'vitest';
import { BUILTIN_MODULES, builtinCategories } from '.';
import type { VflowInput } from './schema';

const REQUIRED_IDS = [
  'core.manual_trigger',
  'core.function',
  'core.http_request',
  'core.delay',
  'core.if',
  'core.loop',
  'core.set_variable',
  'core.json_parse',
  'core.json_stringify',
  'core.text_template',
  'core.log',
  'core.output',
];
const UI_TYPES = ['text_field', 'dropdown', 'number_slider', 'key_value_editor', 'code_editor', 'switch'];

describe('built-in module catalog', () => {
  it('has every required module once, with the right kinds', () => {
    const ids = BUILTIN_MODULES.map((m) => m.id);
    expect(ids.sort()).toEqual([...REQUIRED_IDS].sort());
    const kind = Object.fromEntries(BUILTIN_MODULES.map((m) => [m.id, m.kind]));
    expect(kind['core.manual_trigger']).toBe('trigger');
    expect(kind['core.if']).toBe('if');
    expect(kind['core.loop']).toBe('loop');
    expect(kind['core.function']).toBe('action');
  });

  it('describes inputs in the vFlow format, bilingual, in known categories', () => {
    const categories = new Set(builtinCategories().map((c) => c.id));
    for (const m of BUILTIN_MODULES) {
      expect(categories.has(m.category), m.id).toBe(true);
      expect(m.name.text).toMatch(/[\u4e00-\u9fff]/);
      expect(m.name.en, m.id).toBeTruthy();
      expect(m.inputSchema.source).toBe('vflow-inputs');
      if (m.inputSchema.source !== 'vflow-inputs') continue;
      for (const raw of m.inputSchema.inputs) {
        const i = raw as VflowInput;
        expect(Object.keys(i).sort(), `${m.id}.${i.id}`).toEqual(
          ['id', 'type', 'label', 'labelEn', 'description', 'descriptionEn', 'defaultValue', 'required', 'uiType', ...(i.constraints ? ['constraints'] : [])].sort(),
        );
        expect(UI_TYPES).toContain(i.uiType);
        if (i.uiType === 'dropdown') expect(i.constraints?.options?.length).toBeGreaterThan(0);
      }
      for (const o of m.outputs) expect(o.label.en, `${m.id} output ${o.id}`).toBeTruthy();
    }
  });

  it('orders categories and returns copies', () => {
    const a = builtinCategories();
    expect(a.map((c) => c.order)).toEqual([...a.map((c) => c.order)].sort((x, y) => x - y));
    a[0]!.order = 99;
    expect(builtinCategories()[0]!.order).toBe(0);
  });
});
