import { describe, expect, it } from 'vitest';
import { emptyFlow, type Flow } from '../../model/flow';
import { withLivePorts } from './live-ports';

const flow = (): Flow => ({
  ...emptyFlow('f', 'F'),
  structure: 'graph',
  steps: { p: { id: 'p', kind: 'action', type: 'Prompt', title: 'P', params: { template: 'Hi {name}' } } },
  root: ['p'],
  edges: [],
});

describe('withLivePorts', () => {
  it("stores the backend's ports for the edited step, and leaves the flow alone when they are the same or unknown", () => {
    const ports = { inputs: [{ id: 'name', types: ['Message'] }], outputs: [{ id: 'prompt' }] };
    const next = withLivePorts(flow(), 'p', { portsForParams: () => ports });
    expect(next.steps.p!.ports).toEqual(ports);
    expect(withLivePorts(next, 'p', { portsForParams: () => ({ ...ports }) })).toBe(next);
    const f = flow();
    expect(withLivePorts(f, 'p', { portsForParams: () => undefined })).toBe(f);
    expect(withLivePorts(f, 'p', {})).toBe(f);
  });
});
