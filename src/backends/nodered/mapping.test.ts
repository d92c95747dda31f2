import { describe, expect, it } from 'vitest';
import realistic from './fixtures/realistic-flows.json';
import {
  containersOf,
  flowFromContainer,
  nodeFromStep,
  objectsOfFlow,
  replaceFlowObjects,
} from './mapping';
import type { NodeObject } from './schemas';

const all = realistic as NodeObject[];

describe('Node-RED mapping', () => {
  it('maps every tab and subflow and writes the whole configuration back byte-identical', () => {
    const containers = containersOf(all);
    expect(containers.map((c) => c.id)).toEqual(['a1b2c3d4e5f60001', 'a1b2c3d4e5f60002', '5f00aa0000000001']);
    let config = structuredClone(all);
    for (const c of containers) {
      const flow = flowFromContainer(config, c.id)!;
      config = replaceFlowObjects(config, c.id, objectsOfFlow(flow));
    }
    expect(JSON.stringify(config)).toBe(JSON.stringify(all));
  });

  it('turns nodes into steps with ports and wires into edges from port i', () => {
    const flow = flowFromContainer(all, 'a1b2c3d4e5f60001')!;
    expect(flow.structure).toBe('graph');
    expect(flow.name).toBe('Orders');
    const sw = flow.steps['b100000000000004']!;
    expect(sw).toMatchObject({ type: 'switch', title: 'by total', position: { x: 140, y: 260 } });
    expect(sw.ports!.outputs.map((p) => p.id)).toEqual(['0', '1', '2']);
    const edges = flow.edges;
    expect(edges.filter((e) => e.source === sw.id).map((e) => [e.sourcePort, e.target])).toEqual([
      ['0', 'b100000000000005'],
      ['1', 'b100000000000006'],
      ['2', 'b100000000000007'],
    ]);
    // Disabled node, group member, junction, config-node references, credentials-free http request.
    expect(flow.steps['b100000000000009']!.disabled).toBe(true);
    expect(flow.steps['b100000000000001']!.extensions?.nodered).toMatchObject({ g: '9a00000000000001' });
    expect(flow.steps['j100000000000001']!.type).toBe('junction');
    expect(flow.steps['b100000000000009']!.params.tls).toBe('c0ffee0000000001');
    // The group rides along; global config nodes are no part of any tab.
    const ext = flow.extensions!.nodered as { others: NodeObject[] };
    expect(ext.others.map((o) => o.type)).toEqual(['group']);
    expect(Object.keys(flow.steps)).not.toContain('c0ffee0000000001');
  });

  it('shows a subflow as its own flow and its instances as steps', () => {
    const sub = flowFromContainer(all, '5f00aa0000000001')!;
    expect(sub.tags).toEqual(['subflow']);
    expect(sub.name).toBe('Normalise');
    expect(Object.keys(sub.steps)).toEqual(['5f00aa0000000002']);
    const orders = flowFromContainer(all, 'a1b2c3d4e5f60001')!;
    expect(orders.steps['b100000000000003']!.type).toBe('subflow:5f00aa0000000001');
  });

  it('edits one tab and leaves every other object untouched', () => {
    const flow = flowFromContainer(all, 'a1b2c3d4e5f60002')!;
    const fn = flow.steps['b200000000000007']!;
    flow.steps[fn.id] = { ...fn, title: 'cleanup v2', params: { ...fn.params, func: 'return msg;' }, position: { x: 1, y: 2 } };
    const edges = flow.edges;
    flow.edges = edges.filter((e) => !(e.source === fn.id && e.sourcePort === '0'));
    const next = replaceFlowObjects(all, flow.id, objectsOfFlow(flow));
    const changed = next.filter((o, i) => JSON.stringify(o) !== JSON.stringify(all[i]));
    expect(changed.map((o) => o.id)).toEqual(['b200000000000007']);
    expect(changed[0]).toEqual({ ...all.find((o) => o.id === fn.id), name: 'cleanup v2', func: 'return msg;', x: 1, y: 2, wires: [[], []] });
  });

  it('writes a new node the way the Node-RED editor orders its keys', () => {
    const node = nodeFromStep(
      { id: 'n1', kind: 'action', type: 'debug', title: 'out', params: { active: true }, position: { x: 10, y: 20 }, disabled: true },
      'tab1',
      [{ id: 'e', source: 'n1', sourcePort: '0', target: 'n2', targetPort: 'in' }],
    );
    expect(JSON.stringify(node)).toBe('{"id":"n1","type":"debug","z":"tab1","d":true,"name":"out","active":true,"x":10,"y":20,"wires":[["n2"]]}');
  });

  it('adds new nodes after the tab and keeps the rest in place', () => {
    const flow = flowFromContainer(all, 'a1b2c3d4e5f60002')!;
    flow.steps.fresh = { id: 'fresh', kind: 'action', type: 'debug', title: '', params: {}, position: { x: 5, y: 5 } };
    flow.root = [...flow.root, 'fresh'];
    const next = replaceFlowObjects(all, flow.id, objectsOfFlow(flow));
    const at = next.findIndex((o) => o.id === 'fresh');
    expect(next[at - 1]!.id).toBe('b200000000000010');
    expect(next.filter((o) => o.id !== 'fresh')).toEqual(all);
  });

  it('gives a switch one output per rule: a removed rule drops its output and its wires', () => {
    const flow = flowFromContainer(all, 'a1b2c3d4e5f60001')!;
    const sw = flow.steps['b100000000000004']!;
    const rules = sw.params.rules as unknown[];
    flow.steps[sw.id] = { ...sw, params: { ...sw.params, rules: rules.slice(0, 2) } };
    const node = objectsOfFlow(flow).find((o) => o.id === sw.id)!;
    expect(node.outputs).toBe(2);
    expect(node.wires).toEqual([['b100000000000005'], ['b100000000000006']]);
    flow.steps[sw.id] = { ...sw, params: { ...sw.params, rules: [...rules, { t: 'null' }] } };
    const grown = objectsOfFlow(flow).find((o) => o.id === sw.id)!;
    expect(grown.outputs).toBe(4);
    expect(grown.wires).toEqual([['b100000000000005'], ['b100000000000006'], ['b100000000000007'], []]);
  });
});
