import { describe, expect, it } from 'vitest';
import { handlesForPorts, placePorts, portOffsets } from './node-geometry';

describe('port placement', () => {
  it('spreads a row of ports along the edge: one centred, two where the branches sit, more evenly', () => {
    expect(portOffsets(1)).toEqual([50]);
    expect(portOffsets(2)).toEqual([28, 72]);
    expect(portOffsets(4)).toEqual([20, 40, 60, 80]);
    expect(placePorts([{ id: 'a' }, { id: 'b' }]).map((p) => [p.port.id, p.left])).toEqual([
      ['a', 28],
      ['b', 72],
    ]);
  });

  it('estimates one handle per port, inputs on top and outputs at the bottom, shared per layout', () => {
    const ports = { inputs: [{ id: 'in' }, { id: 'tools' }], outputs: [{ id: 'o1' }, { id: 'o2' }, { id: 'o3' }] };
    const handles = handlesForPorts(ports);
    expect(handles.map((h) => `${h.type}:${h.id}`)).toEqual(['source:o1', 'source:o2', 'source:o3', 'target:in', 'target:tools']);
    expect(handles.filter((h) => h.type === 'target').every((h) => h.y < 0)).toBe(true);
    expect(handlesForPorts({ inputs: [{ id: 'in' }, { id: 'tools' }], outputs: [{ id: 'o1' }, { id: 'o2' }, { id: 'o3' }] })).toBe(handles);
  });
});
