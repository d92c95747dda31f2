import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLIPBOARD_REFUSALS, ClipboardFormatError, parseClipboard, pasteSteps, serializeSteps } from './clipboard';
import enEditor from '../i18n/locales/en/editor.json';
import zhEditor from '../i18n/locales/zh/editor.json';
import { toGraphFlow } from './graph';
import { blockFlowArb } from './testing/arbitraries';
import { sampleFlow } from './testing/fixtures';
import { structuralIssues } from './validate-structure';

const top = (index: number) => ({ parent: null, branch: null, index });

describe('clipboard', () => {
  it('serialises blocks with content and pastes fresh copies with references remapped', () => {
    const flow = sampleFlow();
    flow.steps.b = { ...(flow.steps.b as NonNullable<typeof flow.steps.b>), params: { x: '{{steps.l.i}} {{steps.t.y}}' } };
    const text = serializeSteps(flow, ['l']);
    const payload = parseClipboard(text);
    expect(payload).toMatchObject({ format: 'flowbench/steps', version: 2, dialect: 'local', root: ['l'] });
    expect(Object.keys(payload.steps).sort()).toEqual(['b', 'l']);
    const { flow: next, pastedIds } = pasteSteps(flow, payload, top(3));
    expect(pastedIds).toHaveLength(2);
    const [newL, newB] = pastedIds as [string, string];
    expect(next.root).toEqual(['t', 'c', 'e', newL]);
    expect(next.steps[newL]?.branches?.body).toEqual([newB]);
    expect(next.steps[newB]?.params.x).toBe(`{{steps.${newL}.i}} {{steps.t.y}}`);
  });

  it('pastes graph selections into graphs with their edges, and into block flows as blocks', () => {
    const graph = toGraphFlow(sampleFlow());
    const payload = parseClipboard(serializeSteps(graph, ['l', 'b']));
    expect(payload.edges?.map((e) => e.id)).toEqual(['l:body->b']);
    const intoGraph = pasteSteps(graph, payload, top(0));
    expect(intoGraph.flow.edges).toHaveLength(graph.edges.length + 1);
    const intoBlocks = pasteSteps(sampleFlow(), payload, top(0));
    const [newL, newB] = intoBlocks.pastedIds as [string, string];
    expect(intoBlocks.flow.steps[newL]?.branches?.body).toEqual([newB]);
    expect(structuralIssues(intoBlocks.flow)).toEqual([]);
  });

  it('refuses anything else with a readable message', () => {
    expect(() => parseClipboard('hello')).toThrow(/not JSON/);
    expect(() => parseClipboard('{"a":1}')).toThrow(/does not hold Flowbench steps/);
    expect(() => parseClipboard('{"format":"flowbench/steps","version":3}')).toThrow(/newer Flowbench/);
    const bad = JSON.parse(serializeSteps(sampleFlow(), ['a']));
    bad.steps.a.params = 3;
    expect(() => parseClipboard(JSON.stringify(bad))).toThrow(ClipboardFormatError);
    bad.steps.a.params = {};
    bad.root.push('ghost');
    expect(() => parseClipboard(JSON.stringify(bad))).toThrow(/step "ghost" does not exist/);
  });

  it('names each refusal by a reason the UI translates, in English and Chinese, with the technical detail apart', () => {
    const refusal = (text: string) => {
      try {
        parseClipboard(text);
      } catch (e) {
        return e instanceof ClipboardFormatError ? { reason: e.reason, detail: e.detail } : e;
      }
      throw new Error('expected a refusal');
    };
    expect(refusal('hello')).toEqual({ reason: 'notSteps', detail: '' });
    expect(refusal('{"a":1}')).toEqual({ reason: 'notSteps', detail: '' });
    expect(refusal('{"format":"flowbench/steps","version":3}')).toEqual({ reason: 'newer', detail: '' });
    expect(refusal('{"format":"flowbench/steps","version":2,"steps":{"__proto__":{}},"root":[]}')).toMatchObject({ reason: 'refused', detail: expect.stringContaining('__proto__') });
    const bad = JSON.parse(serializeSteps(sampleFlow(), ['a']));
    bad.root.push('ghost');
    expect(refusal(JSON.stringify(bad))).toMatchObject({ reason: 'damaged', detail: expect.stringContaining('ghost') });
    for (const reason of CLIPBOARD_REFUSALS) {
      expect(enEditor.errors.paste[reason], `en ${reason}`).toEqual(expect.any(String));
      expect(zhEditor.errors.paste[reason], `zh ${reason}`).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('copy then paste keeps random flows well-formed', () => {
    fc.assert(
      fc.property(blockFlowArb({ withRefs: true }), fc.nat(), fc.nat(), (flow, a, b) => {
        const ids = Object.keys(flow.steps);
        if (ids.length === 0) return;
        const payload = parseClipboard(serializeSteps(flow, [ids[a % ids.length] as string]));
        const { flow: next } = pasteSteps(flow, payload, top(b % (flow.root.length + 1)));
        expect(structuralIssues(next)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
